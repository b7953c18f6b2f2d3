import Foundation
import TallyAggregator
import TallyCleaner
import TallyDefinition
import TallyModel
import TallyPipeline
import TallySpill
import TallyWriter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `tally merge` was asked to do.
public struct MergeOptions: Sendable {
    /// The pipeline definition the partial results were written for.
    public var definitionPath: String
    /// The partial result folders, in any order.
    public var partials: [String]
    /// The output folder.
    public var outputDirectory: String
    /// Respondents per batch, for files read again for duplicates.
    public var batchSize: Int
    /// Checked between files and before publishing: a stopped merge publishes nothing.
    public var cancellation: Cancellation
    /// Carry files a person added to the output folder into the new results.
    public var keepOtherFiles = false

    /// Options for merging `partials` into `outputDirectory`.
    public init(
        definitionPath: String, partials: [String], outputDirectory: String, batchSize: Int = 8192,
        cancellation: Cancellation = Cancellation()
    ) {
        self.definitionPath = definitionPath
        self.partials = partials
        self.outputDirectory = outputDirectory
        self.batchSize = batchSize
        self.cancellation = cancellation
    }
}

extension PartialRunner {
    /// Combines partial results and runs the finish phase on them: the same
    /// weighting, statistics and files as `run` over all their inputs, byte for byte.
    ///
    /// Every input file's state is added in global order (`InputFiles.globalOrder`),
    /// as one run over all the inputs adds them, so floating-point sums are the
    /// same whatever the grouping. Duplicates across partials are settled as a run
    /// settles them: a file that repeats an earlier file's respondents is read
    /// again with those ids rejected, which needs the file to be readable here.
    /// - Throws: `TallyError.badData` (exit 65) naming the partial when partials were
    ///   written for another definition, tool or format version, hold the same
    ///   input twice, or cleaned speeders with another threshold than the whole
    ///   run's; on any error the output folder is left as it was.
    public static func merge(_ options: MergeOptions) throws -> RunReport {
        guard !options.partials.isEmpty else { throw TallyError.usage("name at least one partial result folder") }
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionBytes = try Data(contentsOf: URL(fileURLWithPath: options.definitionPath))
        let definitionSHA256 = InputDigests.sha256(data: definitionBytes)
        let layout = ColumnLayout(fields: definition.fields)
        let plan = try AggregationPlan(definition: definition, layout: layout)

        var named = Set<String>()
        for directory in options.partials where !named.insert(PathText.normalized(directory)).inserted {
            throw TallyError.badData(
                DataLocation(file: directory), "partial result named twice; each input must be merged once")
        }
        let partials = try options.partials.map { directory in
            (
                directory: directory,
                state: try PartialState.load(
                    directory: directory, definitionSHA256: definitionSHA256, empty: plan.makeState())
            )
        }
        let entries = try MergeEntry.inGlobalOrder(partials)
        let speederThreshold = try checkedSpeederThreshold(definition: definition, partials: partials)

        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan,
            cleaner: Cleaner(definition: definition, layout: layout, speederThreshold: speederThreshold),
            batchSize: options.batchSize)
        let runOptions = RunOptions(
            definitionPath: options.definitionPath, outputDirectory: options.outputDirectory,
            cancellation: options.cancellation)
        let claim = try OutputClaim(
            options.outputDirectory, logger: runOptions.logger, cancellation: options.cancellation)
        return try claim.publishing(keepingOtherFiles: options.keepOtherFiles) { publisher in
            let spoolFolder = try PipelineRunner.makeSpoolFolder(in: publisher)
            let merge = OrderedMerge(empty: plan.makeState()) { index, earlierIDs in
                try entries[index].checkReadable(repeating: earlierIDs, earlier: entries[..<index])
                let spool = spoolFolder + "/\(index).tsv"
                guard
                    let outcome = try processor.process(
                        file: entries[index].file.summary.file, index: index, spoolPath: spool,
                        earlierIDs: earlierIDs, isCancelled: { false })
                else { preconditionFailure("a merge that cannot be cancelled returned no outcome") }
                return outcome
            }
            let empty = plan.makeState()
            for (index, entry) in entries.enumerated() {
                let source = entry.directory + "/" + PartialState.fileName
                try options.cancellation.check()
                merge.deliver(try entry.file.outcome(empty: empty, source: source), index: index)
                if merge.hasFailed { break }
            }
            let merged = try merge.result()
            try options.cancellation.check()
            // A file read again here has its new spool in the spool folder.
            let spools = entries.indices.map { index in
                let reread = spoolFolder + "/\(index).tsv"
                return FileManager.default.fileExists(atPath: reread)
                    ? reread : entries[index].directory + "/" + entries[index].file.spool
            }
            return try PipelineRunner.finishIntoStaging(
                merged, spools: spools, definition: definition,
                pipeline: PipelineRunner.pipelineRecord(
                    definition, path: options.definitionPath, bytes: definitionBytes),
                digests: { entries.map(\.file.sha256) }, options: runOptions, plan: plan, publisher: publisher,
                metrics: RunMetrics(), clock: Stopwatch(), warnings: claim.warnings)
        }
    }

    /// The speeder threshold of the whole run, checked against the one each partial
    /// result cleaned with: recomputed from the partials' duration histograms when
    /// the rule is relative to the median.
    private static func checkedSpeederThreshold(
        definition: PipelineDefinition, partials: [(directory: String, state: PartialState)]
    ) throws -> Double? {
        guard let rule = definition.cleaning.speeders else { return nil }
        var threshold = rule.minimumSeconds
        var inputs = 0
        if rule.fractionOfMedian != nil {
            var whole = DurationHistogram()
            for file in partials.flatMap(\.state.files) { whole.merge(file.durations) }
            threshold = whole.threshold(for: rule)
            inputs = partials.reduce(0) { $0 + $1.state.files.count }
        }
        for (directory, partial) in partials where partial.speederThreshold != threshold {
            let used = partial.speederThreshold.map { "\($0)" } ?? "none"
            let whole = threshold.map { "\($0)" } ?? "none"
            throw TallyError.badData(
                DataLocation(file: directory),
                "partial result cleaned speeders below \(used) seconds, but the median duration of the \(inputs) inputs merged gives \(whole); write it again with --durations covering every input of the run"
            )
        }
        return threshold
    }
}

