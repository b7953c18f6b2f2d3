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
        // Without a run to compare with, each input is hashed by the pass that reads it.
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
        let rules = WholeRunRules(definition: definition, layout: layout)
        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan, cleaner: rules.firstPassCleaner,
            batchSize: options.batchSize, progress: options.progress, deferral: rules.deferral,
            inflater: options.inflater, prefetches: files.count < options.jobs)
        options.progress?.start(
            files: files.count,
            bytes: files.reduce(0) {
                $0 + (InputFiles.size(of: $1) ?? 0)
            })

        return try claim.publishing(keepingOtherFiles: options.keepOtherFiles) { publisher in
            let spoolFolder = try makeSpoolFolder(in: publisher)
            let spools = files.indices.map { SpoolPaths(rows: spoolFolder + "/\($0).tsv") }
            var metrics = RunMetrics()
            metrics.phases.setup = clock.lap()
            let merged = try aggregate(
                files, spools: spools, processor: processor, rules: rules, options: options, plan: plan,
                metrics: &metrics, clock: &clock)
            return try finishIntoStaging(
                merged, spools: spools, definition: definition, pipeline: pipeline,
                digests: { try known ?? InputDigests.read(by: merged.files) },
                options: options, plan: plan, publisher: publisher, metrics: metrics, clock: clock,
                warnings: claim.warnings + inputs.warnings)
        }
    }

    /// The folder inside the staging folder where respondents are spooled until
    /// the weights are known.
    package static func makeSpoolFolder(in publisher: OutputPublisher) throws -> String {
        let spoolFolder = publisher.staging + "/.spool"
        try FileManager.default.createDirectory(atPath: spoolFolder, withIntermediateDirectories: true)
        return spoolFolder
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

    package static func pipelineRecord(
        _ definition: PipelineDefinition, path: String, bytes: Data
    )
        -> Manifest.Pipeline
    {
        Manifest.Pipeline(
            path: PathText.normalized(path), survey: definition.survey, edition: definition.edition,
            sha256: InputDigests.sha256(data: bytes))
    }

    /// The inputs named in the options, or the definition's own; files reached
    /// twice are logged.
    package static func inputFiles(_ options: RunOptions, definition: PipelineDefinition) throws -> InputFiles.Expanded
    {
        let inputs =
            options.inputs.isEmpty ? try InputFiles.fromDefinition(definition) : try InputFiles.expand(options.inputs)
        for warning in inputs.warnings { options.logger.warning("\(warning)") }
        return inputs
    }
}
