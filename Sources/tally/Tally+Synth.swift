import ArgumentParser
import TallyModel
import TallySynth

extension Tally {
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic respondent files for a pipeline definition.",
            discussion: """
                Generates respondents from the definition's 'synthesis' section and its fields' \
                'synth' parameters, with the mess rates it declares, and writes them as \
                DIR/shard-00001.csv.gz ... (shard files of an earlier run are replaced). \
                The same definition, options and seed give byte-identical files.
                Exit codes: 0 success, 64 bad usage or definition (or no 'synthesis' section), \
                66 definition missing, 73 cannot write output.
                """
        )

        @Argument(help: "The pipeline definition (YAML) with a 'synthesis' section.")
        var pipeline: String

        @Option(name: .long, help: "Respondents to generate (at least 1; duplicates come on top).")
        var respondents: Int

        @Option(name: .long, help: "Shard files to write (at most the respondents).")
        var shards: Int = 1

        @Option(name: .long, help: "The random seed.")
        var seed: UInt64 = 1

        @Option(name: .long, help: "The output folder (created if missing).")
        var output: String

        @Option(
            name: .long,
            help: "Filler columns no definition reads, appended to every row (text, numbers, dates) to pad it.")
        var extraColumns: Int = 0

        func validate() throws {
            guard respondents >= 1 else { throw ValidationError("--respondents must be at least 1") }
            guard shards >= 1 else { throw ValidationError("--shards must be at least 1") }
            guard extraColumns >= 0, extraColumns <= 999 else {
                throw ValidationError("--extra-columns must be between 0 and 999")
            }
            guard shards <= respondents else {
                throw ValidationError("--shards (\(shards)) must not exceed --respondents (\(respondents))")
            }
        }

        func run() throws {
            try exitingOnError {
                let definition = try SynthesisDefinition.load(path: pipeline)
                guard definition.synthesis != nil else {
                    throw TallyError.usage(
                        "\(pipeline) has no 'synthesis' section; add one to say how respondents are generated")
                }
                let report = try Synthesizer.write(
                    definition,
                    options: SynthOptions(
                        respondents: respondents, shards: shards, seed: seed, outputDirectory: output,
                        extraColumns: extraColumns)
                )
                let mess = ["blank", "duplicate", "out_of_domain", "speeder", "straight_liner", "broken_quote"]
                    .map { "\($0) \(report.messCounts[$0, default: 0])" }.joined(separator: ", ")
                note(
                    "tally: synth: \(report.respondents) respondents, \(report.rows) rows in \(report.files.count) files written to \(output) (mess: \(mess))"
                )
            }
        }
    }
}
