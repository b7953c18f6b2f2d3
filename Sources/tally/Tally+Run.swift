import ArgumentParser
import Foundation
import Logging
import TallyModel
import TallyPartials
import TallyPipeline
import TallySynth

extension Inflater: ExpressibleByArgument {}

extension Tally {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run pipeline definitions over respondent files.",
            discussion: """
                One definition writes DIR/tables/edition=E/banner=B/part-00000.csv, DIR/rejects.csv, \
                DIR/manifest.json and DIR/_SUCCESS, all at once: a failed run leaves DIR as it was. \
                Several definitions (or a folder of them) write every edition into one tree, \
                each edition in its own partition, and one failing edition does not hide the others.
                Exit codes: 0 success, 64 bad usage or definition, 65 bad input data, \
                66 input missing, 73 cannot write output, 75 another run holds the output folder, \
                130/143 stopped by SIGINT/SIGTERM.
                """
        )

        @Argument(help: "The pipeline definitions (YAML), or folders of them.")
        var pipelines: [String]

        @OptionGroup var inputs: InputArguments

        @Option(name: .long, help: "The output folder (default: results).")
        var output: String?

        @Option(
            name: .long,
            help: "Write a partial result to this folder instead of tables, for tally merge (exclusive with --output).")
        var partial: String?

        @Option(
            name: .long,
            help: "Do nothing when this earlier output folder was made from the same definitions and inputs.")
        var skipUnchangedSince: String?

        @Option(
            name: .long, help: "The gzip decoder: isal (ISA-L, faster) or zlib (the reference); outputs are the same.")
        var inflater: Inflater = .isal

        @Flag(
            name: .long,
            help:
                "Carry files that Tally did not write in the output folder into the new results, instead of refusing to replace the folder."
        )
        var keepOtherFiles = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard !pipelines.isEmpty else { throw ValidationError("name at least one pipeline definition") }
            if partial != nil && output != nil {
                throw ValidationError("--partial and --output exclude each other: a partial run writes no tables")
            }
        }

        func run() throws {
            let logger = logging.logger()
            try exitingOnError(logger: logger) {
                let cancellation = Cancellation()
                let signals = cancellation.installSignalHandlers { error in
                    logger.error("\(error)", metadata: ["exit_code": "\(error.exitCode)"])
                }
                defer { signals.forEach { $0.cancel() } }
                let progress = RunProgress()
                let line = logging.logFormat == .human ? ProgressLine(progress: progress) : nil
                defer { line?.stop() }
                let output = output ?? "results"
                var options = RunOptions(
                    definitionPath: pipelines[0], inputs: inputs.input, outputDirectory: output, jobs: inputs.jobs,
                    inflater: inflater, skipUnchangedSince: skipUnchangedSince, cancellation: cancellation,
                    progress: progress, logger: logger)
                options.keepOtherFiles = keepOtherFiles
                let definitions = try EditionsRunner.definitions(in: pipelines)
                var isFolder: ObjCBool = false
                let single =
                    definitions.count == 1
                    && !(FileManager.default.fileExists(atPath: pipelines[0], isDirectory: &isFolder)
                        && isFolder.boolValue)
                if let partial {
                    guard single else { throw TallyError.usage("--partial takes one pipeline definition") }
                    options.outputDirectory = partial
                    let report = try PartialRunner.run(options)
                    logger.info(
                        "partial: \(report.rowsRead) rows read from \(report.files) files, \(report.rowsUsed) kept; written to \(partial): partial.bin \(report.stateBytes) bytes (aggregate states \(report.aggregateBytes), id hashes \(report.idBytes)), weights spools \(report.spoolBytes) bytes"
                    )
                    return
                }
                if single {
                    let report = try PipelineRunner.run(options)
                    if report.unchangedSince == nil {
                        RunSummary.log(report, output: output, verbose: logging.verbose, logger: logger)
                    }
                    return
                }
                guard inputs.input.isEmpty else {
                    throw TallyError.usage("--input applies to one definition; each edition reads its own input.files")
                }
                let report = try EditionsRunner.run(definitions: definitions, options: options)
                guard report.unchangedSince == nil else { return }
                for edition in report.editions {
                    guard let single = report.reports[edition.edition] else { continue }
                    RunSummary.log(
                        single, output: output + "/editions/edition=\(edition.edition)", verbose: logging.verbose,
                        logger: logger)
                }
                let failed = report.editions.filter { $0.status == .failed }
                logger.info(
                    "\(report.editions.count - failed.count) of \(report.editions.count) editions written to \(output), \(report.trendRows) trend rows in \(output)/trends/part-00000.csv"
                )
                if let failure = report.firstFailure {
                    throw failure
                }
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check pipeline definitions without reading data (exit 64 when one is wrong).",
            discussion: """
                Reports every independent problem in each definition (up to 20 each), with \
                its file, line and key path. Also says how many files a valid definition's \
                input.files match, and warns when they match none (tally run would then need --input).
                """)

        /// How many files `input.files` matches, or a warning that it matches none.
        static func inputFiles(of definition: PipelineDefinition) -> String {
            let patterns = definition.input.files.joined(separator: ", ")
            guard let found = try? InputFiles.fromDefinition(definition), !found.files.isEmpty else {
                note(
                    "tally: warning: \(definition.sourcePath): input.files (\(patterns)) match no file; tally run will need --input"
                )
                return "input.files match no file"
            }
            return "input.files match \(found.files.count) file\(found.files.count == 1 ? "" : "s")"
        }

        @Argument(help: "The pipeline definitions (YAML).")
        var pipelines: [String]

        /// Checks every definition named, reporting each one's problems; fails with
        /// the first failing definition's exit code.
        func run() throws {
            var failure: ExitCode?
            for pipeline in pipelines {
                do {
                    try exitingOnError { try check(pipeline) }
                } catch let error as ExitCode {
                    failure = failure ?? error
                }
            }
            if let failure { throw failure }
        }

        private func check(_ pipeline: String) throws {
            let definition = try DefinitionCheck.check(path: pipeline)
            // The synthesis configuration is test-data generation, which no run reads; it is
            // checked here so that a definition file is checked whole.
            _ = try SynthesisDefinition.load(path: pipeline)
            let files = Self.inputFiles(of: definition)
            note(
                "tally: \(pipeline): valid (\(definition.fields.count) fields, \(definition.banners.count) banners, \(definition.tables.count) tables; \(files))"
            )
        }
    }
}
