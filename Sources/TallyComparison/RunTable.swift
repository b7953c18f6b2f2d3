import Foundation
import TallyAggregator
import TallyModel
import TallyWriter

/// One table of a finished run folder, read back from its tidy files: what `tally
/// show` prints. The words come from the questions file; the rows from every
/// `tables/edition=E/…/part-*.csv` of the table.
public struct RunTable: Sendable {
    /// A table of a run, as its questions file lists it.
    public struct Entry: Sendable, Equatable {
        public var edition: String
        public var name: String
        public var questionKey: String
        public var title: String
        /// The question's text.
        public var wording: String
        public var baseText: String
        /// The table's banners, in the definition's order.
        public var banners: [String]
    }

    /// What the tab book shows of the table besides its rows.
    public var table: TabBook.Table
    /// The table's rows, as written.
    public var rows: [ResultRow]

    /// Every table of a run folder, edition by edition, in definition order.
    /// - Throws: `TallyError.inputMissing` for a folder that is not a Tally output or
    ///   has no questions file; `TallyError.badData` for one that cannot be read.
    public static func entries(in folder: String) throws -> [Entry] {
        let files = try RunFolder.tableFiles(in: folder, tree: "questions")
        guard !files.isEmpty else {
            throw TallyError.inputMissing(
                path: folder, message: "no questions file (questions/edition=*/part-00000.csv): a run before Tally 0.9?"
            )
        }
        var entries: [Entry] = []
        for file in files {
            let table = try CSVRecords.table(
                file: file.path, required: ["table_name", "question_key", "title", "wording", "base_text", "banners"])
            let field = { (record: CSVRecords.Record, name: String) in record.fields[table.index[name]!] }
            entries += table.records.map { record in
                Entry(
                    edition: file.partitions["edition"] ?? "", name: field(record, "table_name"),
                    questionKey: field(record, "question_key"), title: field(record, "title"),
                    wording: field(record, "wording"), baseText: field(record, "base_text"),
                    banners: field(record, "banners").split(separator: " ").map(String.init))
            }
        }
        return entries
    }

    /// One table of a run folder.
    /// - Parameters:
    ///   - name: the table's name (`table_name`).
    ///   - edition: the edition, needed when the folder holds several.
    ///   - statistics: the statistics shown under each answer, in order.
    /// - Throws: `TallyError.usage` for a table or edition the folder does not hold
    ///   (naming those it does); `TallyError.badData` for a file that cannot be read.
    public static func read(
        folder: String, table name: String, edition: String? = nil, statistics: [String]
    ) throws -> RunTable {
        let entries = try entries(in: folder)
        let editions = Array(Set(entries.map(\.edition))).sorted()
        guard let edition = edition ?? (editions.count == 1 ? editions[0] : nil) else {
            throw TallyError.usage(
                "\(folder) holds editions \(editions.joined(separator: ", ")); name one with --edition")
        }
        guard let entry = entries.first(where: { $0.edition == edition && $0.name == name }) else {
            let names = entries.filter { $0.edition == edition }.map(\.name)
            throw TallyError.usage(
                "\(folder) has no table '\(name)' in edition \(edition); its tables: \(names.joined(separator: ", "))")
        }
        let rows = try tableRows(folder: folder, edition: edition, table: name)
        let banners = entry.banners.map { TabBook.Banner(name: $0, heading: $0) }
        return RunTable(
            table: TabBook.Table(
                name: name, title: entry.title, question: entry.wording, questionKey: entry.questionKey,
                baseText: entry.baseText, banners: banners, statistics: statistics),
            rows: rows)
    }

    /// The table's tidy rows, banner by banner.
    private static func tableRows(folder: String, edition: String, table: String) throws -> [ResultRow] {
        let required = [
            "table_name", "column_code", "column_label", "row_code", "row_label", "statistic", "value",
            "unweighted_base", "weighted_base", "effective_base", "column_letter", "significant_over", "flag",
        ]
        var rows: [ResultRow] = []
        for file in try RunFolder.tableFiles(in: folder) where file.partitions["edition"] == edition {
            let csv = try CSVRecords.table(file: file.path, required: required)
            let field = { (record: CSVRecords.Record, name: String) in record.fields[csv.index[name]!] }
            for record in csv.records where field(record, "table_name") == table {
                let number = { (name: String) throws -> Double in
                    guard let value = Double(field(record, name)) else {
                        throw TallyError.badData(
                            DataLocation(file: file.path, line: record.line, field: name),
                            "'\(field(record, name))' is not a number")
                    }
                    return value
                }
                let text = field(record, "value")
                var value = ResultValue.empty
                if let whole = Int(text) {
                    value = .integer(whole)
                } else if !text.isEmpty {
                    value = .real(try number("value"))
                }
                rows.append(
                    ResultRow(
                        banner: file.partitions["banner"] ?? "", table: table, question: "",
                        columnCode: field(record, "column_code"), column: field(record, "column_label"),
                        rowCode: field(record, "row_code"), row: field(record, "row_label"),
                        statistic: field(record, "statistic"), value: value,
                        unweightedBase: Int(try number("unweighted_base")), weightedBase: try number("weighted_base"),
                        effectiveBase: try number("effective_base"), columnLetter: field(record, "column_letter"),
                        significantOver: field(record, "significant_over"),
                        flag: BaseFlag(rawValue: field(record, "flag"))))
            }
        }
        return rows
    }
}
