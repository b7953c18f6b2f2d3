import Synchronization

/// Where a chart's pieces land across the page: positions are worked out left to
/// right and mirrored for a page read right to left, so that bars grow from the
/// reading start and a scale's agreement sits on the reading side's end. Text keeps
/// its anchors: SVG resolves `start` and `end` against the page's direction.
struct ChartMirror {
    /// The chart's width.
    let width: Double
    let rightToLeft: Bool

    /// A position, mirrored when the page reads right to left.
    func x(_ x: Double) -> Double {
        rightToLeft ? width - x : x
    }

    /// The left edge of a box that starts at `x` (left to right) and is `extent` wide.
    func left(_ x: Double, extent: Double) -> Double {
        rightToLeft ? width - x - extent : x
    }
}

/// How wide a label is for a chart's layout, in units of a Latin letter: Chinese,
/// Japanese and Korean characters count two.
enum LabelWidth {
    /// The label's width in letter units.
    static func units(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// Whether a character is drawn full width (CJK ideographs, kana, Hangul, full-width forms).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
            0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            return true
        default:
            return false
        }
    }

    /// A label cut into lines of at most `limit` units: at spaces, and before or after
    /// a wide character (Chinese has no spaces; closing punctuation stays with what it
    /// closes); two lines at most, the second ending in `…` when more is left.
    static func lines(of label: String, limit: Int) -> [String] {
        let key = LineKey(label: label, limit: limit)
        if let known = cache.withLock({ $0[key] }) { return known }
        let lines = cut(label, limit: limit)
        cache.withLock { $0[key] = lines }
        return lines
    }

    /// A label cut for one width, remembered: a report draws the same labels in many
    /// charts (each profile repeats the key statistics').
    private struct LineKey: Hashable {
        var label: String
        var limit: Int
    }

    private static let cache = Mutex<[LineKey: [String]]>([:])

    private static func cut(_ label: String, limit: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var width = 0
        for piece in pieces(of: label) {
            let pieceWidth = units(piece.text)
            let space = piece.afterSpace ? 1 : 0
            if current.isEmpty {
                (current, width) = (piece.text, pieceWidth)
            } else if width + space + pieceWidth <= limit {
                current += (space == 1 ? " " : "") + piece.text
                width += space + pieceWidth
            } else {
                lines.append(current)
                (current, width) = (piece.text, pieceWidth)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > 2 else { return lines.isEmpty ? [""] : lines }
        return [lines[0], prefix(lines[1], units: limit - 2) + "…"]
    }

    /// The longest start of `text` at most `units` wide.
    static func prefix(_ text: String, units limit: Int) -> String {
        var kept = ""
        var width = 0
        for character in text {
            let characterWidth = units(String(character))
            guard width + characterWidth <= limit else { break }
            kept.append(character)
            width += characterWidth
        }
        return kept
    }

    /// Where a label may break: its words, and each wide character on its own.
    private static func pieces(of label: String) -> [(text: String, afterSpace: Bool)] {
        guard label.unicodeScalars.contains(where: { isWide($0) || closingScalars.contains($0) }) else {
            // No wide character: the words are the pieces.
            return label.split(separator: " ").enumerated().map { (String($1), $0 > 0) }
        }
        var pieces: [(text: String, afterSpace: Bool)] = []
        for word in label.split(separator: " ") {
            var afterSpace = !pieces.isEmpty
            var narrow = ""
            for character in word {
                let wide = character.unicodeScalars.first.map(isWide) ?? false
                if closing.contains(character), !narrow.isEmpty || !pieces.isEmpty {
                    // Closing punctuation never starts a line.
                    if narrow.isEmpty {
                        pieces[pieces.count - 1].text.append(character)
                    } else {
                        narrow.append(character)
                    }
                } else if wide {
                    if !narrow.isEmpty { pieces.append((narrow, afterSpace)) }
                    pieces.append((String(character), !narrow.isEmpty ? false : afterSpace))
                    (narrow, afterSpace) = ("", false)
                } else {
                    narrow.append(character)
                }
            }
            if !narrow.isEmpty { pieces.append((narrow, afterSpace)) }
        }
        return pieces
    }

    /// Punctuation that ends what it follows.
    private static let closing: Set<Character> = ["）", "」", "』", "、", "，", "。", "：", "；", "！", "？", "》", "〉"]
    private static let closingScalars = Set(closing.compactMap(\.unicodeScalars.first))
}
