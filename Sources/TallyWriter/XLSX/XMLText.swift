import Foundation

/// Text made safe for a spreadsheet cell and for XML.
enum XMLText {
    /// The characters that make a spreadsheet (or a CSV exported from it) read a
    /// text cell as a formula when they come first.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell's text with characters XML 1.0 cannot hold dropped, `_xHHHH_`
    /// sequences protected (Excel would decode them) and, when it would start
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return, a leading apostrophe `'`.
    static func cellText(_ text: String) -> String {
        var clean = String(String.UnicodeScalarView(text.unicodeScalars.filter(isAllowed)))
        clean = protectingEscapes(clean)
        if let first = clean.first, formulaStarts.contains(first) { clean = "'" + clean }
        return clean
    }

    /// Text escaped for XML character data and attribute values, with characters XML 1.0 cannot hold dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether XML 1.0 allows the character: tab, line feed, carriage return, and
    /// everything from U+0020 except U+FFFE and U+FFFF (Swift strings hold no surrogates).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// `_x0041_` in a cell is read by Excel as the character U+0041; the
    /// underscore of such a sequence is written as `_x005F_` so the text reads back as written.
    static func protectingEscapes(_ text: String) -> String {
        guard text.contains("_x") || text.contains("_X") else { return text }
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_", index + 6 < characters.count,
                characters[index + 1] == "x" || characters[index + 1] == "X",
                characters[(index + 2)...(index + 5)].allSatisfy(\.isHexDigit), characters[index + 6] == "_"
            {
                result += "_x005F_"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
