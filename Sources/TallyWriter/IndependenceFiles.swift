import Foundation
import TallyAggregator
import TallyModel

/// Writes the tests of independence of each categorical table and banner (Rao-Scott):
/// `independence/edition=E/banner=B/part-00000.csv`, one row per table, undefined
/// tests included with their reason.
public enum IndependenceFiles {
    /// The columns of every part file.
    public static let columns = [
        "table_name", "question_key", "status", "reason", "answers_tested", "columns_tested", "respondents",
        "chi_square", "df", "p_chi_square", "f", "ndf", "ddf", "p_f", "mean_design_effect", "significant_at",
        "empty_answers", "empty_columns",
    ]

    /// The tests' lines per part file (one per banner), for `write(_:under:)`.
    /// - Parameter levels: the definition's confidence levels; `significant_at` is the
    ///   highest whose complement the second-order test's p-value is below.
    public static func format(_ tests: [IndependenceTest], edition: String, levels: [Double]) -> PartTexts {
        var texts = PartTexts()
        texts.appendLines(
            of: tests, sameFile: { $0.banner == $1.banner },
            path: {
                "independence/edition=\(PartitionName.sanitized(edition))/banner=\(PartitionName.sanitized($0.banner))/part-00000.csv"
            }
        ) { test, text in
            append(test, level: significance(test.statistics?.pF, levels: levels), to: &text)
        }
        return texts
    }

    /// Writes formatted tests below `root`, one file per banner in order of first
    /// appearance, each file's lines in the order of `texts`.
    /// - Returns: each file written (relative to `root`) with its row count.
    public static func write(_ texts: [PartTexts], under root: String) throws -> [WrittenFile] {
        try PartTexts.write(texts, header: columns, under: root)
    }

    /// The highest level a p-value is significant at (`95%`), or empty.
    static func significance(_ p: Double?, levels: [Double]) -> String {
        guard let p, let level = levels.sorted(by: >).first(where: { p < 1 - $0 }) else { return "" }
        return TabBook.percentText(level)
    }

    private static func append(_ test: IndependenceTest, level: String, to text: inout CSVText) {
        text.field(test.table)
        text.field(test.question)
        text.field(test.statistics == nil ? "undefined" : "tested")
        text.field(test.undefined?.rawValue ?? "")
        text.field(String(test.rows))
        text.field(String(test.columns))
        text.field(String(test.respondents))
        if let statistics = test.statistics {
            text.number(statistics.chiSquare)
            text.field(String(statistics.degreesOfFreedom))
            text.number(statistics.pChiSquare)
            text.number(statistics.f)
            text.number(statistics.numeratorDegrees)
            text.number(statistics.denominatorDegrees)
            text.number(statistics.pF)
            text.number(statistics.meanDesignEffect)
        } else {
            for _ in 0..<8 { text.field("") }
        }
        text.field(level)
        text.field(test.emptyRows.joined(separator: " "))
        text.field(test.emptyColumns.joined(separator: " "))
        text.endLine()
    }
}
