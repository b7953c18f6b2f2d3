import Crypto
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
    /// The aggregate phase of a run: reads every file (`process`), then compares the
    /// ids the files kept (`CrossFileRepeats`); when a file repeats an earlier
    /// file's respondents, reads every file again with those ids rejected in it, so
    /// the first in file order is kept.
    static func processComparingFiles(
        _ files: [String], spools: [String], with processor: FileProcessor, options: RunOptions,
        empty: AggregateState
    ) throws -> OrderedMerge.Merged {
        let merged = try process(files, spools: spools, with: processor, options: options, empty: empty, earlier: [:])
        try options.cancellation.check()
        guard processor.definition.cleaning.rejectDuplicates else { return merged }
        let runs = merged.ids.compactMap { ids -> IDRuns? in if case .runs(let runs) = ids { runs } else { nil } }
        precondition(runs.count == files.count, "every file's ids kept on disk")
        let repeats = try CrossFileRepeats.find(in: runs, parts: options.jobs)
        guard !repeats.isEmpty else { return merged }
        let repeating = repeats.keys.sorted().map { files[$0] }
        options.logger.info(
            "files repeat respondents of earlier files; reading every file again with those rejected",
            metadata: ["files": "\(repeating.joined(separator: ", "))"])
        var again = try process(
            files, spools: spools, with: processor, options: options, empty: empty, earlier: repeats)
        again.reprocessed = repeating
        return again
    }

    /// Reads up to `jobs` files at once (`Concurrently`) and merges their states in file
    /// order (or keeps them apart, for a partial result).
    /// - Parameter earlier: per file index, ids of earlier files to reject in it; when
    ///   given, files are not compared as they are folded in (their ids are left in
    ///   `Merged.ids`); when nil, each is compared with the earlier ones as it is.
    package static func process(
        _ files: [String], spools: [String], with processor: FileProcessor, options: RunOptions,
        empty: AggregateState, keep: OrderedMerge.Keep? = nil, earlier: [Int: Set<UInt64>]? = nil
    ) throws -> OrderedMerge.Merged {
        let cancellation = options.cancellation
        let logger = options.logger
        let merge = OrderedMerge(empty: empty, keep: keep, checksIDs: earlier == nil) { index, earlierIDs in
            guard
                let outcome = try processor.process(
                    file: files[index], index: index, spoolPath: spools[index], earlierIDs: earlierIDs,
                    isCancelled: { false })
            else { preconditionFailure("a run that cannot be cancelled returned no outcome") }
            return outcome
        }
        // A file not started yet when another has failed or the run is stopped is not read.
        let jobs = files.indices.map { index -> @Sendable () -> Void in
            {
                let file = files[index]
                guard !merge.hasFailed, !cancellation.isRequested else { return }
                do {
                    if let outcome = try processor.process(
                        file: file, index: index, spoolPath: spools[index], earlierIDs: earlier?[index] ?? [],
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