/// One input file of a merge and the partial result that holds it.
struct MergeEntry: Sendable {
    var directory: String
    var file: PartialFile

    /// Every partial's files in global order.
    /// - Throws: `TallyError.badData` naming both partials when an input (by path
    ///   or by contents) is in two of them.
    static func inGlobalOrder(_ partials: [(directory: String, state: PartialState)]) throws -> [MergeEntry] {
        var byPath: [String: MergeEntry] = [:]
        var byDigest: [String: MergeEntry] = [:]
        for (directory, partial) in partials {
            for file in partial.files {
                let entry = MergeEntry(directory: directory, file: file)
                let path = file.summary.file
                if let earlier = byPath[path] ?? byDigest[file.sha256] {
                    let same = earlier.file.summary.file == path ? "" : " (\(earlier.file.summary.file), same contents)"
                    let place =
                        earlier.directory == directory
                        ? "twice in partial \(directory)" : "also in partial \(earlier.directory)\(same)"
                    throw TallyError.badData(
                        DataLocation(file: directory), "input \(path) is \(place); each input must be merged once")
                }
                byPath[path] = entry
                byDigest[file.sha256] = entry
            }
        }
        let order = InputFiles.globalOrder(Array(byPath.keys))
        return order.map { byPath[$0]! }
    }

    /// Checks that this entry's input can be read again, unchanged, to reject the
    /// ids that earlier files hold.
    /// - Throws: `TallyError.badData` naming both partials and the first repeated
    ///   respondent id when it cannot.
    func checkReadable(repeating earlierIDs: Set<UInt64>, earlier: ArraySlice<MergeEntry>) throws {
        let path = file.summary.file
        if FileManager.default.isReadableFile(atPath: path), (try? InputDigests.sha256(of: path)) == file.sha256 {
            return
        }
        let known = Set(file.earlierIDs)
        let (id, hash) = firstRespondent(in: earlierIDs.subtracting(known))
        let holder = earlier.first { $0.file.ids.sortedIndex(of: hash) != nil }
        let origin = holder.map { "\($0.file.summary.file) in partial \($0.directory)" } ?? "an earlier input"
        throw TallyError.badData(
            DataLocation(file: path),
            "respondent id '\(id)' (partial \(directory)) repeats one of \(origin); the merge must read \(path) again with the repeated ids rejected but cannot (missing, unreadable or changed since the partial was written): put the inputs where the merge can read them"
        )
    }

    /// The first respondent in this file's spool whose id hash is in `hashes`.
    private func firstRespondent(in hashes: Set<UInt64>) -> (id: String, hash: UInt64) {
        let spool = directory + "/" + file.spool
        let id = try? WeightsSpool.firstID(in: spool) { hashes.contains(RespondentIDs.hash($0)) }
        guard let id = id ?? nil else { return ("?", hashes.min() ?? 0) }
        return (id, RespondentIDs.hash(ArraySlice(id.utf8)))
    }
}
