import Synchronization
import TallyAggregator
import TallyCleaner
import TallyModel
import TallySpill
import TallyWriter

/// Collects per-file outcomes as workers finish them, in any order, and folds them
/// into one in input-file order, so sums are added in the same order on every run
/// and for every number of jobs. Only outcomes that finish ahead of an earlier
/// file wait in memory.
package final class OrderedMerge: Sendable {
    package struct Merged: Sendable {
        var state: AggregateState
        var files: [FileSummary] = []
        /// Per file, in order: its rejects.
        var rejects: [RejectLog] = []
        /// Files that repeat an earlier file's respondents (read again with those rejected).
        package var reprocessed: [String] = []
        /// Per file, in order: the ids kept (empty unless duplicates are rejected).
        var ids: [IDRuns] = []
        /// Per file, in order: the rows deferred for the speeder rule (empty without deferral).
        package var deferred: [DeferredRows] = []
        /// Seconds spent in each stage, summed over the files merged.
        var stages = RunMetrics.Stages()
    }

    /// Takes a file's outcome, in file order, instead of adding it up.
    package typealias Keep = @Sendable (_ index: Int, _ outcome: FileOutcome) throws -> Void

    private struct Progress {
        var merged: Merged
        var waiting: [Int: FileOutcome] = [:]
        var next = 0
        var errors: [Int: TallyError] = [:]
    }

    private let progress: Mutex<Progress>
    private let keep: Keep?

    /// - Parameter keep: takes each file's outcome apart instead of adding it up
    ///   (for a partial result, whose files a later merge adds in global order);
    ///   then the merged state, files and rejects stay empty.
    package init(empty: AggregateState, keep: Keep? = nil) {
        progress = Mutex(Progress(merged: Merged(state: empty)))
        self.keep = keep
    }

    /// Whether any file has failed (workers then stop early).
    package var hasFailed: Bool {
        progress.withLock { !$0.errors.isEmpty }
    }

    /// Hands in a file's outcome; merges it and every outcome it was holding up.
    package func deliver(_ outcome: FileOutcome, index: Int) {
        progress.withLock { progress in
            progress.waiting[index] = outcome
            while let ready = progress.waiting.removeValue(forKey: progress.next) {
                if let keep {
                    do {
                        try keep(progress.next, ready)
                    } catch let error as TallyError {
                        progress.errors[progress.next] = error
                        return
                    } catch {
                        progress.errors[progress.next] = .badData(DataLocation(file: ready.summary.file), "\(error)")
                        return
                    }
                } else {
                    progress.merged.add(ready)
                }
                progress.next += 1
            }
        }
    }

    /// Records a file's failure.
    package func fail(_ error: TallyError, index: Int) {
        progress.withLock { $0.errors[index] = error }
    }

    /// The merged result, or the error of the first failed file in input order.
    package func result() throws -> Merged {
        try progress.withLock { progress in
            if let first = progress.errors.keys.min(), let error = progress.errors[first] { throw error }
            return progress.merged
        }
    }
}

extension OrderedMerge.Merged {
    /// Adds the next file's outcome.
    fileprivate mutating func add(_ outcome: FileOutcome) {
        if let fileIDs = outcome.ids { ids.append(fileIDs) }
        if let rows = outcome.deferred { deferred.append(rows) }
        state.merge(outcome.state)
        rejects.append(outcome.rejects)
        files.append(outcome.summary)
        stages += outcome.stages
    }
}
