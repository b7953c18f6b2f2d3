import TallyModel

/// The spelling rules for names in a definition, and small helpers for messages.
enum NameRules {
    /// A field name: `^[A-Za-z_][A-Za-z0-9_]*$`.
    static func isFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLetter(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" }
    }

    /// A table or banner name: `^[A-Za-z0-9_-]+$`.
    static func isTableName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" }
    }

    /// An edition: `^[A-Za-z0-9._-]+$`, and not only dots (`.` and `..` are not folder names).
    static func isEditionName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || "._-".unicodeScalars.contains($0) }
            && !name.allSatisfy { $0 == "." }
    }

    /// An ISO 8601 calendar date `YYYY-MM-DD` that exists (leap years included).
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy(isDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}

/// Helpers for readable messages.
package enum Phrase {
    /// `a, b, c`, cut after `limit` items with a count of the rest.
    package static func list(_ items: [String], limit: Int = 12) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    /// `'a', 'b' or 'c'`.
    package static func alternatives(_ items: [String]) -> String {
        let quoted = items.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
    }

    /// A number as a person writes it: `1964`, `2.5`, `.inf`.
    package static func number(_ value: Double) -> String {
        if value == .infinity { return ".inf" }
        if value == -.infinity { return "-.inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

/// The field types a definition can declare, and what each accepts.
enum FieldType: String, CaseIterable {
    case single, scale, multi, numeric

    /// The keys a field of this type may hold.
    var keys: [String] {
        switch self {
        case .single, .scale: return ["name", "label", "type", "column", "codes", "nets", "synth"]
        case .multi: return ["name", "label", "type", "options", "nets", "synth"]
        case .numeric: return ["name", "label", "type", "column", "range", "synth"]
        }
    }

    /// Every key some field type accepts.
    static let allKeys = ["name", "label", "type", "column", "codes", "options", "nets", "range", "synth"]
}

extension FieldKind {
    /// `a single field`, `a derived bins field`.
    package var described: String {
        switch self {
        case .bins: return "a derived bins field"
        case .count: return "a derived count field"
        case .single, .multi, .numeric: break
        }
        return "a \(name) field"
    }

    /// The statistics a table of a field of this kind can report.
    var acceptedStatistics: [Statistic] {
        switch self {
        case .single(let spec) where spec.isScale:
            return [.count, .weightedCount, .percent, .rank, .ratio, .mean, .standardDeviation]
        case .single: return [.count, .weightedCount, .percent, .rank, .ratio]
        case .multi, .bins: return [.count, .weightedCount, .percent, .rank]
        case .numeric, .count: return [.mean, .standardDeviation]
        }
    }
}
