import Crypto
import Foundation
import Logging
import Synchronization
import TallyAggregator
import TallyCleaner
import TallyComparison
import TallyDefinition
import TallyModel
import TallyReport
import TallySpill
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
        _ merged: OrderedMerge.Merged, spools: [SpoolPaths], definition: PipelineDefinition,
        pipeline: Manifest.Pipeline,
        digests: () throws -> [String], options: RunOptions, plan: AggregationPlan, publisher: OutputPublisher,
        metrics: RunMetrics, clock: Stopwatch, warnings: [String]
    ) throws -> RunReport {
        var metrics = metrics
        var clock = clock
        var (manifest, audit, reportRows, reportRest) = try finish(
            merged, definition: definition, pipeline: pipeline, digests: digests, plan: plan, spools: spools,
            staging: publisher.staging, jobs: options.jobs, metrics: &metrics, clock: &clock)
        try? FileManager.default.removeItem(atPath: publisher.staging + "/.spool")
        // The statistics were finished while the first files were written.
        metrics.phases.writing = clock.lap() - metrics.phases.statistics
        metrics.record(merged, outputs: manifest.outputs)
        manifest.run = Manifest.Run(
            metrics: metrics, warnings: warnings + RunWarnings.of(manifest, audit: audit))
        try manifest.write(to: publisher.staging + "/manifest.json")
        // The report of the rows just written: what `tally report` reads back from the files.
        if let source = ReportSource(definition: definition) {
            try options.cancellation.check()
            var results = RunResults(definition: definition, rows: reportRows, manifest: manifest, audit: audit)
            results.restDifferences = reportRest
            manifest.outputs += try ReportFiles.write(source, results: results, under: publisher.staging)
            try manifest.write(to: publisher.staging + "/manifest.json")
        }
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
        plan: AggregationPlan, spools: [SpoolPaths], staging: String, jobs: Int, metrics: inout RunMetrics,
        clock: inout Stopwatch
    ) throws -> (Manifest, [AuditEntry], [String: [ResultRow]], [ColumnDifference]) {
        let counts = try RunCounts(merged)
        try checkQuality(
            definition: definition, rowsRead: counts.rowsRead, rowsRejected: counts.rowsRejected,
            first: merged.rejects.lazy.compactMap(\.firstRowRejected).first)
        let census = merged.state.census
        let weighter = Weighter(definition: definition, cellSpace: plan.cellSpace)
        let weighting = try weighter.weigh(
            counts: census.counts, weights: census.weights, squares: census.squares,
            minimumBase: merged.state.minimumBase, maximumBase: merged.state.maximumBase)
        metrics.phases.weighting = clock.lap()
        let factors = weighting.weights.factors
        let results = try ResultFiles(
            merged: merged, definition: definition, plan: plan, factors: factors,
            linearization: Linearization(margins: weighter.marginCategories, census: census, factors: factors),
            staging: staging, jobs: jobs
        ).write(spools: spools, rowsUsed: counts.rowsUsed)
        metrics.phases.statistics = results.statisticsSeconds
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
            rowsRead: counts.rowsRead, rowsUsed: counts.rowsUsed, rowsRejected: counts.rowsRejected,
            valuesExcluded: counts.valuesExcluded,
            rejectsByRule: merged.rejects.reduce(into: [:]) { $0.merge($1.byRule, uniquingKeysWith: +) },
            weighting: Manifest.Weighting(weighting, spec: definition.weighting), reprocessedFiles: merged.reprocessed,
            outputs: results.outputs, valuesTrimmed: counts.valuesTrimmed,
            rejectsByAction: merged.rejects.reduce(into: [:]) { all, log in
                all.merge(log.byAction) { $0.merging($1, uniquingKeysWith: +) }
            },
            columnTests: Manifest.ColumnTests(definition.significance, lowBase: definition.lowBase))
        return (manifest, results.audit, results.reportRows, results.reportRest)
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
