import ArgumentParser
import Foundation
import TallyModel
import TallyReport

extension Tally {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the report of a finished run from its folder, without respondent data.",
            discussion: """
                Reads the run's tables, questions, manifest and audit, and the report source \
                the run wrote (report/edition=E/report.json, from the definition's 'report' \
                section), and writes report/edition=E/LANGUAGE.html below --output (the run \
                folder itself by default): the same bytes the run wrote. With --previous, a \
                previous edition's run folder, the report also shows the changes since it \
                (as tally trend computes them): in each key statistic's note and in a section \
                of the questions both editions share.
                Exit codes: 0 success, 65 unreadable file, 66 folder missing, not a Tally \
                output or without a report, 73 cannot write.
                """)

        @Argument(help: "A finished run's output folder.")
        var runDirectory: String

        @Option(help: "A previous edition's run folder: the report shows the changes since it.")
        var previous: String?

        @Option(help: "Where to write report/… (default: the run folder).")
        var output: String?

        func run() throws {
            try exitingOnError {
                let written = try ReportFiles.rebuild(run: runDirectory, previous: previous, under: output)
                let pages = written.filter { $0.path.hasSuffix(".html") }
                note(
                    "tally: report: \(pages.count) page\(pages.count == 1 ? "" : "s") written below \(output ?? runDirectory): \(pages.map(\.path).joined(separator: ", "))"
                )
            }
        }
    }
}
