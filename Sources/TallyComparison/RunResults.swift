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
    /// The tests of columns against the rest of the sample (`other` is `rest`) of the
    /// banners they were read for: a report's profile banner.
    public var restDifferences: [ColumnDifference] = []

    /// Results as given (a report of results made by hand, in tests).
    public init(
        edition: String, tables: [RunTable.Entry], rows: [String: [ResultRow]], manifest: Manifest,
        audit: [AuditLine]
    ) {
        (self.edition, self.tables, self.rows, self.manifest, self.audit) = (edition, tables, rows, manifest, audit)
    }

    /// Reads one edition of a run folder (a single run's, or one of a multi-edition tree's),
    /// the rows of the tables in `wanted` only (all when nil), and the tests against the
    /// rest of the sample of the banner `restOf`.
    /// - Throws: `TallyError.inputMissing` for a folder that is not a run or lacks the
    ///   edition; `TallyError.badData` for a file that cannot be read.
    public static func read(
        folder: String, edition: String, tables wanted: Set<String>? = nil, restOf: String? = nil
    ) throws -> RunResults {
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
        var rows = try rows(folder: folder, edition: edition, tables: wanted)
        // In the definition's banner order, as a run finishes them (the files come in path order).
        for entry in tables {
            guard let table = rows[entry.name] else { continue }
            let order = Dictionary(uniqueKeysWithValues: entry.banners.enumerated().map { ($1, $0) })
            rows[entry.name] = table.enumerated().sorted { a, b in
                let (left, right) = (order[a.element.banner] ?? .max, order[b.element.banner] ?? .max)
                return left != right ? left < right : a.offset < b.offset
            }.map(\.element)
        }
        var results = RunResults(
            edition: edition, tables: tables, rows: rows, manifest: manifest, audit: try auditLines(own + "/audit.csv"))
        if let banner = restOf {
            results.restDifferences = try restDifferences(folder: folder, edition: edition, banner: banner)
        }
        return results
    }

    /// The results of a run still being finished, as its files will say them: the
    /// definition's tables, the finished (marked) rows of some, the manifest and the audit.
    public init(
        definition: PipelineDefinition, rows: [String: [ResultRow]], manifest: Manifest, audit: [AuditEntry]
    ) {
        self.init(
            edition: definition.edition,
            tables: definition.tables.map { table in
                RunTable.Entry(
                    edition: definition.edition, name: table.name, questionKey: table.questionKey, title: table.title,
                    wording: definition.field(named: table.field)?.label ?? table.field,
                    baseText: definition.baseText(of: table), banners: table.banners,
                    fieldKind: definition.field(named: table.field)?.kind.name ?? "")
            },
            rows: rows, manifest: manifest,
            audit: audit.map { entry in
                AuditLine(
                    figure: entry.figure.figure, table: entry.table, estimate: entry.estimate,
                    published: entry.figure.value, recovered: entry.recovered)
            })
    }

    /// The edition's tidy rows by table (those in `wanted`, or all), each with its banner
    /// from its folder.
    static func rows(folder: String, edition: String, tables wanted: Set<String>? = nil) throws -> [String: [ResultRow]]
    {
        var rows: [String: [ResultRow]] = [:]
        for file in try RunFolder.tableFiles(in: folder) where file.partitions["edition"] == edition {
            let csv = try CSVRecords.table(file: file.path, required: TidyColumns.required)
            let columns = TidyColumns(csv.index)
            let banner = file.partitions["banner"] ?? ""
            for record in csv.records {
                let table = record.fields[columns.table]
                if let wanted, !wanted.contains(table) { continue }
                rows[table, default: []].append(try columns.row(record, banner: banner, file: file.path))
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

/// The positions of a tidy file's columns, found once per file, and a record read as a row.
struct TidyColumns {
    static let required = [
        "table_name", "column_code", "column_label", "row_code", "row_label", "statistic", "value",
        "unweighted_base", "weighted_base", "effective_base", "column_letter", "significant_over", "flag",
    ]

    let table, question, columnCode, column, rowCode, row, statistic, value: Int
    let unweighted, weighted, effective, letter, over, flag: Int
    /// Columns older runs may lack.
    let standardError, lower, upper: Int?

    init(_ index: [String: Int]) {
        (table, question, columnCode, column) =
            (
                index["table_name"]!, index["question_key"] ?? index["table_name"]!, index["column_code"]!,
                index["column_label"]!
            )
        (rowCode, row, statistic, value) = (
            index["row_code"]!, index["row_label"]!, index["statistic"]!, index["value"]!
        )
        (unweighted, weighted, effective) = (
            index["unweighted_base"]!, index["weighted_base"]!, index["effective_base"]!
        )
        (letter, over, flag) = (index["column_letter"]!, index["significant_over"]!, index["flag"]!)
        (standardError, lower, upper) = (index["standard_error"], index["ci_lower"], index["ci_upper"])
    }

    /// A record as a row of `banner`.
    /// - Throws: `TallyError.badData` naming the file, line and column of a number that is not one.
    func row(_ record: CSVRecords.Record, banner: String, file: String) throws -> ResultRow {
        let fields = record.fields
        func number(_ position: Int?, _ name: String) throws -> Double? {
            guard let position, !fields[position].isEmpty else { return nil }
            guard let value = Double(fields[position]) else {
                throw TallyError.badData(
                    DataLocation(file: file, line: record.line, field: name), "'\(fields[position])' is not a number")
            }
            return value
        }
        let text = fields[value]
        let parsed: ResultValue =
            if let whole = Int(text) { .integer(whole) } else if let real = try number(value, "value") {
                .real(real)
            } else { .empty }
        var interval: ClosedRange<Double>?
        if let low = try number(lower, "ci_lower"), let high = try number(upper, "ci_upper"), low <= high {
            interval = low...high
        }
        return ResultRow(
            banner: banner, table: fields[table], question: fields[question], columnCode: fields[columnCode],
            column: fields[column], rowCode: fields[rowCode], row: fields[row], statistic: fields[statistic],
            value: parsed, unweightedBase: Int(try number(unweighted, "unweighted_base") ?? 0),
            weightedBase: try number(weighted, "weighted_base") ?? 0,
            effectiveBase: try number(effective, "effective_base") ?? 0,
            standardError: try number(standardError, "standard_error"), interval: interval,
            columnLetter: fields[letter], significantOver: fields[over], flag: BaseFlag(rawValue: fields[flag]))
    }
}
