import Foundation
import TallyWriter

extension RunDiff {
    /// A short account for people: one line per kind of change, then one line
    /// per changed table, largest change first (numbers to 6 significant digits).
    public var report: String {
        var lines: [String] = []
        // Name the edition only when the runs hold more than one.
        let named = editions.count > 1
        let prefix = { (edition: String) in named ? "edition \(edition): " : "" }
        for definition in definitions {
            lines.append(
                "definition: \(prefix(definition.edition))changed (sha256 \(definition.old.prefix(12)) -> \(definition.new.prefix(12)))"
            )
        }
        var inputs: [String] = inputsChanged.map { input in
            let fields = input.fields.filter { $0 != "file" }.joined(separator: ", ")
            let was = input.oldFile == input.file ? "" : "; was \(input.oldFile)"
            return "\(prefix(input.edition))changed \(input.file) (\(fields)\(was))"
        }
        inputs += inputsAdded.map { "\(prefix($0.edition))added \($0.file)" }
        inputs += inputsRemoved.map { "\(prefix($0.edition))removed \($0.file)" }
        if !inputsMoved.isEmpty {
            inputs.append("\(inputsMoved.count) unchanged read from another folder")
        }
        if !inputs.isEmpty { lines.append("inputs: " + inputs.joined(separator: "; ")) }
        if !counts.isEmpty {
            lines.append(
                "counts: "
                    + counts.map { "\(prefix($0.edition))\($0.name) \($0.old) -> \($0.new)" }.joined(separator: ", "))
        }
        for (name, added, removed) in [
            ("editions", editionsAdded, editionsRemoved), ("partitions", partitionsAdded, partitionsRemoved),
        ] where !added.isEmpty || !removed.isEmpty {
            let parts = added.map { "added \($0)" } + removed.map { "removed \($0)" }
            lines.append("\(name): " + parts.joined(separator: "; "))
        }
        guard changed else {
            return (lines + ["no changes (\(tablesCompared) tables compared)"]).joined(separator: "\n") + "\n"
        }
        lines.append("tables: \(tables.count) of \(tablesCompared) changed")
        for table in tables {
            let edition = named ? "edition \(table.edition), " : ""
            lines.append("  \(edition)\(table.table): " + Self.parts(of: table).joined(separator: "; "))
        }
        lines += independenceReport
        return lines.joined(separator: "\n") + "\n"
    }

    /// A changed table's account: its largest change (where, old and new), then its counts.
    static func parts(of table: TableChange) -> [String] {
        var parts: [String] = []
        if let largest = table.largest {
            let unit = largest.statistic == "percent" ? " points" : ""
            let size =
                largest.change.map { "largest change \(number($0))\(unit)" } ?? "a value appeared or went empty"
            var place = [largest.statistic]
            if !largest.banner.isEmpty { place.append("banner \(largest.banner)") }
            place.append("column \(largest.column) [\(largest.columnCode)]")
            if !largest.rowCode.isEmpty { place.append("answer \(largest.row) [\(largest.rowCode)]") }
            parts.append("\(size) (\(place.joined(separator: ", ")): \(number(largest.old)) -> \(number(largest.new)))")
        }
        for (count, what) in [
            (table.valuesChanged, "values changed"), (table.rowsAdded, "rows added"),
            (table.rowsRemoved, "rows removed"), (table.otherChanged, "rows with other columns changed"),
        ] where count > 0 {
            parts.append("\(count) \(what)")
        }
        return parts
    }

    /// The comparison as pretty JSON with sorted keys (numbers in full precision, `null` for empty values).
    public var json: String {
        let encoder = JSONFile.encoder
        // Every member is a string, a number, a Boolean or an array or object of them: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A number to 6 significant digits; `empty` for nil.
    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.6g", $0) } ?? "empty"
    }
}
