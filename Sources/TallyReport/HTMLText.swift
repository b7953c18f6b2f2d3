/// Text made safe for HTML: in element content and in quoted attribute values.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references; everything else as it is
    /// (right-to-left marks and other scripts stay text).
    static func escaped(_ text: String) -> String {
        // Most labels need nothing: return them as they are.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A number for an attribute or SVG coordinate: shortest round-trip form, no exponent
    /// for the sizes a chart uses.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
