import Foundation

extension RunDiff {
    /// A short account for people: one line per kind of change, then one line
    /// per changed table, largest change first (numbers to 6 significant digits).
    public var report: String {
        var lines: [String] = []
        // Name the edition only when the runs hold more than one.
        let editions = Set(definitions.map(\.edition) + inputsChanged.map(\.edition) + counts.map(\.edition))
            .union(inputsAdded.map(\.edition) + inputsRemoved.map(\.edition))
        let named = editions.count > 1 || tables.contains { $0.edition != tables.first?.edition }
        let prefix = { (edition: String) in named ? "edition \(edition): " : "" }
        for definition in definitions {
            lines.append(
                "definition: \(prefix(definition.edition))changed (sha256 \(definition.old.prefix(12)) -> \(definition.new.prefix(12)))"
            )
        }
        var inputs: [String] = inputsChanged.map {
            "\(prefix($0.edition))changed \($0.file) (\($0.fields.joined(separator: ", ")))"
        }
        inputs += inputsAdded.map { "\(prefix($0.edition))added \($0.file)" }
        inputs += inputsRemoved.map { "\(prefix($0.edition))removed \($0.file)" }
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
        guard changed else { return "no changes (\(tablesCompared) tables compared)\n" }
        lines.append("tables: \(tables.count) of \(tablesCompared) changed")
        for table in tables {
            var parts: [String] = []
            if let largest = table.largest {
                let size =
                    largest.change.map { "largest change \(Self.number($0))" } ?? "a value appeared or went empty"
                parts.append(
                    "\(size) (\(largest.statistic), banner \(largest.banner), column \(largest.column) [\(largest.columnCode)], answer \(largest.row) [\(largest.rowCode)]: \(Self.number(largest.old)) -> \(Self.number(largest.new)))"
                )
            }
            for (count, what) in [
                (table.valuesChanged, "values changed"), (table.rowsAdded, "rows added"),
                (table.rowsRemoved, "rows removed"), (table.otherChanged, "rows with other columns changed"),
            ] where count > 0 {
                parts.append("\(count) \(what)")
            }
            let edition = table.edition.isEmpty ? "" : "edition \(table.edition), "
            lines.append("  \(edition)\(table.table): " + parts.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as pretty JSON with sorted keys (numbers in full precision, `null` for empty values).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every member is a string, a number, a Boolean or an array or object of them: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A number to 6 significant digits; `empty` for nil.
    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.6g", $0) } ?? "empty"
    }
}
