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
///
/// `run` is in PipelineRunner+Run.swift, the aggregate phase (reading the files)
/// in PipelineRunner+Files.swift, and the finish phase, which `tally merge` shares,
/// here.
public enum PipelineRunner {
    /// The finish phase, shared by `run` and `merge`: from the states of every file
    /// added up in input-file order, weighs, finishes the statistics and writes every
    /// result and the manifest into the staging folder, ready to publish.
    /// - Parameters:
    ///   - spools: the weights spool of every file, in input-file order.
    ///   - digests: waits for the SHA-256 of every file, in input-file order.
    package static func finishIntoStaging(
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
        let valuesTrimmed = merged.files.reduce(0) { $0 + $1.valuesTrimmed }
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
                    valuesExcluded: file.valuesExcluded, ignoredColumns: file.ignoredColumns,
                    valuesTrimmed: file.valuesTrimmed)
            },
            rowsRead: rowsRead, rowsUsed: rowsUsed, rowsRejected: rowsRejected, valuesExcluded: valuesExcluded,
            rejectsByRule: merged.rejects.reduce(into: [:]) { $0.merge($1.byRule, uniquingKeysWith: +) },
            weighting: Manifest.Weighting(weighting, spec: definition.weighting), reprocessedFiles: merged.reprocessed,
            outputs: outputs, valuesTrimmed: valuesTrimmed)
        return (manifest, auditEntries)
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
