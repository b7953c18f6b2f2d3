import Crypto
import Dispatch
import Foundation
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
    /// Times, bytes, respondents, cells and peak memory of the run.
    public var metrics: RunMetrics
}

/// Runs a pipeline: reads every input file (several at once), cleans, weights and
/// aggregates, then publishes tables, rejects, weights and manifest atomically.
public enum PipelineRunner {
    /// Runs a definition over its inputs into `options.outputDirectory`.
    /// - Throws: `TallyError`; on any error the output folder is left as it was.
    public static func run(_ options: RunOptions) throws -> RunReport {
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
        var whole = Stopwatch()
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionBytes = try Data(contentsOf: URL(fileURLWithPath: options.definitionPath))
        let files =
            options.inputs.isEmpty
            ? try InputFiles.fromDefinition(definition) : try InputFiles.expand(options.inputs)

        let layout = ColumnLayout(fields: definition.fields)
        let plan = try AggregationPlan(definition: definition, layout: layout)
        var metrics = RunMetrics()
        var clock = Stopwatch()
        let speederThreshold = try SpeederPass.threshold(
            files: files, definition: definition, jobs: options.jobs, batchSize: options.batchSize)
        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan,
            cleaner: Cleaner(definition: definition, layout: layout, speederThreshold: speederThreshold),
            batchSize: options.batchSize)
        metrics.phases.speederPass = clock.lap()

