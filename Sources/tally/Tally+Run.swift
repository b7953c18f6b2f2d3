import ArgumentParser
import TallyModel
import TallyPipeline

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

        @OptionGroup var inputs: InputArguments

        @Option(name: .long, help: "The output folder (default: results).")
        var output: String?

        @Option(
            name: .long,
            help: "Write a partial result to this folder instead of tables, for tally merge (exclusive with --output).")
        var partial: String?

        @Option(
            name: .long, parsing: .upToNextOption,
            help: "With --partial: the tally durations files of every input of the whole run.")
        var durations: [String] = []

        func validate() throws {
            if partial != nil && output != nil {
                throw ValidationError("--partial and --output exclude each other: a partial run writes no tables")
            }
            if partial == nil && !durations.isEmpty { throw ValidationError("--durations is for --partial runs only") }
        }

        func run() throws {
            try exitingOnError {
                if let partial {
                    let report = try PipelineRunner.runPartial(
                        RunOptions(
                            definitionPath: pipeline, inputs: inputs.input, outputDirectory: partial, jobs: inputs.jobs),
                        durations: durations)
                    note(
                        "tally: partial: \(report.rowsRead) rows read from \(report.files) files, \(report.rowsUsed) kept; written to \(partial): partial.bin \(report.stateBytes) bytes (aggregate states \(report.aggregateBytes), id hashes \(report.idBytes)), weights spools \(report.spoolBytes) bytes"
                    )
                    return
                }
                let output = output ?? "results"
                let report = try PipelineRunner.run(
                    RunOptions(
                        definitionPath: pipeline, inputs: inputs.input, outputDirectory: output, jobs: inputs.jobs))
                report.noteSummary(output: output)
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

extension RunReport {
    /// Prints the first rejects, the weighting, the audit and the totals of a run on stderr.
    func noteSummary(output: String) {
        for reject in firstRejects {
            let field = reject.field.isEmpty ? "" : ", field '\(reject.field)'"
            note(
                "tally: warning: \(reject.file):\(reject.line)\(field): \(reject.reason) (\(reject.action.rawValue))"
            )
        }
        let shown = firstRejects.count
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
        if !audit.isEmpty {
            let recovered = audit.count(where: \.recovered)
            note(
                "tally: audit: \(recovered) of \(audit.count) published figures recovered (see \(output)/audit.csv)"
            )
        }
        note(
            "tally: \(manifest.pipeline.survey) edition \(manifest.pipeline.edition): \(manifest.rowsRead) rows read from \(manifest.inputs.count) files, \(manifest.rowsUsed) used, \(manifest.rowsRejected) rejected, \(manifest.valuesExcluded) values excluded; \(manifest.outputs.count) files written to \(output)"
        )
    }
}
