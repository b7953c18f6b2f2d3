import ArgumentParser
import Foundation
import TallyBench
import TallyModel
import TallyPipeline

extension Tally {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a pipeline on a generated (or given) data set and report throughput.",
            discussion: """
                Without --input, generates --respondents synthetic respondents in --shards gzip files \
                (with --extra-columns filler columns no definition reads) into a folder below --data, \
                reused by later runs with the same options. Runs the pipeline --repeat times into a \
                temporary folder that is removed afterwards, and reports, as medians over the runs, \
                seconds and throughput per stage (summed over workers) and per phase (wall), end to \
                end, and peak memory. MB are 10^6 bytes.
                Exit codes: as tally run.
                """
        )

        @Argument(help: "The pipeline definition (YAML).")
        var pipeline: String = "Pipelines/connected-customer-2023.yaml"

        @Option(
            name: .long, parsing: .upToNextOption,
            help: "Input files, folders or glob patterns to time instead of generated data.")
        var input: [String] = []

        @Option(name: .long, help: "Folder that caches generated data sets.")
        var data: String = ".bench"

        @Option(name: .long, help: "Respondents to generate.")
        var respondents: Int = 2_000_000

        @Option(name: .long, help: "Shard files to generate.")
        var shards: Int = 8

        @Option(name: .long, help: "The random seed of the generated data.")
        var seed: UInt64 = 1

        @Option(
            name: .long,
            help: "Filler columns per generated row (19 pads the 2023 edition's 101 columns to 120).")
        var extraColumns: Int = 19

        @Option(name: .long, help: "Files read at once.")
        var jobs: Int = 2

        @Option(name: .long, help: "Runs to time (medians are reported).")
        var `repeat`: Int = 3

        @Flag(name: .long, help: "Print the summary as JSON on stdout.")
        var json = false

        @Flag(name: .long, help: "Only generate (or find) the data set, and print its folder on stdout.")
        var prepare = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
            guard respondents >= 1 else { throw ValidationError("--respondents must be at least 1") }
            guard shards >= 1, shards <= respondents else {
                throw ValidationError("--shards must be between 1 and --respondents")
            }
            guard !prepare || input.isEmpty else { throw ValidationError("--prepare generates data; drop --input") }
            guard extraColumns >= 0, extraColumns <= 999 else {
                throw ValidationError("--extra-columns must be between 0 and 999")
            }
        }

        func run() throws {
            try exitingOnError {
                var inputs = input
                if inputs.isEmpty {
                    let dataset = BenchDataset(
                        respondents: respondents, shards: shards, seed: seed, extraColumns: extraColumns, cache: data)
                    let (files, generated) = try dataset.files(definitionPath: pipeline)
                    note(
                        "tally: bench: \(generated ? "generated" : "reusing") \(files.count) files in \(dataset.options.outputDirectory)"
                    )
                    if prepare {
                        print(dataset.options.outputDirectory)
                        return
                    }
                    inputs = files
                }
                let options = RunOptions(definitionPath: pipeline, inputs: inputs, outputDirectory: "", jobs: jobs)
                let summary = try BenchRunner.run(options, repeats: `repeat`) { index, metrics in
                    note(String(format: "tally: bench: run %d of %d: %.3f s", index, `repeat`, metrics.phases.total))
                }
                if json {
                    let data = try summary.json()
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                } else {
                    print(summary.text)
                }
            }
        }
    }
}
