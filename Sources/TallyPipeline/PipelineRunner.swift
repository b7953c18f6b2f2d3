import Crypto
import Foundation
import Logging
import Synchronization
import TallyAggregator
import TallyCleaner
import TallyDefinition
import TallyModel
import TallyWeighter
import TallyWriter

/// What a successful run did, for the command line to report.
public struct RunReport: Sendable {
    public var manifest: Manifest
    /// The published figures audited, empty when the definition records none.
    public var audit: [AuditEntry]
    /// The first rejects, for a short account on the terminal.
    public var firstRejects: [Reject]
    /// The folder of an earlier run with the same definition and inputs, when the
    /// run was skipped because of it (`manifest` is then that run's).
    public var unchangedSince: String?
    /// Times, bytes, respondents, cells and peak memory of the run (also in the manifest's `run`).
    public var metrics: RunMetrics

    public init(
        manifest: Manifest, audit: [AuditEntry], firstRejects: [Reject], unchangedSince: String? = nil,
        metrics: RunMetrics = RunMetrics()
    ) {
        self.manifest = manifest
        self.audit = audit
        self.firstRejects = firstRejects
        self.unchangedSince = unchangedSince
        self.metrics = metrics
    }
}

/// Runs a pipeline: reads every input file (several at once), cleans, weights and
/// aggregates, then publishes tables, rejects, weights and manifest atomically.
public enum PipelineRunner {
    /// Runs a definition over its inputs into `options.outputDirectory`.
    /// - Throws: `TallyError`; on any error the output folder is left as it was.
    public static func run(_ options: RunOptions) throws -> RunReport {
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
        var clock = Stopwatch()
        let logger = options.logger
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionBytes = try Data(contentsOf: URL(fileURLWithPath: options.definitionPath))
        let inputs = try inputFiles(options, definition: definition)
        let files = inputs.files

        let claim = try OutputClaim(options.outputDirectory, logger: logger, cancellation: options.cancellation)
        let pipeline = Self.pipelineRecord(definition, path: options.definitionPath, bytes: definitionBytes)
        // Without a run to compare with, the inputs are hashed in the background while they are read.
        let known = try options.skipUnchangedSince.map { _ in try InputDigests.sha256(of: files, jobs: options.jobs) }
        if let reference = options.skipUnchangedSince, let known,
            let previous = UnchangedCheck.previousRun(
                in: reference, pipeline: pipeline, files: files, digests: known)
        {
            logger.info(
                "inputs and definition unchanged since the run in \(reference); nothing to do",
                metadata: ["edition": "\(definition.edition)"])
            return RunReport(manifest: previous, audit: [], firstRejects: [], unchangedSince: reference)
        }
        try options.cancellation.check()

        let layout = ColumnLayout(fields: definition.fields)
        let plan = try AggregationPlan(definition: definition, layout: layout)
        let deferral = SpeederDeferral(definition: definition, layout: layout)
        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan,
            cleaner: Cleaner(definition: definition, layout: layout),
            batchSize: options.batchSize, progress: options.progress, deferral: deferral, inflater: options.inflater,
            prefetches: files.count < options.jobs)
        options.progress?.start(
            files: files.count,
            bytes: files.reduce(0) {
                $0 + (InputFiles.size(of: $1) ?? 0)
            })

