import ArgumentParser
import TallyModel
import TallyPipeline

extension Inflater: ExpressibleByArgument {}

extension Tally {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a pipeline definition over respondent files.",
            discussion: """
                Writes DIR/tables/edition=E/banner=B/part-00000.csv, DIR/rejects.csv, \
                DIR/manifest.json and DIR/_SUCCESS, all at once: a failed run leaves DIR as it was.
                Exit codes: 0 success, 64 bad usage or definition, 65 bad input data, \
                66 input missing, 73 cannot write output.
                """
        )

        @Argument(help: "The pipeline definition (YAML).")
        var pipeline: String

        @Option(
            name: .long, parsing: .upToNextOption,
            help: "Input files, folders or glob patterns (default: the definition's own input.files).")
        var input: [String] = []

        @Option(name: .long, help: "The output folder.")
        var output: String = "results"

        @Option(name: .long, help: "Files read at once.")
        var jobs: Int = 2

        @Option(
            name: .long, help: "The gzip decoder: isal (ISA-L, faster) or zlib (the reference); outputs are the same.")
        var inflater: Inflater = .isal

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            try exitingOnError {
                let report = try PipelineRunner.run(
                    RunOptions(
                        definitionPath: pipeline, inputs: input, outputDirectory: output, jobs: jobs,
                        inflater: inflater))
                let manifest = report.manifest
                for reject in report.firstRejects {
                    let field = reject.field.isEmpty ? "" : ", field '\(reject.field)'"
                    note(
                        "tally: warning: \(reject.file):\(reject.line)\(field): \(reject.reason) (\(reject.action.rawValue))"
                    )
                }
                let shown = report.firstRejects.count
                let total = manifest.rowsRejected + manifest.valuesExcluded
                if total > shown { note("tally: warning: \(total - shown) more in \(output)/rejects.csv") }
                let weighting = manifest.weighting
                let raking =
                    weighting.sweeps.map { sweeps in
                        "raked in \(sweeps) sweeps (margin error \(weighting.marginError ?? 0), last change \(weighting.lastChange ?? 0)), "
                    } ?? ""
                note(
                    "tally: weighting: \(weighting.method), \(raking)weights \(weighting.minimumWeight) to \(weighting.maximumWeight) (mean \(weighting.meanWeight)), efficiency \(weighting.efficiency), effective base \(weighting.effectiveBase)"
                )
                if !report.audit.isEmpty {
                    let recovered = report.audit.count(where: \.recovered)
                    note(
                        "tally: audit: \(recovered) of \(report.audit.count) published figures recovered (see \(output)/audit.csv)"
                    )
                }
                note(
                    "tally: \(manifest.pipeline.survey) edition \(manifest.pipeline.edition): \(manifest.rowsRead) rows read from \(manifest.inputs.count) files, \(manifest.rowsUsed) used, \(manifest.rowsRejected) rejected, \(manifest.valuesExcluded) values excluded; \(manifest.outputs.count) files written to \(output)"
                )
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a pipeline definition without reading data (exit 64 when it is wrong).")

        @Argument(help: "The pipeline definitions (YAML).")
        var pipelines: [String]

        func run() throws {
            try exitingOnError {
                for pipeline in pipelines {
                    let definition = try DefinitionCheck.check(path: pipeline)
                    note(
                        "tally: \(pipeline): valid (\(definition.fields.count) fields, \(definition.banners.count) banners, \(definition.tables.count) tables)"
                    )
                }
            }
        }
    }
}
