import Foundation
import Logging
import TallyAggregator
import TallyCleaner
import TallyDefinition
import TallyModel
import TallySpill
import TallyWeighter
import TallyWriter

extension PipelineRunner {
    /// The aggregate phase of a run: reads every file once, settles the whole-run
    /// rules (`WholeRunRules`), reads every file again when they ask for it (so no
    /// file is read more than twice), and folds in the deferred rows.
    static func aggregate(
        _ files: [String], spools: [SpoolPaths], processor: FileProcessor, rules: WholeRunRules, options: RunOptions,
        plan: AggregationPlan, metrics: inout RunMetrics, clock: inout Stopwatch
    ) throws -> OrderedMerge.Merged {
        let rows = spools.map(\.rows)
        var merged = try process(files, spools: rows, with: processor, options: options, empty: plan.makeState())
        metrics.phases.readAggregate = clock.lap()
        try options.cancellation.check()
        let settlement = try rules.settle(deferred: merged.deferred, ids: merged.ids, parts: options.jobs)
        if settlement.readsEveryFileAgain {
            rules.log(settlement, files: files, readAgain: files.count, logger: options.logger)
            var again = processor
            (again.cleaner, again.deferral) = rules.secondPass(settlement)
            again.progress = nil
            merged = try process(
                files, spools: rows, with: again, options: options, empty: plan.makeState(),
                earlier: settlement.repeats)
            try options.cancellation.check()
        }
        merged.reprocessed = settlement.repeats.keys.sorted().map { files[$0] }
        if rules.deferral != nil, settlement.foldsDeferredRows {
            let deferred = merged.deferred.indices.map { index in
                WholeRunRules.DeferredFile(
                    spill: merged.deferred[index].spill, name: files[index], spool: spools[index])
            }
            try rules.fold(deferred, into: &merged, settlement: settlement, plan: plan, jobs: options.jobs)
        }
        metrics.phases.wholeRunRules = clock.lap()
        try options.cancellation.check()
        return merged
    }

    /// Reads up to `jobs` files at once (`Concurrently`) and merges their states in file
    /// order (or keeps them apart, for a partial result).
    /// - Parameter earlier: per file index, ids of earlier files to reject in it
    ///   (settled by `WholeRunRules` after a first pass).
    package static func process(
        _ files: [String], spools: [String], with processor: FileProcessor, options: RunOptions,
        empty: AggregateState, keep: OrderedMerge.Keep? = nil, earlier: [Int: Set<UInt64>] = [:]
    ) throws -> OrderedMerge.Merged {
        let cancellation = options.cancellation
        let logger = options.logger
        let merge = OrderedMerge(empty: empty, keep: keep)
        // A file not started yet when another has failed or the run is stopped is not read.
        let jobs = files.indices.map { index -> @Sendable () -> Void in
            {
                let file = files[index]
                guard !merge.hasFailed, !cancellation.isRequested else { return }
                do {
                    if let outcome = try processor.process(
                        file: file, index: index, spoolPath: spools[index], earlierIDs: earlier[index] ?? [],
                        isCancelled: { merge.hasFailed || cancellation.isRequested })
                    {
                        options.progress?.finishFile()
                        logger.debug(
                            "file read",
                            metadata: [
                                "file": "\(file)", "rows": "\(outcome.summary.rowsRead)",
                                "rejected": "\(outcome.summary.rowsRejected)",
                            ])
                        merge.deliver(outcome, index: index)
                    }
                } catch let error as TallyError {
                    merge.fail(error, index: index)
                } catch {
                    merge.fail(.badData(DataLocation(file: file), "\(error)"), index: index)
                }
            }
        }
        _ = try Concurrently.run(jobs, width: options.jobs)
        return try merge.result()
    }
}
