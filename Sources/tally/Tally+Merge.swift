import ArgumentParser
import TallyModel
import TallyPartials
import TallyPipeline

extension Tally {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Combine partial results (tally run --partial) into the outputs of one run.",
            discussion: """
                Adds up the partial results' per-file states in global input order, settles duplicates \
                across partials, weights, finishes the statistics and writes the same files as tally run \
                over all their inputs, byte for byte, all at once.
                Exit codes: 0 success, 64 bad usage or definition, 65 partials that do not belong \
                together (another definition, tool or format version, the same input twice, another \
                speeder threshold) or bad data, 66 partial missing, 73 cannot write output.
                """
        )

        @Argument(help: "The pipeline definition (YAML) the partials were written for.")
        var pipeline: String

        @Argument(help: "The partial result folders, in any order.")
        var partials: [String]

        @Option(name: .long, help: "The output folder.")
        var output: String = "results"

        @Flag(
            name: .long,
            help:
                "Carry files that Tally did not write in the output folder into the new results, instead of refusing to replace the folder."
        )
        var keepOtherFiles = false

        @OptionGroup var logging: LoggingOptions

        func run() throws {
            let logger = logging.logger()
            try exitingOnError(logger: logger) {
                let cancellation = Cancellation()
                let signals = cancellation.installSignalHandlers()
                defer { signals.forEach { $0.cancel() } }
                var options = MergeOptions(
                    definitionPath: pipeline, partials: partials, outputDirectory: output, cancellation: cancellation)
                options.keepOtherFiles = keepOtherFiles
                let report = try PartialRunner.merge(options)
                RunSummary.log(report, output: output, logger: logger)
            }
        }
    }

    struct Durations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count interview durations per input, for partial runs with a relative speeder rule.",
            discussion: """
                Writes FILE: each input's SHA-256 and its respondents per whole second of duration. \
                Partial runs (tally run --partial) of a definition whose speeder rule is a fraction of \
                the median duration take the whole run's files with --durations, so every partial \
                cleans with the threshold of the whole run. Without such a rule FILE lists no inputs.
                Exit codes: 0 success, 64 bad usage or definition, 65 bad input data, \
                66 input missing, 73 cannot write output.
                """
        )

        @Argument(help: "The pipeline definition (YAML).")
        var pipeline: String

        @OptionGroup var inputs: InputArguments

        @Option(name: .long, help: "The durations file to write.")
        var output: String

        func run() throws {
            try exitingOnError {
                let counted = try PartialRunner.writeDurations(
                    RunOptions(
                        definitionPath: pipeline, inputs: inputs.input, outputDirectory: output, jobs: inputs.jobs),
                    to: output)
                note(
                    counted == 0
                        ? "tally: durations: \(pipeline) has no speeder rule relative to the median; \(output) lists no inputs"
                        : "tally: durations: histograms of \(counted) inputs written to \(output)")
            }
        }
    }
}
