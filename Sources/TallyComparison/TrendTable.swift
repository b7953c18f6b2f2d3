import Foundation
import TallyAggregator
import TallyModel
import TallyWriter

/// One estimate compared between two runs: a `percent` or `mean` of the same
/// question, banner column and answer in an old and a new run.
public struct TrendRow: Sendable, Equatable {
    public var question: String
    /// The question's title in the new run (the old one's when the new run has none).
    public var title: String
    public var banner: String
    public var columnCode: String
    public var columnLabel: String
    public var rowCode: String
    public var rowLabel: String
    public var statistic: String
    public var oldEdition: String
    public var newEdition: String
    public var oldValue: Double?
    public var newValue: Double?
    /// new − old (in points for percentages), from the unrounded values.
    public var difference: Double?
    /// sqrt(se_old² + se_new²): the two runs are independent samples.
    public var standardError: Double?
    /// difference / standard error.
    public var z: Double?
    /// The two-sided normal p-value of `z`.
    public var pValue: Double?
    /// `99%` when p < 0.01, `95%` when p < 0.05, else empty.
    public var significant: String

    public init(
        question: String, title: String = "", banner: String, columnCode: String, columnLabel: String = "",
        rowCode: String, rowLabel: String = "", statistic: String, oldEdition: String, newEdition: String,
        oldValue: Double?, newValue: Double?, difference: Double?, standardError: Double?, z: Double?,
        pValue: Double?, significant: String
    ) {
        self.question = question
        self.title = title
        self.banner = banner
        self.columnCode = columnCode
        self.columnLabel = columnLabel
        self.rowCode = rowCode
        self.rowLabel = rowLabel
        self.statistic = statistic
        self.oldEdition = oldEdition
        self.newEdition = newEdition
        self.oldValue = oldValue
        self.newValue = newValue
        self.difference = difference
        self.standardError = standardError
        self.z = z
        self.pValue = pValue
        self.significant = significant
    }
}

/// The comparison of two runs: the joined rows, and the question keys only one run has.
public struct TrendComparison: Sendable, Equatable {
    public var rows: [TrendRow]
    /// Question keys in the old run only, sorted.
    public var onlyInOld: [String]
    /// Question keys in the new run only, sorted.
    public var onlyInNew: [String]
}

/// Trend tables: the `percent` and `mean` rows two runs share, with the
/// difference and its significance (independent samples, normal approximation).
public enum TrendTable {
    /// The output columns, in order.
    public static let header = [
        "question_key", "title", "banner", "column_code", "column_label", "row_code", "row_label", "statistic",
        "old_edition", "new_edition",
        "old_value", "new_value", "difference", "standard_error", "z", "p_value", "significant",
    ]

    /// The statistics compared.
    static let statistics: Set<String> = ["percent", "mean"]

    /// The joined rows of two run folders, sorted by question, banner, column code, row code and statistic.
    public static func compute(old: String, new: String) throws -> [TrendRow] {
        try compare(old: old, new: new).rows
    }

    /// The joined rows and the question keys only one of the runs has.
    public static func compare(old: String, new: String) throws -> TrendComparison {
        let oldRun = try RunTables.read(folder: old)
        let newRun = try RunTables.read(folder: new)
        var rows: [TrendRow] = []
        for (key, oldEstimate) in oldRun.estimates {
            guard let newEstimate = newRun.estimates[key] else { continue }
            var row = row(key: key, old: oldEstimate, new: newEstimate)
            row.title = newRun.titles[key.question] ?? oldRun.titles[key.question] ?? ""
            rows.append(row)
        }
        rows.sort { a, b in
            let left = [a.question, a.banner, a.columnCode, a.rowCode, a.statistic]
            let right = [b.question, b.banner, b.columnCode, b.rowCode, b.statistic]
            return left.lexicographicallyPrecedes(right)
        }
        return TrendComparison(
            rows: rows,
            onlyInOld: oldRun.questions.subtracting(newRun.questions).sorted(),
            onlyInNew: newRun.questions.subtracting(oldRun.questions).sorted())
    }

    /// The rows of each run folder against the next one's (editions in order).
    public static func consecutive(_ folders: [String]) throws -> [TrendRow] {
        try zip(folders, folders.dropFirst()).flatMap { old, new in try compute(old: old, new: new) }
    }

    /// One joined row with its test.
    static func row(key: EstimateKey, old: Estimate, new: Estimate) -> TrendRow {
        var difference: Double? = nil
        if let a = old.value, let b = new.value { difference = b - a }
        var standardError: Double? = nil
        if let a = old.standardError, let b = new.standardError { standardError = (a * a + b * b).squareRoot() }
        var z: Double? = nil
        var p: Double? = nil
        var significant = ""
        if let difference, let standardError, standardError > 0, standardError.isFinite {
            let statistic = difference / standardError
            let probability = ColumnTests.twoSided(statistic)
            z = statistic
            p = probability
            significant = probability < 0.01 ? "99%" : probability < 0.05 ? "95%" : ""
        }
        return TrendRow(
            question: key.question, banner: key.banner, columnCode: key.columnCode,
            columnLabel: new.columnLabel.isEmpty ? old.columnLabel : new.columnLabel, rowCode: key.rowCode,
            rowLabel: new.rowLabel.isEmpty ? old.rowLabel : new.rowLabel, statistic: key.statistic,
            oldEdition: old.edition, newEdition: new.edition,
            oldValue: old.value, newValue: new.value, difference: difference, standardError: standardError,
            z: z, pValue: p, significant: significant)
    }

