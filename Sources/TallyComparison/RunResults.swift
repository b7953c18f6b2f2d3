import Foundation
import TallyAggregator
import TallyModel
import TallyWriter

/// Everything a finished run folder says about one edition, read back from its
/// files: the tables listed in its questions file, every tidy row with its
/// standard error and interval, its manifest and its audit. What the report is
/// built from, so that it can be rebuilt without respondent data.
public struct RunResults: Sendable {
    /// One line of `audit.csv`.
    public struct AuditLine: Sendable, Equatable {
        public var figure: String
        public var table: String
        public var estimate: Double?
        public var published: Double?
        public var recovered: Bool

        public init(figure: String, table: String, estimate: Double?, published: Double?, recovered: Bool) {
            (self.figure, self.table, self.estimate, self.published, self.recovered) =
                (figure, table, estimate, published, recovered)
        }
    }

    public var edition: String
    /// The edition's tables, in definition order.
    public var tables: [RunTable.Entry]
    /// Each table's rows, banner by banner, as written.
    public var rows: [String: [ResultRow]]
    public var manifest: Manifest
    public var audit: [AuditLine]

    /// Results as given (a report of results made by hand, in tests).
    public init(
        edition: String, tables: [RunTable.Entry], rows: [String: [ResultRow]], manifest: Manifest,
        audit: [AuditLine]
    ) {
        (self.edition, self.tables, self.rows, self.manifest, self.audit) = (edition, tables, rows, manifest, audit)
    }

    /// Reads one edition of a run folder (a single run's, or one of a multi-edition tree's).
    /// - Throws: `TallyError.inputMissing` for a folder that is not a run or lacks the
    ///   edition; `TallyError.badData` for a file that cannot be read.
    public static func read(folder: String, edition: String) throws -> RunResults {
        let tables = try RunTable.entries(in: folder).filter { $0.edition == edition }
        guard !tables.isEmpty else {
            throw TallyError.inputMissing(path: folder, message: "holds no tables of edition \(edition)")
        }
        guard let manifest = try RunFolder.manifests(in: folder)[edition] else {
            throw TallyError.inputMissing(path: folder, message: "has no manifest of edition \(edition)")
        }
        let own =
            FileManager.default.fileExists(atPath: folder + "/editions")
            ? folder + "/editions/edition=" + PartitionName.sanitized(edition) : folder
        return RunResults(
            edition: edition, tables: tables, rows: try rows(folder: folder, edition: edition), manifest: manifest,
            audit: try auditLines(own + "/audit.csv"))
    }

    /// The edition's tidy rows by table, each with its banner from its folder.
    static func rows(folder: String, edition: String, table wanted: String? = nil) throws -> [String: [ResultRow]] {
        let required = [
            "table_name", "column_code", "column_label", "row_code", "row_label", "statistic", "value",
            "unweighted_base", "weighted_base", "effective_base", "column_letter", "significant_over", "flag",
        ]
        var rows: [String: [ResultRow]] = [:]
        for file in try RunFolder.tableFiles(in: folder) where file.partitions["edition"] == edition {
            let csv = try CSVRecords.table(file: file.path, required: required)
            let field = { (record: CSVRecords.Record, name: String) in csv.index[name].map { record.fields[$0] } ?? "" }
            for record in csv.records {
                let table = field(record, "table_name")
                if let wanted, table != wanted { continue }
                let number = { (name: String) throws -> Double? in
                    let text = field(record, name)
                    guard !text.isEmpty else { return nil }
                    guard let value = Double(text) else {
                        throw TallyError.badData(
                            DataLocation(file: file.path, line: record.line, field: name), "'\(text)' is not a number")
                    }
                    return value
                }
                let text = field(record, "value")
                let value: ResultValue =
                    if let whole = Int(text) { .integer(whole) } else if let real = try number("value") {
                        .real(real)
                    } else { .empty }
                var interval: ClosedRange<Double>?
                if let lower = try number("ci_lower"), let upper = try number("ci_upper"), lower <= upper {
                    interval = lower...upper
                }
                rows[table, default: []].append(
                    ResultRow(
                        banner: file.partitions["banner"] ?? "", table: table, question: field(record, "question_key"),
                        columnCode: field(record, "column_code"), column: field(record, "column_label"),
                        rowCode: field(record, "row_code"), row: field(record, "row_label"),
                        statistic: field(record, "statistic"), value: value,
                        unweightedBase: Int(try number("unweighted_base") ?? 0),
                        weightedBase: try number("weighted_base") ?? 0,
                        effectiveBase: try number("effective_base") ?? 0, standardError: try number("standard_error"),
                        interval: interval, columnLetter: field(record, "column_letter"),
                        significantOver: field(record, "significant_over"),
                        flag: BaseFlag(rawValue: field(record, "flag"))))
            }
        }
        return rows
    }

    /// The audit's lines; none when the run published no figures.
    private static func auditLines(_ path: String) throws -> [AuditLine] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let csv = try CSVRecords.table(
            file: path, required: ["figure", "table_name", "estimate", "published", "recovered"])
        return csv.records.map { record in
            let field = { (name: String) in record.fields[csv.index[name]!] }
            return AuditLine(
                figure: field("figure"), table: field("table_name"), estimate: Double(field("estimate")),
                published: Double(field("published")), recovered: field("recovered") == "yes")
        }
    }
}
