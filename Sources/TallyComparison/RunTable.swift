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
        /// Its field's kind (`single`, `scale`, `multi`…); empty for a run before the column.
        public var fieldKind: String

        public init(
            edition: String, name: String, questionKey: String, title: String, wording: String, baseText: String,
            banners: [String], fieldKind: String = ""
        ) {
            (self.edition, self.name, self.questionKey, self.title, self.wording, self.baseText, self.banners) =
                (edition, name, questionKey, title, wording, baseText, banners)
            self.fieldKind = fieldKind
        }
    }

    /// What the tab book shows of the table besides its rows.
    public var table: TabBook.Table
    /// The table's rows, as written.
    public var rows: [ResultRow]
    /// Its tests of independence in banner order, with the level each is significant at.
    public var independence: [(test: IndependenceTest, significantAt: String)] = []

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
                    banners: field(record, "banners").split(separator: " ").map(String.init),
                    fieldKind: table.index["field_kind"].map { record.fields[$0] } ?? "")
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
        let rows = try RunResults.rows(folder: folder, edition: edition, tables: [name])[name] ?? []
        let banners = entry.banners.map { TabBook.Banner(name: $0, heading: $0) }
        let order = Dictionary(
            entry.banners.enumerated().map { (PartitionName.sanitized($1), $0) },
            uniquingKeysWith: { first, _ in first })
        let tests = try independence(folder: folder, edition: edition, table: name).map { read in
            var read = read
            if let index = order[read.test.banner] { read.test.banner = entry.banners[index] }
            return read
        }
        return RunTable(
            table: TabBook.Table(
                name: name, title: entry.title, question: entry.wording, questionKey: entry.questionKey,
                baseText: entry.baseText, banners: banners, statistics: statistics),
            rows: rows,
            independence: tests.sorted { (order[$0.test.banner] ?? .max) < (order[$1.test.banner] ?? .max) })
    }
}