    /// The rows as CSV text (header first, LF line ends, numbers in shortest round-trip form).
    public static func csv(_ rows: [TrendRow]) -> String {
        var text = CSVText()
        text.line(header)
        for row in rows {
            text.line([
                row.question, row.title, row.banner, row.columnCode, row.columnLabel, row.rowCode, row.rowLabel,
                row.statistic, row.oldEdition, row.newEdition,
                number(row.oldValue), number(row.newValue), number(row.difference), number(row.standardError),
                number(row.z), number(row.pValue), row.significant,
            ])
        }
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// Writes the rows as CSV to a file, replacing it atomically (exit 73 when it cannot be written).
    public static func write(_ rows: [TrendRow], to path: String) throws {
        do {
            try Data(csv(rows).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TallyError.cannotWrite(path: path, message: error.localizedDescription, errno: nil)
        }
    }

    static func number(_ value: Double?) -> String {
        value.map(CSVFormatting.number) ?? ""
    }
}

/// What a `percent` or `mean` row is joined on.
struct EstimateKey: Hashable, Sendable {
    var question: String
    var banner: String
    var columnCode: String
    var rowCode: String
    var statistic: String
}

/// One side of a joined row.
struct Estimate: Sendable {
    var edition: String
    var columnLabel: String
    var rowLabel: String
    var value: Double?
    var standardError: Double?
    /// Where the row was read, for messages.
    var location: DataLocation
}

/// The table rows of one run folder that a trend compares.
struct RunTables {
    var estimates: [EstimateKey: Estimate] = [:]
    /// Every question key with a row in the run.
    var questions: Set<String> = []
    /// The title of each question key, from the run's `questions` files (empty for a run without them).
    var titles: [String: String] = [:]

    /// The columns read, by header name.
    static let required = ["question_key", "column_code", "row_code", "statistic", "value", "standard_error"]

    /// Reads every `tables/edition=E/.../banner=B/.../part-*.csv` below a run folder.
    static func read(folder: String) throws -> RunTables {
        let files = try RunFolder.tableFiles(in: folder).filter {
            $0.partitions["edition"] != nil && $0.partitions["banner"] != nil
        }
        guard !files.isEmpty else {
            throw TallyError.inputMissing(
                path: folder, message: "no table files (tables/edition=*/banner=*/part-*.csv)")
        }
        var run = RunTables()
        for file in files {
            try run.add(file: file.path, edition: file.partitions["edition"]!, banner: file.partitions["banner"]!)
        }
        for file in try RunFolder.tableFiles(in: folder, tree: "questions") {
            let table = try CSVRecords.table(file: file.path, required: ["question_key", "title"])
            for record in table.records {
                let key = record.fields[table.index["question_key"]!]
                if run.titles[key] == nil { run.titles[key] = record.fields[table.index["title"]!] }
            }
        }
        return run
    }

    /// Adds the rows of one table file.
    mutating func add(file: String, edition: String, banner: String) throws {
        let table = try CSVRecords.table(file: file, required: Self.required)
        let column = { (name: String) in table.index[name]! }
        for record in table.records {
            let question = record.fields[column("question_key")]
            guard !question.isEmpty else { continue }
            questions.insert(question)
            let statistic = record.fields[column("statistic")]
            guard TrendTable.statistics.contains(statistic) else { continue }
            let location = DataLocation(file: file, line: record.line)
            let key = EstimateKey(
                question: question, banner: banner, columnCode: record.fields[column("column_code")],
                rowCode: record.fields[column("row_code")], statistic: statistic)
            if let earlier = estimates[key] {
                throw TallyError.badData(
                    location,
                    "\(statistic) of question '\(question)', banner '\(banner)', column '\(key.columnCode)', row '\(key.rowCode)' already read at \(earlier.location)"
                )
            }
            let label = { (name: String) in table.index[name].map { record.fields[$0] } ?? "" }
            estimates[key] = Estimate(
                edition: edition, columnLabel: label("column_label"), rowLabel: label("row_label"),
                value: try Self.number(record.fields[column("value")], file: file, line: record.line, field: "value"),
                standardError: try Self.number(
                    record.fields[column("standard_error")], file: file, line: record.line, field: "standard_error"),
                location: location)
        }
    }

    static func number(_ text: String, file: String, line: Int, field: String) throws -> Double? {
        if text.isEmpty { return nil }
        guard let value = Double(text), value.isFinite else {
            throw TallyError.badData(DataLocation(file: file, line: line, field: field), "'\(text)' is not a number")
        }
        return value
    }
}
