import Foundation
import TallyAggregator
import TallyModel

/// Writes the differences between the lettered columns of each banner:
/// `differences/edition=E/banner=B/part-00000.csv`, one row per tested pair.
public enum DifferenceFiles {
    /// The columns of every part file.
    public static let columns = [
        "table_name", "question_key", "row_code", "row_label", "statistic", "column_code", "other_column_code",
        "difference", "z",
        "p_value", "p_adjusted", "significant_at",
    ]

    /// The differences' lines per part file (one per banner), for `write(_:under:)`:
    /// one table's differences, say, so that tables can be formatted at once.
    public static func format(_ differences: [ColumnDifference], edition: String) -> PartTexts {
        var texts = PartTexts()
        // Levels are few: each is formatted once.
        var levels: [Double: String] = [:]
        texts.appendLines(
            of: differences, sameFile: { $0.banner == $1.banner },
            path: {
                "differences/edition=\(PartitionName.sanitized(edition))/banner=\(PartitionName.sanitized($0.banner))/part-00000.csv"
            }
        ) { row, text in
            let level = row.level.map { level in
                if let known = levels[level] { return known }
                let formatted = String(format: "%g%%", level * 100)
                levels[level] = formatted
                return formatted
            }
            append(row, level: level ?? "", to: &text)
        }
        return texts
    }

    /// Writes formatted differences below `root`, one file per banner in order of
    /// first appearance, each file's lines in the order of `texts`.
    /// - Returns: each file written (relative to `root`) with its row count.
    public static func write(_ texts: [PartTexts], under root: String) throws -> [WrittenFile] {
        try PartTexts.write(texts, header: columns, under: root)
    }

    private static func append(_ row: ColumnDifference, level: String, to text: inout CSVText) {
        // Field by field: an array literal per row would allocate.
        text.field(row.table)
        text.field(row.question)
        text.field(row.rowCode)
        text.field(row.row, alwaysQuoted: true)
        text.field(row.statistic)
        text.field(row.column)
        text.field(row.other)
        text.number(row.difference)
        text.number(row.z)
        text.number(row.p)
        text.number(row.adjustedP)
        text.field(level)
        text.endLine()
    }
}
