import TallyAggregator
import TallyModel

/// Writes result rows as Hive-style partitions:
/// `tables/edition=E/banner=B/part-00000.csv` (or by table, as the definition says).
public struct TableFiles: Sendable {
    /// The columns of every part file, in order; partition keys live in the path.
    public static let columns = [
        "table", "question", "column_code", "column", "row_code", "row", "statistic", "value", "unweighted_base",
        "weighted_base", "effective_base", "standard_error", "ci_lower", "ci_upper",
        "column_letter", "significant_over", "flag",
    ]

    public let edition: String
    public let partitionBy: [PartitionKey]

    public init(edition: String, partitionBy: [PartitionKey]) {
        self.edition = edition
        self.partitionBy = partitionBy
    }

    /// Writes the rows below `root`, one part file per partition, partitions in
    /// order of first appearance.
    /// - Returns: each file written (relative to `root`) with its row count.
    public func write(_ rows: [ResultRow], under root: String) throws -> [WrittenFile] {
        var order: [String] = []
        var groups: [String: [ResultRow]] = [:]
        for row in rows {
            let directory = partitionDirectory(of: row)
            if groups[directory] == nil { order.append(directory) }
            groups[directory, default: []].append(row)
        }
        var written: [WrittenFile] = []
        for directory in order {
            let rows = groups[directory] ?? []
            try FileOutput.makeDirectories(root + "/" + directory)
            let relative = directory + "/part-00000.csv"
            let lines = [CSVFormatting.line(TableFiles.columns)] + rows.lazy.map(Self.line)
            try FileOutput.write(root + "/" + relative, lines)
            written.append(WrittenFile(path: relative, rows: rows.count))
        }
        return written
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

    private static func line(_ row: ResultRow) -> String {
        CSVFormatting.line([
            row.table, row.question, row.columnCode, row.column, row.rowCode, row.row, row.statistic,
            CSVFormatting.value(row.value), String(row.unweightedBase), CSVFormatting.number(row.weightedBase),
            CSVFormatting.number(row.effectiveBase), row.standardError.map(CSVFormatting.number) ?? "",
            row.interval.map { CSVFormatting.number($0.lowerBound) } ?? "",
            row.interval.map { CSVFormatting.number($0.upperBound) } ?? "",
            row.columnLetter, row.significantOver, row.flag?.rawValue ?? "",
        ])
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
