import Foundation
import Logging
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
    /// Respondents per batch, for files read again.
    public var batchSize: Int
    /// The most inputs read again at once.
    public var jobs = 2
    /// Checked between files and before publishing: a stopped merge publishes nothing.
    public var cancellation: Cancellation
    /// Carry files a person added to the output folder into the new results.
    public var keepOtherFiles = false
    /// Where the merge says what it reads again and what it warns about.
    public var logger = Logger(label: "tally", factory: { _ in SwiftLogNoOpLogHandler() })

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
    /// The whole-run rules are settled over every partial's files as one run
    /// settles them (`WholeRunRules`): the inputs that repeat an earlier input's
    /// respondents are read again with those rejected, and, when a file's first
    /// durations misled its speeder bound, every input is read again with the
    /// run's threshold known; each needs the input readable here, unchanged. Then
    /// every file's state is added in global order (`InputFiles.globalOrder`) and
    /// the deferred rows after them, as one run adds them, so floating-point sums
    /// are the same whatever the grouping.
    /// - Throws: `TallyError.badData` (exit 65) naming the partial when partials were
    ///   written for another definition, tool or format version, or hold the same
    ///   input twice; on any error the output folder is left as it was.
    public static func merge(_ options: MergeOptions) throws -> RunReport {
        guard !options.partials.isEmpty else { throw TallyError.usage("name at least one partial result folder") }
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
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
        var runOptions = RunOptions(
            definitionPath: options.definitionPath, outputDirectory: options.outputDirectory,
            cancellation: options.cancellation)
        runOptions.jobs = options.jobs
        runOptions.logger = options.logger
        runOptions.batchSize = options.batchSize
        let claim = try OutputClaim(
            options.outputDirectory, logger: runOptions.logger, cancellation: options.cancellation)
        return try claim.publishing(keepingOtherFiles: options.keepOtherFiles) { publisher in
            let adding = MergeAddition(
                entries: entries, rules: WholeRunRules(definition: definition, layout: layout), plan: plan,
                spoolFolder: try PipelineRunner.makeSpoolFolder(in: publisher), options: runOptions)
            let (merged, spools) = try adding.addUp()
            return try PipelineRunner.finishIntoStaging(
                merged, spools: spools, definition: definition,
                pipeline: PipelineRunner.pipelineRecord(
                    definition, path: options.definitionPath, bytes: definitionBytes),
                digests: { entries.map(\.file.sha256) }, options: runOptions, plan: plan, publisher: publisher,
                metrics: RunMetrics(), clock: Stopwatch(), warnings: claim.warnings)
        }
    }
}

/// The aggregate phase of a merge: settles the whole-run rules over every
/// partial's files, reads again the inputs they ask for, adds every file's state
/// up in global order and folds in the deferred rows.
private struct MergeAddition: Sendable {
    var entries: [MergeEntry]
    var rules: WholeRunRules
    var plan: AggregationPlan
    /// The merge's own folder for spools, ids and the results of deferred rows.
    var spoolFolder: String
    var options: RunOptions

    /// Every file's state added up, with the weights spool of each.
    func addUp() throws -> (OrderedMerge.Merged, [SpoolPaths]) {
        let settlement = try settle()
        let again = settlement.filesReadAgain(of: entries.count)
        rules.log(
            settlement, files: entries.map(\.file.summary.file), readAgain: again.count, logger: options.logger)
        let spools = entries.indices.map { index in
            again.contains(index)
                ? SpoolPaths(rows: spoolFolder + "/\(index).tsv")
                : SpoolPaths(
                    rows: entries[index].directory + "/" + entries[index].file.spool,
                    deferredRows: spoolFolder + "/\(index).tsv.deferred")
        }
        var merged = try add(again: again, settlement: settlement, spools: spools)
        merged.reprocessed = settlement.repeats.keys.sorted().map { entries[$0].file.summary.file }
        if rules.deferral != nil, settlement.foldsDeferredRows {
            let deferred = merged.deferred.indices.map { index in
                WholeRunRules.DeferredFile(
                    spill: merged.deferred[index].spill, name: entries[index].file.summary.file, spool: spools[index])
            }
            try rules.fold(deferred, into: &merged, settlement: settlement, plan: plan, jobs: options.jobs)
        }
        try options.cancellation.check()
        return (merged, spools)
    }

    /// Settles the rules from what every partial's first passes kept.
    private func settle() throws -> WholeRunRules.Settlement {
        let ids =
            rules.rejectsDuplicates
            ? try entries.indices.map { index in
                try IDRuns.written(sorted: entries[index].file.ids, to: spoolFolder + "/\(index).first-ids")
            } : []
        let settlement = try rules.settle(
            deferred: entries.compactMap { $0.file.deferredRows(in: $0.directory) }, ids: ids, parts: options.jobs)
        return settlement
    }

