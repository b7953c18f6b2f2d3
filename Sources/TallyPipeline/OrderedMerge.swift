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
///
/// When duplicates are checked, a file is compared with the ids of every file
/// before it as it is folded in; a file holding an earlier file's respondent is
/// processed again with those ids rejected, so the first in file order is kept
/// whatever order the workers finished in. An outcome that was already read with
/// exactly those ids rejected (a partial result's file) is used as it is.
package final class OrderedMerge: Sendable {
    package struct Merged: Sendable {
        var state: AggregateState
        var files: [FileSummary] = []
        /// Per file, in order: its rejects.
        var rejects: [RejectLog] = []
        /// Files processed again because they repeated an earlier file's respondents.
        var reprocessed: [String] = []
        /// Per file, in order: the ids kept (when not checked as files are folded in).
        var ids: [FileIDs] = []
        /// Per file, in order: the rows deferred for the speeder rule (empty without deferral).
        var deferred: [DeferredRows] = []
        /// Seconds spent in each stage, summed over the files merged.
        var stages = RunMetrics.Stages()
    }

    /// Processes a file again with the given earlier ids rejected.
    package typealias Reprocess = @Sendable (_ index: Int, _ earlierIDs: Set<UInt64>) throws -> FileOutcome
    /// Takes a file's final outcome, in file order, instead of adding it up.
    package typealias Keep = @Sendable (_ index: Int, _ outcome: FileOutcome) throws -> Void

    private struct Progress {
        var merged: Merged
        var waiting: [Int: FileOutcome] = [:]
        var next = 0
        var errors: [Int: TallyError] = [:]
        /// Sorted ids of the files folded in so far.
        var ids: [UInt64] = []
    }

    private let progress: Mutex<Progress>
    private let reprocess: Reprocess
    private let keep: Keep?
    private let checksIDs: Bool

    /// - Parameter keep: takes each file's outcome apart instead of adding it up
    ///   (for a partial result, whose files a later merge adds in global order);
    ///   then the merged state, files and rejects stay empty.
    /// - Parameter checksIDs: whether files are compared with earlier ones as they are
    ///   folded in; when false, their ids are kept in `Merged.ids` for
    ///   `CrossFileRepeats` once every file is read.
    package init(empty: AggregateState, keep: Keep? = nil, checksIDs: Bool = true, reprocess: @escaping Reprocess) {
        progress = Mutex(Progress(merged: Merged(state: empty)))
        self.keep = keep
        self.checksIDs = checksIDs
        self.reprocess = reprocess
    }

    /// Whether any file has failed (workers then stop early).
    package var hasFailed: Bool {
        progress.withLock { !$0.errors.isEmpty }
    }

    /// Hands in a file's outcome; merges it and every outcome it was holding up.
    package func deliver(_ outcome: FileOutcome, index: Int) {
        progress.withLock { progress in
            progress.waiting[index] = outcome
            while var ready = progress.waiting.removeValue(forKey: progress.next) {
                do {
                    if checksIDs {
                        // The file's own ids are those it kept and those it was already read with rejected.
                        let kept = try ready.ids.sorted()
                        let own = ready.earlierIDs.isEmpty ? kept : RespondentIDs.union(kept, ready.earlierIDs)
                        let repeated = RespondentIDs.intersection(own, progress.ids)
                        if !repeated.isEmpty { progress.merged.reprocessed.append(ready.summary.file) }
                        if repeated != ready.earlierIDs {
                            ready = try reprocess(progress.next, Set(repeated))
                            ready.earlierIDs = repeated
                        }
                        progress.ids = RespondentIDs.union(progress.ids, try ready.ids.sorted())
                    }
                    if let keep { try keep(progress.next, ready) }
                } catch let error as TallyError {
                    progress.errors[progress.next] = error
                    return
                } catch {
                    progress.errors[progress.next] = .badData(DataLocation(file: ready.summary.file), "\(error)")
                    return
                }
                if keep == nil {
                    if !checksIDs { progress.merged.ids.append(ready.ids) }
                    progress.merged.state.merge(ready.state)
                    progress.merged.rejects.append(ready.rejects)
                    progress.merged.files.append(ready.summary)
                    if let deferred = ready.deferred { progress.merged.deferred.append(deferred) }
                    progress.merged.stages += ready.stages
                }
                progress.next += 1
            }
        }
    }

    /// Records a file's failure.
    func fail(_ error: TallyError, index: Int) {
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