        let digests: () throws -> [String]
        if let known {
            digests = { known }
        } else {
            digests = InputDigests.inBackground(of: files, jobs: options.jobs)
        }
        return try claim.publishing(keepingOtherFiles: options.keepOtherFiles) { publisher in
            let spoolFolder = try makeSpoolFolder(in: publisher)
            let spools = files.indices.map { spoolFolder + "/\($0).tsv" }
            var metrics = RunMetrics()
            metrics.phases.setup = clock.lap()
            var merged = try processComparingFiles(
                files, spools: spools, with: processor, options: options, empty: plan.makeState())
            metrics.phases.readAggregate = clock.lap()
            try options.cancellation.check()
            if let deferral {
                merged = try deferral.resolve(
                    merged, definition: definition, layout: layout, plan: plan, spools: spools, jobs: options.jobs
                ) { exact in
                    let rereader = FileProcessor(
                        definition: definition, layout: layout, plan: plan, cleaner: exact,
                        batchSize: options.batchSize, inflater: options.inflater)
                    return try processComparingFiles(
                        files, spools: spools, with: rereader, options: options, empty: plan.makeState())
                }
                metrics.phases.speederRule = clock.lap()
                try options.cancellation.check()
            }
            return try finishIntoStaging(
                merged, spools: spools, definition: definition, pipeline: pipeline, digests: digests,
                options: options, plan: plan, publisher: publisher, metrics: metrics, clock: clock,
                warnings: claim.warnings + inputs.warnings)
        }
    }

    /// The folder inside the staging folder where respondents are spooled until
    /// the weights are known.
    static func makeSpoolFolder(in publisher: OutputPublisher) throws -> String {
        let spoolFolder = publisher.staging + "/.spool"
        try FileManager.default.createDirectory(atPath: spoolFolder, withIntermediateDirectories: true)
        return spoolFolder
    }

    /// The finish phase, shared by `run` and `merge`: from the states of every file
    /// added up in input-file order, weighs, finishes the statistics and writes every
    /// result and the manifest into the staging folder, ready to publish.
    /// - Parameters:
    ///   - spools: the weights spool of every file, in input-file order.
    ///   - digests: waits for the SHA-256 of every file, in input-file order.
    static func finishIntoStaging(
        _ merged: OrderedMerge.Merged, spools: [String], definition: PipelineDefinition, pipeline: Manifest.Pipeline,
        digests: () throws -> [String], options: RunOptions, plan: AggregationPlan, publisher: OutputPublisher,
        metrics: RunMetrics, clock: Stopwatch, warnings: [String]
    ) throws -> RunReport {
        var metrics = metrics
        var clock = clock
        var (manifest, audit) = try finish(
            merged, definition: definition, pipeline: pipeline, digests: digests, plan: plan, spools: spools,
            staging: publisher.staging, jobs: options.jobs, metrics: &metrics, clock: &clock)
        try? FileManager.default.removeItem(atPath: publisher.staging + "/.spool")
        // The statistics were finished while the first files were written.
        metrics.phases.writing = clock.lap() - metrics.phases.statistics
        metrics.record(merged, outputs: manifest.outputs)
        manifest.run = Manifest.Run(
            metrics: metrics, warnings: warnings + RunWarnings.of(manifest, audit: audit))
        try manifest.write(to: publisher.staging + "/manifest.json")
        try options.cancellation.check()
        return RunReport(
            manifest: manifest, audit: audit, firstRejects: Array(merged.rejects.flatMap(\.first).prefix(10)),
            metrics: metrics)
    }

    /// The manifest of the run in `reference` when it used the same tool version,
    /// definition and input files (by SHA-256) as a run of `definitionPath` over its
    /// own inputs would; nil when anything differs or `reference` holds no complete run.
    public static func unchangedRun(definitionPath: String, reference: String, jobs: Int) throws -> Manifest? {
        let definition = try DefinitionLoader.load(path: definitionPath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: definitionPath))
        let files = try InputFiles.fromDefinition(definition).files
        return UnchangedCheck.previousRun(
            in: reference, pipeline: pipelineRecord(definition, path: definitionPath, bytes: bytes), files: files,
            digests: try InputDigests.sha256(of: files, jobs: jobs))
    }

    static func pipelineRecord(
        _ definition: PipelineDefinition, path: String, bytes: Data
    )
        -> Manifest.Pipeline
    {
        Manifest.Pipeline(
            path: PathText.normalized(path), survey: definition.survey, edition: definition.edition,
            sha256: InputDigests.hex(SHA256.hash(data: bytes)))
    }

    /// Checks the accounting and quality, weights, finishes the tables and writes
    /// every result file into the staging folder.
    private static func finish(
        _ merged: OrderedMerge.Merged, definition: PipelineDefinition, pipeline: Manifest.Pipeline,
        digests: () throws -> [String],
        plan: AggregationPlan, spools: [String], staging: String, jobs: Int, metrics: inout RunMetrics,
        clock: inout Stopwatch
    ) throws -> (Manifest, [AuditEntry]) {
        let rowsRead = merged.files.reduce(0) { $0 + $1.rowsRead }
        let rowsRejected = merged.files.reduce(0) { $0 + $1.rowsRejected }
        let valuesExcluded = merged.files.reduce(0) { $0 + $1.valuesExcluded }
        let rowsUsed = merged.state.respondentCount
        guard rowsUsed + rowsRejected == rowsRead else {
            throw TallyError.badData(
                DataLocation(file: merged.files.map(\.file).joined(separator: ", ")),
                "internal accounting error: \(rowsRead) rows read but \(rowsUsed) used and \(rowsRejected) rejected")
        }
        try checkQuality(
            definition: definition, rowsRead: rowsRead, rowsRejected: rowsRejected,
            first: merged.rejects.lazy.compactMap(\.firstRowRejected).first)

        let census = merged.state.census
        let weighter = Weighter(definition: definition, cellSpace: plan.cellSpace)
        let weighting = try weighter.weigh(
            counts: census.counts, weights: census.weights, squares: census.squares,
            minimumBase: merged.state.minimumBase, maximumBase: merged.state.maximumBase)
        metrics.phases.weighting = clock.lap()
        let factors = weighting.weights.factors
        let linearization = Linearization(margins: weighter.marginCategories, census: census, factors: factors)
        // Every result file is written at once: none depends on another, and the
        // weights and rejects files need no statistics, so they are written while
        // the tables' statistics are finished. The weights file, the longest job,
        // starts first; the tab book packages each table's sheet as soon as it and
        // those before it are made.
        let statisticsSeconds = Mutex(0.0)
        let tabBook = TabBook(definition: definition)
        let sheets = OrderedHandOff<TabBookSheet>(count: definition.tables.count)
        let written: [[([WrittenFile], [AuditEntry])]] = try Concurrently.run([
            {
                try FileManager.default.createDirectory(
                    atPath: staging + "/weights", withIntermediateDirectories: true)
                let weighted = try WeightsFile.write(
                    spools: spools, factors: factors, to: staging + "/weights/part-00000.csv.gz", jobs: jobs)
                guard weighted == rowsUsed else {
                    throw TallyError.badData(
                        DataLocation(file: spools.joined(separator: ", ")),
                        "the weights spools hold \(weighted) respondents but \(rowsUsed) were used")
                }
                return [([WrittenFile(path: "weights/part-00000.csv.gz", rows: weighted)], [])]
            },
            {
                defer { sheets.close() }
                var clock = Stopwatch()
                // Table by table, `jobs` tables at once (column tests and their corrections
                // stay within a table), each table's lines of the table and difference
                // files and its tab book sheet made with it, so that the writers only
                // join them. The audit reads the tables with published figures only;
                // their unweighted estimates need no weights, so they are finished
                // beside the weighted ones.
                let weighted = TableFinisher(plan: plan, linearization: linearization)
                let unweighted = TableFinisher(plan: plan, unweighted: true)
                let tableFiles = TableFiles(edition: definition.edition, partitionBy: definition.output.partitionBy)
                let tables = definition.tables.indices
                let audited = tables.filter { !definition.tables[$0].published.isEmpty }
                let weightedJobs = tables.map { table -> @Sendable () -> FinishedTable in
                    {
                        let rows = weighted.rows(ofTable: table, state: merged.state, cellFactors: factors)
                        // The written tables carry the column tests and low-base rules; the
                        // audit compares published figures with the unsuppressed estimates.
                        let (marked, differences) = ColumnTests.markWithDifferences(
                            rows, significance: definition.significance, lowBase: definition.lowBase)
                        sheets.put(tabBook.sheet(ofTable: table, rows: marked), at: table)
                        return FinishedTable(
                            rows: definition.tables[table].published.isEmpty ? [] : rows,
                            tableLines: tableFiles.format(marked),
                            differenceLines: DifferenceFiles.format(differences, edition: definition.edition))
                    }
                }
                let unweightedJobs = audited.map { table -> @Sendable () -> FinishedTable in
                    { FinishedTable(rows: unweighted.rows(ofTable: table, state: merged.state, cellFactors: factors)) }
                }
                let finished = try Concurrently.run(weightedJobs + unweightedJobs, width: jobs)
                let weightedTables = finished[..<tables.count]
                statisticsSeconds.withLock { $0 = clock.lap() }
                return try Concurrently.run([
                    { (try tableFiles.write(weightedTables.map(\.tableLines), under: staging), []) },
                    { (try DifferenceFiles.write(weightedTables.map(\.differenceLines), under: staging), []) },
                    {
                        guard !audited.isEmpty else { return ([], []) }
                        let audit = Audit.entries(
                            definition: definition, weighted: weightedTables.map(\.rows),
                            unweighted: finished[tables.count...].map(\.rows))
                        try AuditFile.write(audit, to: staging + "/audit.csv")
                        return ([WrittenFile(path: "audit.csv", rows: audit.count)], audit)
                    },
                ])
            },
            {
                try RejectsFile.write(to: staging + "/rejects.csv") { each in
                    for log in merged.rejects { try log.forEach(each) }
                }
                return [([WrittenFile(path: "rejects.csv", rows: merged.rejects.reduce(0) { $0 + $1.count })], [])]
            },
            {
                // After the statistics job: when it fails, its error is the one thrown.
                let written = try tabBook.write(under: staging) { table in
                    guard let sheet = sheets.take(table) else {
                        throw TallyError.cannotWrite(
                            path: staging + "/" + tabBook.relativePath,
                            message: "the statistics ended before table \(table + 1)'s sheet was made", errno: nil)
                    }
                    return sheet
                }
                return [([written], [])]
            },
        ])
        metrics.phases.statistics = statisticsSeconds.withLock { $0 }
        // Tables, differences and tab book, then rejects, audit and weights.
        let (weights, results, rejects, book) = (written[0][0], written[1], written[2][0], written[3][0])
        let (tables, differences, audit) = (results[0], results[1], results[2])
        let outputs = [tables, differences, book, rejects, audit, weights].flatMap(\.0)
        let auditEntries = audit.1

        let manifest = Manifest(
            toolVersion: TallyVersion.current,
            pipeline: pipeline,
            inputs: zip(merged.files, try digests()).map { file, digest in
                Manifest.Input(
                    file: file.file, bytes: file.bytes, sha256: digest, rows: file.rowsRead,
                    rowsRejected: file.rowsRejected,
                    valuesExcluded: file.valuesExcluded, ignoredColumns: file.ignoredColumns)
            },
            rowsRead: rowsRead, rowsUsed: rowsUsed, rowsRejected: rowsRejected, valuesExcluded: valuesExcluded,
            rejectsByRule: merged.rejects.reduce(into: [:]) { $0.merge($1.byRule, uniquingKeysWith: +) },
            weighting: Manifest.Weighting(weighting, spec: definition.weighting), reprocessedFiles: merged.reprocessed,
            outputs: outputs)
        return (manifest, auditEntries)
    }

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
    static func process(
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

    /// Fails the run when more rows were rejected than the definition allows.
    private static func checkQuality(
        definition: PipelineDefinition, rowsRead: Int, rowsRejected: Int, first: Reject?
    ) throws {
        let allowed = definition.quality.maxRejectedShare
        if rowsRead > rowsRejected, Double(rowsRejected) <= allowed * Double(rowsRead) { return }
        let field = first.flatMap { $0.field.isEmpty ? nil : $0.field }
        let location = DataLocation(file: first?.file ?? definition.sourcePath, line: first?.line, field: field)
        let reason = first?.reason ?? "row rejected"
        if rowsRead == rowsRejected {
            throw TallyError.badData(location, "\(reason); no usable respondents: all \(rowsRead) rows were rejected")
        }
        let share = Double(rowsRejected) / Double(rowsRead)
        throw TallyError.badData(
            location,
            "\(reason); \(rowsRejected) of \(rowsRead) rows rejected (\(percent(share))), above the definition's max_rejected_share of \(percent(allowed))"
        )
    }

    private static func percent(_ share: Double) -> String {
        String(format: "%.2f%%", share * 100)
    }
}

/// One table as finished: its rows before the column tests and low-base rules (for
/// the audit; empty for a table without published figures), and the lines of its
/// table and difference files, made from its marked rows and the differences
/// between its columns (none for unweighted estimates).
private struct FinishedTable: Sendable {
    var rows: [ResultRow]
    var tableLines = PartTexts()
    var differenceLines = PartTexts()
}
