import Foundation
import TallyModel

/// The table rows of one run folder, keyed for `RunDiff`.
struct DiffTables {
    /// A table of one edition.
    struct TableID: Hashable, Comparable {
        var edition: String
        var table: String

        static func < (a: TableID, b: TableID) -> Bool {
            (a.edition, a.table) < (b.edition, b.table)
        }
    }

    /// What identifies a row: its table, banner, column, answer and statistic, and
    /// how many rows with the same identity came before it in the run (a file
    /// partitioned by table alone holds every banner's `total` column).
    struct Key: Hashable {
        var table: TableID
        var banner: String
        var columnCode: String
        var rowCode: String
        var statistic: String
        var occurrence: Int
    }

    /// One row: its fields, the header of its file and its parsed value.
    struct Row {
        var fields: [String]
        /// Index into `headers`.
        var header: Int
        var value: Double?
    }

    /// The columns read, by header name.
    static let required = ["table_name", "column_code", "row_code", "statistic", "value"]

    /// Each file's column positions by name.
    var headers: [[String: Int]] = []
    var rows: [Key: Row] = [:]
    /// Each table's row keys in file order.
    var keys: [TableID: [Key]] = [:]
    var editions: Set<String> = []
    /// Folders holding table files, relative to the run folder.
    var partitions: Set<String> = []
    var tables: Set<TableID> { Set(keys.keys) }

    /// Reads every `tables/.../part-*.csv` below a run folder (the edition from its
    /// `edition=` folder, the banner from its `banner=` folder, empty without one).
    /// - Throws: `TallyError.badData` naming the file and line of a row that cannot be read.
    static func read(folder: String) throws -> DiffTables {
        var run = DiffTables()
        var seen: [Key: Int] = [:]
        for file in try RunFolder.tableFiles(in: folder) {
            let edition = file.partitions["edition"] ?? ""
            let banner = file.partitions["banner"] ?? ""
            run.editions.insert(edition)
            run.partitions.insert(file.directory)
            let table = try CSVRecords.table(file: file.path, required: required)
            run.headers.append(table.index)
            let field = { (record: CSVRecords.Record, name: String) in record.fields[table.index[name]!] }
            for record in table.records {
                let id = TableID(edition: edition, table: field(record, "table_name"))
                var key = Key(
                    table: id, banner: banner, columnCode: field(record, "column_code"),
                    rowCode: field(record, "row_code"), statistic: field(record, "statistic"), occurrence: 0)
                key.occurrence = seen[key, default: 0]
                seen[key] = key.occurrence + 1
                let text = field(record, "value")
                let value = text.isEmpty ? nil : Double(text)
                guard text.isEmpty || value?.isFinite == true else {
                    throw TallyError.badData(
                        DataLocation(file: file.path, line: record.line, field: "value"), "'\(text)' is not a number")
                }
                run.rows[key] = Row(fields: record.fields, header: run.headers.count - 1, value: value)
                run.keys[id, default: []].append(key)
            }
        }
        return run
    }

    /// The tables that differ between two runs, comparing the rows of these statistics
    /// (all when empty). A table's largest change is its largest change of a percentage
    /// (in points) when one changed, else its largest change of another statistic; tables
    /// with a changed percentage come first, largest first, then the others.
    static func changes(
        old: DiffTables, new: DiffTables, tolerance: Double, statistics: Set<String>
    ) -> [RunDiff.TableChange] {
        let included = { (key: Key) in statistics.isEmpty || statistics.contains(key.statistic) }
        var changes: [RunDiff.TableChange] = []
        for id in old.tables.union(new.tables).sorted() {
            let oldKeys = (old.keys[id] ?? []).filter(included)
            let newKeys = (new.keys[id] ?? []).filter(included)
            var change = RunDiff.TableChange(
                edition: id.edition, table: id.table, rowsAdded: newKeys.count(where: { old.rows[$0] == nil }),
                rowsRemoved: oldKeys.count(where: { new.rows[$0] == nil }), valuesChanged: 0, otherChanged: 0,
                largest: nil)
            for key in oldKeys {
                guard let a = old.rows[key], let b = new.rows[key] else { continue }
                switch (a.value, b.value) {
                case (let x?, let y?) where abs(y - x) > tolerance:
                    change.valuesChanged += 1
                    if Self.rank(key.statistic, abs(y - x)) > Self.rank(change.largest) {
                        change.largest = valueChange(key, a, b, old: old, new: new)
                    }
                case (nil, .some), (.some, nil):
                    change.valuesChanged += 1
                    if change.largest == nil { change.largest = valueChange(key, a, b, old: old, new: new) }
                default:
                    if otherColumnsDiffer(a, b, old: old, new: new, tolerance: tolerance) { change.otherChanged += 1 }
                }
            }
            if change.rowsAdded + change.rowsRemoved + change.valuesChanged + change.otherChanged > 0 {
                changes.append(change)
            }
        }
        // Stable: equal changes keep edition and table order.
        return changes.enumerated().sorted { left, right in
            let a = Self.rank(left.element.largest)
            let b = Self.rank(right.element.largest)
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
    }

    /// How a change ranks: a percentage's change in points above any other statistic's.
    static func rank(_ statistic: String, _ change: Double) -> Rank {
        Rank(isPercent: statistic == Statistic.percent.rawValue, change: change)
    }

    /// The rank of a table's largest change; below every change when there is none.
    static func rank(_ change: RunDiff.ValueChange?) -> Rank {
        guard let change else { return Rank(isPercent: false, change: -2) }
        return rank(change.statistic, change.change ?? -1)
    }

    /// A change's place in the ranking.
    struct Rank: Comparable {
        var isPercent: Bool
        var change: Double

        static func < (a: Rank, b: Rank) -> Bool {
            a.isPercent != b.isPercent ? !a.isPercent : a.change < b.change
        }
    }

    /// A row's change, with its labels from the new run.
    static func valueChange(_ key: Key, _ a: Row, _ b: Row, old: DiffTables, new: DiffTables) -> RunDiff.ValueChange {
        let label = { (name: String) -> String in
            new.headers[b.header][name].map { b.fields[$0] } ?? old.headers[a.header][name].map { a.fields[$0] } ?? ""
        }
        var change: Double? = nil
        if let x = a.value, let y = b.value { change = abs(y - x) }
        return RunDiff.ValueChange(
            banner: key.banner, columnCode: key.columnCode, column: label("column_label"), rowCode: key.rowCode,
            row: label("row_label"), statistic: key.statistic, old: a.value, new: b.value, change: change)
    }

    /// Whether a column both rows have, other than `value`, differs: as text, or as
    /// numbers by more than the tolerance.
    static func otherColumnsDiffer(_ a: Row, _ b: Row, old: DiffTables, new: DiffTables, tolerance: Double) -> Bool {
        let newHeader = new.headers[b.header]
        for (name, position) in old.headers[a.header] where name != "value" {
            guard let other = newHeader[name] else { continue }
            let x = a.fields[position]
            let y = b.fields[other]
            if x == y { continue }
            if let p = Double(x), let q = Double(y), abs(q - p) <= tolerance { continue }
            return true
        }
        return false
    }
}
