import Foundation

/// A presented table as text: for a terminal (fitted to its width, banners wrapped
/// onto further blocks, colour on request), as a Markdown table or as CSV.
extension PresentedTable {
    /// How the table is written.
    public enum TextFormat: String, Sendable, CaseIterable {
        case text, markdown, csv
    }

    /// The table written in `format`.
    /// - Parameters:
    ///   - width: the terminal's width, for `text`: banners that do not fit go to further blocks.
    ///   - colour: whether `text` may use ANSI colours (letters, markers, bold percentages).
    public func text(_ format: TextFormat, width: Int = 100, colour: Bool = false) -> String {
        switch format {
        case .text: return terminalText(width: width, colour: colour)
        case .markdown: return markdown
        case .csv: return csv
        }
    }

    /// Lines that go under a table in `format` (its tests of independence): after a
    /// blank line, wrapped between words to `width` with continuations indented in
    /// `text`, a list in `markdown`; none in `csv`, which holds the table alone.
    public static func notes(_ lines: [String], format: TextFormat, width: Int = 100) -> String {
        guard !lines.isEmpty else { return "" }
        switch format {
        case .text:
            return "\n"
                + lines.map { line in
                    wrapped(line, width: width - 2).enumerated().map {
                        ($0.offset == 0 ? "" : "  ") + $0.element + "\n"
                    }
                    .joined()
                }.joined()
        case .markdown: return "\n" + lines.map { "- \($0)\n" }.joined()
        case .csv: return ""
        }
    }

    /// A cell as it reads: `47%`, `8.47`, `1,234`, `–`, `**`, with its letters and low-base mark.
    func cellText(_ cell: Cell, statistic: String, column: Column) -> String {
        var text: String
        switch cell.value {
        case .number(let value):
            switch statistic {
            case "percent": text = String(format: "%.0f%%", value)
            case "count", "weighted_count", "rank": text = NumberText.grouped(value)
            default: text = String(format: "%.2f", value)
            }
            if column.flag == .lowBase { text += "*" }
        case .suppressed: text = "**"
        case .dash: text = "\u{2013}"
        case .empty: text = ""
        }
        return cell.letters.isEmpty ? text : text + " " + cell.letters
    }

    /// The base rows' lines: label and one text per column.
    var baseLines: [(label: String, cells: [String])] {
        [
            ("Unweighted base", columns.map { NumberText.grouped(Double($0.unweightedBase)) + Self.mark($0) }),
            ("Weighted base", columns.map { NumberText.grouped($0.weightedBase.rounded()) }),
        ]
    }

    /// `*` beside a low base, `**` beside a suppressed one.
    private static func mark(_ column: Column) -> String {
        switch column.flag {
        case .lowBase?: return "*"
        case .suppressed?: return "**"
        case nil: return ""
        }
    }

    /// Every line's label and cell texts: the bases, then the answers.
    var textLines: [(label: String, cells: [String], isFirst: Bool)] {
        baseLines.map { ($0.label, $0.cells, false) }
            + lines.map { line in
                (
                    line.label, zip(line.cells, columns).map { cellText($0, statistic: line.statistic, column: $1) },
                    line.isFirst
                )
            }
    }

    /// The title block's lines.
    var header: [String] {
        [title, question.isEmpty ? "[\(questionKey)]" : "\(question) [\(questionKey)]", "Base: \(baseText)"]
    }

    /// A column's heading: its label and letter (`Consumers (A)`).
    func heading(_ column: Column) -> String {
        column.letter.isEmpty ? column.label : "\(column.label) (\(column.letter))"
    }

    private var markdown: String {
        var text = header.map { "**\($0)**" }.prefix(1).joined() + "\n\n" + header.dropFirst().joined(separator: "  \n")
        text += "\n\n"
        let headings = banners.flatMap { span in
            span.columns.map { (span.heading == "Total" ? "" : span.heading + ": ") + heading(columns[$0]) }
        }
        let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
        text += "| | " + headings.map(escape).joined(separator: " | ") + " |\n"
        text += "|---|" + String(repeating: "---:|", count: columns.count) + "\n"
        for line in textLines {
            let label = line.isFirst ? "**\(escape(line.label))**" : escape(line.label)
            text += "| \(label) | " + line.cells.map(escape).joined(separator: " | ") + " |\n"
        }
        return text
    }

    private var csv: String {
        var text = CSVText()
        text.line([""] + banners.flatMap { span in span.columns.map { _ in span.heading } })
        text.line([""] + columns.map(heading))
        for line in textLines { text.line([line.label] + line.cells) }
        return String(decoding: text.bytes, as: UTF8.self)
    }
}
