import ArgumentParser
import TallyModel
import TallyPartials
import TallyPipeline

extension Tally {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Combine partial results (tally run --partial) into the outputs of one run.",
            discussion: """
                Settles the rules that need the whole run (respondents repeated across inputs, speeders \
                relative to the median duration) over every partial's inputs as one run does, reading \
                again only the inputs they ask for; adds up the per-file states in global input order, \
                weights, finishes the statistics and writes the same files as tally run over all their \
                inputs, byte for byte, all at once.
                Exit codes: 0 success, 64 bad usage or definition, 65 partials that do not belong \
                together (another definition, tool or format version, the same input twice), an input \
                to read again that is missing or changed, or bad data, 66 partial missing, 73 cannot \
                write output.
                """
        )

        @Argument(help: "The pipeline definition (YAML) the partials were written for.")
        var pipeline: String

        @Argument(help: "The partial result folders, in any order.")
        var partials: [String]

        @Option(name: .long, help: "The output folder.")
        var output: String = "results"

        @Option(name: .long, help: "Inputs read again at once, when the whole-run rules ask for it.")
        var jobs: Int = 2

        @Flag(
            name: .long,
            help:
                "Carry files that Tally did not write in the output folder into the new results, instead of refusing to replace the folder."
        )
        var keepOtherFiles = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let logger = logging.logger()
            try exitingOnError(logger: logger) {
                let cancellation = Cancellation()
                let signals = cancellation.installSignalHandlers { error in
                    logger.error("\(error)", metadata: ["exit_code": "\(error.exitCode)"])
                }
                defer { signals.forEach { $0.cancel() } }
                var options = MergeOptions(
                    definitionPath: pipeline, partials: partials, outputDirectory: output, cancellation: cancellation)
                options.keepOtherFiles = keepOtherFiles
                options.jobs = jobs
                options.logger = logger
                let report = try PartialRunner.merge(options)
                RunSummary.log(report, output: output, verbose: logging.verbose, logger: logger)
            }
        }
    }
}
