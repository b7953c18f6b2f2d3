import Synchronization
import TallyAggregator
import TallyModel

/// Collects per-file outcomes as workers finish them, in any order, and folds them
/// into one in input-file order, so sums are added in the same order on every run
/// and for every number of jobs. Only outcomes that finish ahead of an earlier
/// file wait in memory.
final class OrderedMerge: Sendable {
    struct Merged: Sendable {
        var state: AggregateState
        var files: [FileSummary] = []
        var rejects: [Reject] = []
    }

    private struct Progress {
        var merged: Merged
        var waiting: [Int: FileOutcome] = [:]
        var next = 0
        var errors: [Int: TallyError] = [:]
    }

    private let progress: Mutex<Progress>

    init(empty: AggregateState) {
        progress = Mutex(Progress(merged: Merged(state: empty)))
    }

    /// Whether any file has failed (workers then stop early).
    var hasFailed: Bool {
        progress.withLock { !$0.errors.isEmpty }
    }

    /// Hands in a file's outcome; merges it and every outcome it was holding up.
    func deliver(_ outcome: FileOutcome, index: Int) {
        progress.withLock { progress in
            progress.waiting[index] = outcome
            while let ready = progress.waiting.removeValue(forKey: progress.next) {
                progress.merged.state.merge(ready.state)
                progress.merged.rejects += ready.rejects
                progress.merged.files.append(ready.summary)
                progress.next += 1
            }
        }
    }

    /// Records a file's failure.
    func fail(_ error: TallyError, index: Int) {
        progress.withLock { $0.errors[index] = error }
    }

    /// The merged result, or the error of the first failed file in input order.
    func result() throws -> Merged {
        try progress.withLock { progress in
            if let first = progress.errors.keys.min(), let error = progress.errors[first] { throw error }
            return progress.merged
        }
    }
}
