import ArgumentParser
import Foundation
import TallyComparison
import TallyModel
import TallyPipeline

extension Tally {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the percentages and means of two runs (a trend table).",
            discussion: """
                Joins the 'percent' and 'mean' rows of OLD_DIR's and NEW_DIR's tables \
                (tables/edition=E/banner=B/part-*.csv) on question key, banner, column code, row code \
                and statistic, and writes question_key, title, banner, column_code, column_label, \
                row_code, row_label, statistic, old_edition, new_edition, old_value, new_value, difference (new - old), standard_error \
                (sqrt(se_old^2 + se_new^2), independent samples), z, p_value (two-sided, normal) and \
                significant (99%, 95% or empty). Questions in one run only are listed on stderr.
                Exit codes: 0 success, 65 unreadable table file, 66 folder missing or without \
                manifest.json, 73 cannot write output.
                """
        )

        @Argument(help: "The earlier run's output folder.")
        var oldDirectory: String

        @Argument(help: "The later run's output folder.")
        var newDirectory: String

        @Option(name: .long, help: "The CSV file to write (default: stdout).")
        var output: String?

        func run() throws {
            try exitingOnError {
                let comparison = try TrendTable.compare(old: oldDirectory, new: newDirectory)
                if let output {
                    try TrendTable.write(comparison.rows, to: output)
                } else {
                    FileHandle.standardOutput.write(Data(TrendTable.csv(comparison.rows).utf8))
                }
                if !comparison.onlyInOld.isEmpty || !comparison.onlyInNew.isEmpty {
                    let old = comparison.onlyInOld.isEmpty ? "none" : comparison.onlyInOld.joined(separator: ", ")
                    let new = comparison.onlyInNew.isEmpty ? "none" : comparison.onlyInNew.joined(separator: ", ")
                    note(
                        "tally: trend: questions in one run only: \(comparison.onlyInOld.count) only in \(oldDirectory) (\(old)); \(comparison.onlyInNew.count) only in \(newDirectory) (\(new))"
                    )
                }
                let tested = comparison.rows.count(where: { $0.z != nil })
                let significant = comparison.rows.count(where: { !$0.significant.isEmpty })
                let questions = Set(comparison.rows.map(\.question)).count
                note(
                    "tally: trend: \(comparison.rows.count) estimates of \(questions) shared questions compared, \(tested) tested, \(significant) significant at 95%\(output.map { "; written to \($0)" } ?? "")"
                )
            }
        }
    }
}
