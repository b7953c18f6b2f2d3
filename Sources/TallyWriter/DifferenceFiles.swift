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
    /// - Parameter differences: in one pass; each table's differences, one table after another.
    /// - Returns: each file written (relative to `root`) with its row count.
    public static func write(
        _ differences: some Sequence<ColumnDifference>, edition: String, under root: String
    ) throws
        -> [WrittenFile]
    {
        var banners: [(name: String, text: CSVText, rows: Int)] = []
        var bannerOf: [String: Int] = [:]
        // Levels are few: each is formatted once.
        var levels: [Double: String] = [:]
        var last: (name: String, banner: Int)?
        for row in differences {
            let banner: Int
            if let last, last.name == row.banner {
                banner = last.banner
            } else {
                if let known = bannerOf[row.banner] {
                    banner = known
                } else {
                    banner = banners.count
                    bannerOf[row.banner] = banner
                    var text = CSVText()
                    text.line(columns)
                    banners.append((row.banner, text, 0))
                }
                last = (row.banner, banner)
            }
            let level = row.level.map { level in
                if let text = levels[level] { return text }
                let text = String(format: "%g%%", level * 100)
                levels[level] = text
                return text
            }
            append(row, level: level ?? "", to: &banners[banner].text)
            banners[banner].rows += 1
        }
        var written: [WrittenFile] = []
        for (name, text, rows) in banners {
            let directory =
                "differences/edition=\(PartitionName.sanitized(edition))/banner=\(PartitionName.sanitized(name))"
            try FileOutput.makeDirectories(root + "/" + directory)
            let relative = directory + "/part-00000.csv"
            try FileOutput.write(root + "/" + relative, bytes: text.bytes)
            written.append(WrittenFile(path: relative, rows: rows))
        }
        return written
    }

    private static func append(_ row: ColumnDifference, level: String, to text: inout CSVText) {
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
        text.field(level)
        text.endLine()
    }
}
