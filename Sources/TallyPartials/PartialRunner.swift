import Foundation
import Synchronization
import TallyAggregator
import TallyCleaner
import TallyDefinition
import TallyModel
import TallyPipeline
import TallyWriter

/// What `tally run --partial` wrote.
public struct PartialReport: Sendable {
    /// Input files in the partial result.
    public var files: Int
    /// Rows read from them.
    public var rowsRead: Int
    /// Respondents kept (before the merge's checks across partials).
    public var rowsUsed: Int
    /// The size of `partial.bin`, in bytes.
    public var stateBytes: Int
    /// The part of `partial.bin` taken by the aggregate states (bounded by the
    /// definition's cells, whatever the number of respondents).
    public var aggregateBytes: Int
    /// The part of `partial.bin` taken by the respondent id hashes (8 bytes each).
    public var idBytes: Int
    /// The size of the weights spools (which grow with the respondents), in bytes.
    public var spoolBytes: Int
}

/// Partial results: `tally run --partial` runs the aggregate phase over some of a
/// run's inputs and writes what a merge needs instead of tables; `tally merge`
/// adds any number of them up and runs the finish phase of `PipelineRunner` on
/// them; `tally durations` counts the interview durations a relative speeder
/// rule needs across partials.
public enum PartialRunner {
    /// Runs the aggregate phase of a run (reader, cleaner, aggregation) over some of
    /// a run's inputs and writes a partial result into `options.outputDirectory`
    /// instead of tables; `merge` finishes any number of them.
    ///
    /// Files are processed in global order (`InputFiles.globalOrder`). A definition
    /// whose speeder rule is relative to the median duration needs the histograms
    /// of every input of the whole run (`durations`, written by `writeDurations`).
    /// - Throws: `TallyError`; on any error the partial folder is left as it was.
    public static func run(_ options: RunOptions, durations: [String]) throws -> PartialReport {
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionSHA256 = InputDigests.sha256(
            data: try Data(contentsOf: URL(fileURLWithPath: options.definitionPath)))
        let files = InputFiles.globalOrder(try PipelineRunner.inputFiles(options, definition: definition).files)
        let digests = try InputDigests.sha256(of: files, jobs: options.jobs)

        // Durations files are checked even where the rule does not need them (they then list no inputs).
        let known = try DurationsFile.histograms(in: durations, definitionSHA256: definitionSHA256)
        var histograms = Array(repeating: DurationHistogram(), count: files.count)
        let speederThreshold: Double?
        if let rule = definition.cleaning.speeders, rule.fractionOfMedian != nil {
            guard !durations.isEmpty else {
                throw TallyError.usage(
                    "\(options.definitionPath) rejects speeders relative to the median duration of the whole run: give the duration histograms of every input with --durations FILE... (written by tally durations)"
                )
            }
            for (index, file) in files.enumerated() {
                guard let histogram = known[digests[index]] else {
                    throw TallyError.usage(
                        "\(file) is not in the --durations files (or changed since they were written); run tally durations over every input of the run"
                    )
                }
                histograms[index] = histogram
            }
            let whole = known.keys.sorted().reduce(into: DurationHistogram()) { $0.merge(known[$1]!) }
            speederThreshold = whole.threshold(for: rule)
        } else {
            speederThreshold = definition.cleaning.speeders?.minimumSeconds
        }

        let layout = ColumnLayout(fields: definition.fields)
        let plan = try AggregationPlan(definition: definition, layout: layout)
        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan,
            cleaner: Cleaner(definition: definition, layout: layout, speederThreshold: speederThreshold),
            batchSize: options.batchSize, inflater: options.inflater)
        let claim = try OutputClaim(options.outputDirectory, logger: options.logger, cancellation: options.cancellation)
        return try claim.publishing(.partial, keepingOtherFiles: options.keepOtherFiles) { publisher in
            let spoolNames = files.indices.map { String(format: "spool-%05d.tsv", $0) }
            let staging = publisher.staging
            let durations = histograms
            // Each file's state is encoded as it is folded in, so only the encoded states stay in memory.
            let kept = KeptFiles()
            _ = try PipelineRunner.process(
                files, spools: spoolNames.map { staging + "/" + $0 }, with: processor, options: options,
                empty: plan.makeState()
            ) { index, outcome in
                let file = PartialFile(
                    summary: outcome.summary, sha256: digests[index], spool: spoolNames[index],
                    spoolBytes: try fileSize(staging + "/" + spoolNames[index]), earlierIDs: outcome.earlierIDs,
                    ids: try outcome.ids.sorted(), durations: durations[index], rejects: try outcome.rejects.all(),
                    state: outcome.state)
                kept.files.withLock { $0.append(file) }
            }
            // Rejects and ids are in partial.bin: the files' spills are not published.
            for name in spoolNames {
                let spills = FileProcessor.spillFiles(of: staging + "/" + name)
                for path in [spills.rejects, spills.ids, spills.deferredRows] {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
            let partialFiles = kept.files.withLock { $0 }
            let partial = PartialState(
                toolVersion: TallyVersion.current, definitionSHA256: definitionSHA256,
                speederThreshold: speederThreshold, files: partialFiles)
            let aggregateBytes = try partial.write(to: publisher.staging)
            let report = PartialReport(
                files: files.count, rowsRead: partialFiles.reduce(0) { $0 + $1.summary.rowsRead },
                rowsUsed: partialFiles.reduce(0) { $0 + $1.summary.rowsRead - $1.summary.rowsRejected },
                stateBytes: try fileSize(publisher.staging + "/" + PartialState.fileName),
                aggregateBytes: aggregateBytes,
                idBytes: partialFiles.reduce(0) { $0 + 8 * ($1.ids.count + $1.earlierIDs.count) },
                spoolBytes: partialFiles.reduce(0) { $0 + $1.spoolBytes })
            return report
        }
    }

    /// Writes the interview-duration histogram of every input to `path`, for
    /// partial runs of a definition whose speeder rule is relative to the median.
    /// A definition without such a rule needs none: the file then lists no inputs.
    /// - Returns: the number of files whose durations were counted.
    public static func writeDurations(_ options: RunOptions, to path: String) throws -> Int {
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionSHA256 = InputDigests.sha256(
            data: try Data(contentsOf: URL(fileURLWithPath: options.definitionPath)))
        var entries: [DurationsFile.Entry] = []
        if let rule = definition.cleaning.speeders, rule.fractionOfMedian != nil {
            let files = InputFiles.globalOrder(try PipelineRunner.inputFiles(options, definition: definition).files)
            let histograms = try SpeederPass.histograms(
                files: files, rule: rule, definition: definition, jobs: options.jobs, batchSize: options.batchSize)
            entries = try zip(files, histograms).map { file, histogram in
                DurationsFile.Entry(file: file, sha256: try InputDigests.sha256(of: file), histogram: histogram)
            }
        }
        try DurationsFile(definitionSHA256: definitionSHA256, entries: entries).write(to: path)
        return entries.count
    }

    /// A file's size in bytes.
    private static func fileSize(_ path: String) throws -> Int {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int else {
            throw TallyError.cannotWrite(path: path, message: "cannot read the size of this file", errno: nil)
        }
        return size
    }
}

/// The files of a partial result, collected as they are folded in.
private final class KeptFiles: Sendable {
    let files = Mutex<[PartialFile]>([])
}

extension InputFiles {
    /// Input paths in the order a merge adds partial results up: by the bytes of
    /// their UTF-8 paths, the order `tally run` reads a glob pattern or a folder in.
    public static func globalOrder(_ files: [String]) -> [String] {
        files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
