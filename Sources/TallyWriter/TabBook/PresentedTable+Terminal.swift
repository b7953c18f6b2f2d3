/// A presented table on a terminal: the label column, then the total and the
/// banners side by side as far as the width allows, further banners in further
/// blocks under it, each block with the labels again.
extension PresentedTable {
    /// The longest a label or a column heading line gets before it is cut or wrapped.
    static let labelLimit = 34
    static let headingLimit = 14

    func terminalText(width: Int, colour: Bool) -> String {
        let lines = textLines
        let labelWidth = min(Self.labelLimit, lines.map(\.label.count).max() ?? 0)
        let widths = columns.indices.map { index in
            let cells = lines.map { $0.cells[index].count }.max() ?? 0
            let words = columns[index].label.split(separator: " ").map(\.count).max() ?? 0
            let label = min(Self.headingLimit, max(words, columns[index].label.count))
            return max(cells, label, 3)
        }
        var text = header.joined(separator: "\n") + "\n"
        for block in blocks(widths: widths, labelWidth: labelWidth, width: width) {
            text += "\n" + render(block, widths: widths, labelWidth: labelWidth, lines: lines, colour: colour)
        }
        return text
    }

    /// The spans shown together: the total with as many banners as fit, then the rest;
    /// a banner wider than the terminal is cut into pieces that fit, "(continued)".
    private func blocks(widths: [Int], labelWidth: Int, width: Int) -> [[BannerSpan]] {
        let total = banners.first { $0.heading == "Total" && $0.name.isEmpty }
        let spanWidth = { (span: BannerSpan) in span.columns.reduce(0) { $0 + widths[$1] + 2 } }
        let start = labelWidth + (total.map(spanWidth) ?? 0)
        let rest = banners.filter { $0 != total }.flatMap { span in
            Self.pieces(of: span, widths: widths, room: max(1, width - start))
        }
        var blocks: [[BannerSpan]] = []
        var current: [BannerSpan] = total.map { [$0] } ?? []
        var used = start
        for span in rest {
            if used + spanWidth(span) > width, current.count > (total == nil ? 0 : 1) {
                blocks.append(current)
                current = total.map { [$0] } ?? []
                used = start
            }
            current.append(span)
            used += spanWidth(span)
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// A banner's columns in pieces at most `room` characters wide (at least one column each).
    private static func pieces(of span: BannerSpan, widths: [Int], room: Int) -> [BannerSpan] {
        var pieces: [BannerSpan] = []
        var first = span.columns.lowerBound
        var used = 0
        for column in span.columns {
            if used + widths[column] + 2 > room, column > first {
                pieces.append(BannerSpan(name: span.name, heading: span.heading, columns: first..<column))
                (first, used) = (column, 0)
            }
            used += widths[column] + 2
        }
        pieces.append(BannerSpan(name: span.name, heading: span.heading, columns: first..<span.columns.upperBound))
        return pieces.enumerated().map { index, piece in
            var piece = piece
            if index > 0 { piece.heading += " (continued)" }
            return piece
        }
    }

    /// One block: banner headings, column labels (wrapped), letters, then every line.
    private func render(
        _ block: [BannerSpan], widths: [Int], labelWidth: Int, lines: [(label: String, cells: [String], isFirst: Bool)],
        colour: Bool
    ) -> String {
        let columnIndices = block.flatMap { Array($0.columns) }
        let pad = { (text: String, width: Int) in String(repeating: " ", count: max(0, width - text.count)) + text }
        var text = String(repeating: " ", count: labelWidth)
        for span in block {
            let spanWidth = span.columns.reduce(0) { $0 + widths[$1] + 2 } - 2
            text += "  " + pad(Self.cut(span.heading, to: spanWidth), spanWidth)
        }
        text += "\n"
        let labels = columnIndices.map { Self.wrapped(columns[$0].label, width: widths[$0]) }
        for row in 0..<(labels.map(\.count).max() ?? 0) {
            text += String(repeating: " ", count: labelWidth)
            for (index, column) in columnIndices.enumerated() {
                text += "  " + pad(row < labels[index].count ? labels[index][row] : "", widths[column])
            }
            text += "\n"
        }
        text += String(repeating: " ", count: labelWidth)
        for column in columnIndices {
            let letter = columns[column].letter.isEmpty ? "" : "(\(columns[column].letter))"
            text += "  " + pad(letter, widths[column])
        }
        text += "\n"
        for line in lines {
            let label = Self.cut(line.label, to: labelWidth)
            text += label + String(repeating: " ", count: labelWidth - label.count)
            for column in columnIndices {
                let cell = line.cells[column]
                text += "  " + String(repeating: " ", count: max(0, widths[column] - cell.count))
                text += colour ? Self.coloured(cell, bold: line.isFirst) : cell
            }
            text += "\n"
        }
        return text
    }

    /// Text cut to `width` characters, with `…` when cut.
    static func cut(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "\u{2026}"
    }

    /// Words wrapped onto lines of at most `width` characters (a longer word cut).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            if line.isEmpty {
                line = cut(word, to: width)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = cut(word, to: width)
            }
        }
        return lines + (line.isEmpty ? [] : [line])
    }

    /// A cell with ANSI colours: the number bold on an answer's first line, letters
    /// cyan, markers dim.
    static func coloured(_ cell: String, bold: Bool) -> String {
        let (reset, dim, cyan, strong) = ("\u{1B}[0m", "\u{1B}[2m", "\u{1B}[36m", "\u{1B}[1m")
        if cell == "\u{2013}" || cell == "**" { return dim + cell + reset }
        var parts = cell.split(separator: " ", maxSplits: 1).map(String.init)
        guard !parts.isEmpty else { return cell }
        var number = parts.removeFirst()
        var mark = ""
        if number.hasSuffix("*") {
            number.removeLast()
            mark = dim + "*" + reset
        }
        let letters = parts.first.map { " " + cyan + $0 + reset } ?? ""
        return (bold ? strong + number + reset : number) + mark + letters
    }
}