        let publisher = try OutputPublisher(destination: options.outputDirectory)
        do {
            let spoolFolder = publisher.staging + "/.spool"
            try FileManager.default.createDirectory(atPath: spoolFolder, withIntermediateDirectories: true)
            let spools = files.indices.map { spoolFolder + "/\($0).tsv" }
            let merged = try process(
                files, spools: spools, with: processor, jobs: options.jobs, empty: plan.makeState())
            metrics.phases.readAggregate = clock.lap()
            let (manifest, audit) = try finish(
                merged, definition: definition, definitionBytes: definitionBytes, options: options, plan: plan,
                spools: spools, staging: publisher.staging, metrics: &metrics, clock: &clock)
            try FileManager.default.removeItem(atPath: spoolFolder)
            try manifest.write(to: publisher.staging + "/manifest.json")
            try publisher.publish()
            metrics.phases.writing = clock.lap()
            metrics.phases.total = whole.lap()
            metrics.record(merged, outputs: manifest.outputs)
            return RunReport(
                manifest: manifest, audit: audit, firstRejects: Array(merged.rejects.prefix(10)), metrics: metrics)
        } catch {
            publisher.abandon()
            throw error
        }
    }

    /// Checks the accounting and quality, weights, finishes the tables and writes
    /// every result file into the staging folder; `clock` laps the weighting and
    /// statistics phases into `metrics`.
    private static func finish(
        _ merged: OrderedMerge.Merged, definition: PipelineDefinition, definitionBytes: Data, options: RunOptions,
        plan: AggregationPlan, spools: [String], staging: String, metrics: inout RunMetrics, clock: inout Stopwatch
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
            definition: definition, rowsRead: rowsRead, rowsRejected: rowsRejected, rejects: merged.rejects)

        let census = merged.state.census
        let weighter = Weighter(definition: definition, cellSpace: plan.cellSpace)
        let weighting = try weighter.weigh(
            counts: census.counts, weights: census.weights, squares: census.squares,
            minimumBase: merged.state.minimumBase, maximumBase: merged.state.maximumBase)
        metrics.phases.weighting = clock.lap()
        let linearization = Linearization(
            margins: weighter.marginCategories, census: census, factors: weighting.weights.factors)
        let rows = TableFinisher(plan: plan, linearization: linearization).rows(
            state: merged.state, cellFactors: weighting.weights.factors)

        // The written tables carry the column tests and low-base rules; the audit
        // compares published figures with the unsuppressed estimates.
        let marked = ColumnTests.mark(rows, significance: definition.significance, lowBase: definition.lowBase)
        metrics.phases.statistics = clock.lap()
        let tables = TableFiles(edition: definition.edition, partitionBy: definition.output.partitionBy)
        var outputs = try tables.write(marked, under: staging)
        outputs += try DifferenceFiles.write(
            ColumnTests.differences(marked, significance: definition.significance), edition: definition.edition,
            under: staging)
        try RejectsFile.write(merged.rejects, to: staging + "/rejects.csv")
        outputs.append(WrittenFile(path: "rejects.csv", rows: merged.rejects.count))
        var audit: [AuditEntry] = []
        if definition.tables.contains(where: { !$0.published.isEmpty }) {
            let unweighted = TableFinisher(plan: plan, unweighted: true).rows(
                state: merged.state, cellFactors: weighting.weights.factors)
            audit = Audit.entries(definition: definition, weighted: rows, unweighted: unweighted)
            try AuditFile.write(audit, to: staging + "/audit.csv")
            outputs.append(WrittenFile(path: "audit.csv", rows: audit.count))
        }
        try FileManager.default.createDirectory(atPath: staging + "/weights", withIntermediateDirectories: true)
        let weighted = try WeightsFile.write(
            spools: spools, factors: weighting.weights.factors, to: staging + "/weights/part-00000.csv.gz")
        outputs.append(WrittenFile(path: "weights/part-00000.csv.gz", rows: weighted))

        let manifest = Manifest(
            toolVersion: TallyVersion.current,
            pipeline: Manifest.Pipeline(
                path: InputFiles.normalized(options.definitionPath), survey: definition.survey,
                edition: definition.edition, sha256: sha256(definitionBytes)),
            inputs: merged.files.map { file in
                Manifest.Input(
                    file: file.file, bytes: file.bytes, rows: file.rowsRead, rowsRejected: file.rowsRejected,
                    valuesExcluded: file.valuesExcluded, ignoredColumns: file.ignoredColumns)
            },
            rowsRead: rowsRead, rowsUsed: rowsUsed, rowsRejected: rowsRejected, valuesExcluded: valuesExcluded,
            rejectsByRule: Dictionary(merged.rejects.map { ($0.rule, 1) }, uniquingKeysWith: +),
            weighting: Manifest.Weighting(weighting, spec: definition.weighting), reprocessedFiles: merged.reprocessed,
            outputs: outputs)
        return (manifest, audit)
    }

    /// Reads up to `jobs` files at once on Dispatch and merges their states in file order.
    private static func process(
        _ files: [String], spools: [String], with processor: FileProcessor, jobs: Int, empty: AggregateState
    ) throws -> OrderedMerge.Merged {
        let merge = OrderedMerge(empty: empty) { index, earlierIDs in
            guard
                let outcome = try processor.process(
                    file: files[index], index: index, spoolPath: spools[index], earlierIDs: earlierIDs,
                    isCancelled: { false })
            else { preconditionFailure("a run that cannot be cancelled returned no outcome") }
            return outcome
        }
        let queue = DispatchQueue(label: "tally.files", attributes: .concurrent)
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: jobs)
        for (index, file) in files.enumerated() {
            slots.wait()
            if merge.hasFailed {
                slots.signal()
                break
            }
            queue.async(group: group) {
                defer { slots.signal() }
                do {
                    if let outcome = try processor.process(
                        file: file, index: index, spoolPath: spools[index], isCancelled: { merge.hasFailed })
                    {
                        merge.deliver(outcome, index: index)
                    }
                } catch let error as TallyError {
                    merge.fail(error, index: index)
                } catch {
                    merge.fail(.badData(DataLocation(file: file), "\(error)"), index: index)
                }
            }
        }
        group.wait()
        return try merge.result()
    }

    /// Fails the run when more rows were rejected than the definition allows.
    private static func checkQuality(
        definition: PipelineDefinition, rowsRead: Int, rowsRejected: Int, rejects: [Reject]
    ) throws {
        let allowed = definition.quality.maxRejectedShare
        if rowsRead > rowsRejected, Double(rowsRejected) <= allowed * Double(rowsRead) { return }
        let first = rejects.first { $0.action == .rowRejected }
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

    private static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