    /// Adds every file's state in global order: read again for the files in
    /// `again`, else as its partial stored it; `jobs` files at a time.
    private func add(
        again: Set<Int>, settlement: WholeRunRules.Settlement, spools: [SpoolPaths]
    ) throws -> OrderedMerge.Merged {
        var processor = FileProcessor(
            definition: rules.definition, layout: rules.layout, plan: plan, cleaner: rules.firstPassCleaner,
            batchSize: options.batchSize)
        (processor.cleaner, processor.deferral) = rules.secondPass(settlement)
        let merge = OrderedMerge(empty: plan.makeState())
        let cancellation = options.cancellation
        let jobs = entries.indices.map { [entries, plan, processor] index -> @Sendable () -> Void in
            {
                guard !merge.hasFailed, !cancellation.isRequested else { return }
                let entry = entries[index]
                do {
                    if again.contains(index) {
                        let repeats = settlement.repeats[index] ?? []
                        try entry.checkReadable(repeats: repeats, earlier: entries[..<index], layout: rules.layout)
                        guard
                            let outcome = try processor.process(
                                file: entry.file.summary.file, index: index, spoolPath: spools[index].rows,
                                earlierIDs: repeats, isCancelled: { merge.hasFailed || cancellation.isRequested })
                        else { return }
                        try entry.checkUnchanged(outcome.summary)
                        merge.deliver(outcome, index: index)
                    } else {
                        var outcome = try entry.file.outcome(
                            empty: plan.makeState(), source: entry.directory + "/" + PartialState.fileName)
                        outcome.deferred = entry.file.deferredRows(in: entry.directory)
                        merge.deliver(outcome, index: index)
                    }
                } catch let error as TallyError {
                    merge.fail(error, index: index)
                } catch {
                    merge.fail(.badData(DataLocation(file: entry.file.summary.file), "\(error)"), index: index)
                }
            }
        }
        // `jobs` files at a time, in order, so at most that many decoded states are held at once.
        for start in stride(from: 0, to: jobs.count, by: options.jobs) {
            _ = try Concurrently.run(Array(jobs[start..<min(start + options.jobs, jobs.count)]), width: options.jobs)
            if merge.hasFailed || cancellation.isRequested { break }
        }
        try cancellation.check()
        return try merge.result()
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

    /// Checks that this entry's input can be read again.
    /// - Parameter repeats: the ids of earlier files it holds, to name the first in the message.
    /// - Throws: `TallyError.badData` saying why the merge reads it again, naming
    ///   both partials and the first repeated respondent id when that is why.
    func checkReadable(repeats: Set<UInt64>, earlier: ArraySlice<MergeEntry>, layout: ColumnLayout) throws {
        let path = file.summary.file
        guard !FileManager.default.isReadableFile(atPath: path) else { return }
        throw TallyError.badData(
            DataLocation(file: path),
            "\(why(repeats: repeats, earlier: earlier, layout: layout)); the merge must read \(path) again but cannot (missing or unreadable): put the inputs where the merge can read them"
        )
    }

    /// Checks that the input read again is the one the partial was written from.
    func checkUnchanged(_ summary: FileSummary) throws {
        guard summary.sha256 != file.sha256 else { return }
        throw TallyError.badData(
            DataLocation(file: file.summary.file),
            "changed since partial \(directory) was written (SHA-256 \(file.sha256.prefix(12))…, now \((summary.sha256 ?? "?").prefix(12))…); the merge reads it again and needs the same bytes: write the partial again"
        )
    }

    /// Why the merge reads this entry's input again.
    private func why(repeats: Set<UInt64>, earlier: ArraySlice<MergeEntry>, layout: ColumnLayout) -> String {
        guard !repeats.isEmpty else {
            return
                "a file's first interview durations misled its speeder bound, so every input is read again with the run's threshold known"
        }
        let (id, hash) = firstRespondent(in: repeats, layout: layout)
        let holder = earlier.first { $0.file.ids.sortedIndex(of: hash) != nil }
        let origin = holder.map { "\($0.file.summary.file) in partial \($0.directory)" } ?? "an earlier input"
        return "respondent id '\(id)' (partial \(directory)) repeats one of \(origin)"
    }

    /// The first respondent in this file's spool whose id hash is in `hashes`.
    /// The first respondent whose id hash is in `hashes`, in this file's spool or
    /// else among its deferred rows.
    private func firstRespondent(in hashes: Set<UInt64>, layout: ColumnLayout) -> (id: String, hash: UInt64) {
        let matches = { (id: ArraySlice<UInt8>) in hashes.contains(RespondentIDs.hash(id)) }
        var found = (try? WeightsSpool.firstID(in: directory + "/" + file.spool, where: matches)) ?? nil
        if found == nil, let deferred = file.deferredRows(in: directory) {
            found = try? FrameSpill.firstID(in: deferred.spill, layout: layout, where: matches)
        }
        guard let id = found else { return ("?", hashes.min() ?? 0) }
        return (id, RespondentIDs.hash(ArraySlice(id.utf8)))
    }
}
