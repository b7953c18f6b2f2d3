import TallyAggregator
import TallyModel

/// Writes result rows as Hive-style partitions:
/// `tables/edition=E/banner=B/part-00000.csv` (or by table, as the definition says).
public struct TableFiles: Sendable {
    /// The columns of every part file, in order; partition keys live in the path.
    public static let columns = [
        "table_name", "question_key", "column_code", "column_label", "row_code", "row_label", "statistic", "value",
        "unweighted_base",
        "weighted_base", "effective_base", "standard_error", "ci_lower", "ci_upper",
        "column_letter", "significant_over", "flag", "design_effect",
    ]

    public let edition: String
    public let partitionBy: [PartitionKey]

    public init(edition: String, partitionBy: [PartitionKey]) {
        self.edition = edition
        self.partitionBy = partitionBy
    }

    /// The rows' lines per part file, for `write(_:under:)`: one table's rows, say,
    /// so that tables can be formatted at once.
    public func format(_ rows: [ResultRow]) -> PartTexts {
        var texts = PartTexts()
        texts.appendLines(
            of: rows, sameFile: { $0.banner == $1.banner && $0.table == $1.table },
            path: { partitionDirectory(of: $0) + "/part-00000.csv" }, line: Self.append)
        return texts
    }

    /// Writes formatted rows below `root`, one part file per partition, partitions
    /// in order of first appearance, each file's lines in the order of `texts`.
    /// - Returns: each file written (relative to `root`) with its row count.
    public func write(_ texts: [PartTexts], under root: String) throws -> [WrittenFile] {
        try PartTexts.write(texts, header: Self.columns, under: root)
    }

    private func partitionDirectory(of row: ResultRow) -> String {
        var parts = ["tables", "edition=\(PartitionName.sanitized(edition))"]
        for key in partitionBy {
            switch key {
            case .banner: parts.append("banner=\(PartitionName.sanitized(row.banner))")
            case .table: parts.append("table=\(PartitionName.sanitized(row.table))")
            }
        }
        return parts.joined(separator: "/")
    }

    private static func append(_ row: ResultRow, to text: inout CSVText) {
        // Field by field: an array literal per row would allocate.
        text.field(row.table)
        text.field(row.question)
        text.field(row.columnCode)
        text.field(row.column, alwaysQuoted: true)
        text.field(row.rowCode)
        text.field(row.row, alwaysQuoted: true)
        text.field(row.statistic)
        text.field(CSVFormatting.value(row.value))
        text.field(String(row.unweightedBase))
        text.number(row.weightedBase)
        text.number(row.effectiveBase)
        text.field(row.standardError.map(CSVFormatting.number) ?? "")
        text.field(row.interval.map { CSVFormatting.number($0.lowerBound) } ?? "")
        text.field(row.interval.map { CSVFormatting.number($0.upperBound) } ?? "")
        text.field(row.columnLetter)
        text.field(row.significantOver)
        text.field(row.flag?.rawValue ?? "")
        text.field(row.designEffect.map(CSVFormatting.number) ?? "")
        text.endLine()
    }
}

/// A file a run wrote, relative to the output folder, and its data rows.
public struct WrittenFile: Sendable, Equatable, Codable {
    public var path: String
    public var rows: Int

    public init(path: String, rows: Int) {
        self.path = path
        self.rows = rows
    }
}

/// Partition directory values: anything but letters, digits, `.`, `_` and `-`
/// becomes `_`, and names made only of dots become underscores, so a value never
/// adds a path level, climbs out (`..`) or hides a file.
public enum PartitionName {
    public static func sanitized(_ value: String) -> String {
        var text = String(
            value.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "_"
            })
        if text.isEmpty || text.allSatisfy({ $0 == "." }) {
            text = String(repeating: "_", count: max(1, text.count))
        }
        return text
    }
}
