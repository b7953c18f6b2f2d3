import Foundation
import TallyAggregator
import TallyModel

/// Writes the differences between the lettered columns of each banner:
/// `differences/edition=E/banner=B/part-00000.csv`, one row per tested pair.
public enum DifferenceFiles {
    /// The columns of every part file.
    public static let columns = [
        "table", "question", "row_code", "row", "statistic", "column_code", "other_column_code", "difference", "z",
        "p_value", "p_adjusted", "significant_at",
    ]

    /// Writes the differences below `root`, one file per banner in order of first appearance.
    /// - Returns: each file written (relative to `root`) with its row count.
    public static func write(
        _ differences: [ColumnDifference], edition: String, under root: String
    ) throws
        -> [WrittenFile]
    {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (index, difference) in differences.enumerated() {
            if groups[difference.banner] == nil { order.append(difference.banner) }
            groups[difference.banner, default: []].append(index)
        }
        // Levels are few: each is formatted once.
        var levels: [Double: String] = [:]
        for level in Set(differences.compactMap(\.level)) { levels[level] = String(format: "%g%%", level * 100) }
        var written: [WrittenFile] = []
        for banner in order {
            let rows = groups[banner] ?? []
            let directory =
                "differences/edition=\(PartitionName.sanitized(edition))/banner=\(PartitionName.sanitized(banner))"
            try FileOutput.makeDirectories(root + "/" + directory)
            let relative = directory + "/part-00000.csv"
            try FileOutput.write(root + "/" + relative) { emit in
                var text = CSVText()
                text.line(columns)
                for index in rows {
                    let row = differences[index]
                    // Field by field: an array literal per row would allocate.
                    text.field(row.table)
                    text.field(row.question)
                    text.field(row.rowCode)
                    text.field(row.row)
                    text.field(row.statistic)
                    text.field(row.column)
                    text.field(row.other)
                    text.number(row.difference)
                    text.number(row.z)
                    text.number(row.p)
                    text.number(row.adjustedP)
                    text.field(row.level.flatMap { levels[$0] } ?? "")
                    text.endLine()
                    try text.flush(to: emit)
                }
                try text.flush(atLeast: 0, to: emit)
            }
            written.append(WrittenFile(path: relative, rows: rows.count))
        }
        return written
    }
}
