import TallyAggregator

/// Values as Tally writes them in CSV: numbers in full precision (the shortest
/// text that reads back as the same `Double`; rounding is left to presentation).
package enum CSVFormatting {
    /// A real number in shortest round-trip form (`12.0`, `33.33333333333333`).
    package static func number(_ value: Double) -> String {
        value.description
    }

    /// A result value; empty for `.empty`.
    static func value(_ value: ResultValue) -> String {
        switch value {
        case .integer(let count): return String(count)
        case .real(let real): return number(real)
        case .empty: return ""
        }
    }
}

/// CSV text as Tally writes it, built straight into bytes field by field, without
/// a `String` per line: RFC 4180 quoting where needed, LF line ends, and numbers as
/// `CSVFormatting` writes them.
package struct CSVText {
    package private(set) var bytes: [UInt8] = []
    private var atLineStart = true

    package init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends a field, quoted when it holds a comma, a quote or a line break, or always
    /// when `alwaysQuoted` (labels: a CSV sniffer that sees quotes in every row learns the
    /// quote character from its sample, not only from the rare label with a comma).
    package mutating func field(_ text: String, alwaysQuoted: Bool = false) {
        separate()
        var text = text
        let quoted = text.withUTF8 { utf8 in
            guard !alwaysQuoted else { return true }
            guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
            else {
                bytes.append(contentsOf: utf8)
                return false
            }
            return true
        }
        if quoted {
            // Quoted, with each quote doubled, byte by byte (quoted fields are rare).
            let quote = UInt8(ascii: "\"")
            bytes.append(quote)
            for byte in text.utf8 {
                if byte == quote { bytes.append(quote) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
    }

    /// Appends a real number in shortest round-trip form.
    mutating func number(_ value: Double) {
        field(CSVFormatting.number(value))
    }

    /// Appends a field for each text, then ends the line.
    package mutating func line(_ fields: [String]) {
        for text in fields { field(text) }
        endLine()
    }

    /// Hands the text written so far to `emit` once it holds at least `size` bytes, and starts afresh.
    mutating func flush(atLeast size: Int = 1 << 20, to emit: ([UInt8]) throws -> Void) rethrows {
        guard bytes.count >= size else { return }
        try emit(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Ends the current line with LF.
    mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
        atLineStart = true
    }

    private mutating func separate() {
        if !atLineStart { bytes.append(UInt8(ascii: ",")) }
        atLineStart = false
    }
}
