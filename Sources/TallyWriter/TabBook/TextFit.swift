/// How many lines a wrapped text takes in a column, estimated from its characters,
/// so that rows of wrapped text get their height in the file (LibreOffice does not
/// grow them when it opens one).
enum TextFit {
    /// The height of one line of 10-point text, in points.
    static let lineHeight = 12.75
    /// The height of one line of 8-point text (test letters), in points.
    static let smallLineHeight = 10.5

    /// The lines `text` wraps to at word boundaries in a column `width` characters wide,
    /// each character `scale` characters wide (1 for 10-point text, 0.8 for 8-point).
    static func lines(_ text: String, width: Double, scale: Double = 1) -> Int {
        guard !text.isEmpty, width > 0 else { return 1 }
        var lines = 1
        var used = 0.0
        for word in text.split(separator: " ") {
            let length = Double(word.count) * scale
            let needed = used == 0 ? length : used + scale + length
            if needed <= width {
                used = needed
            } else if used == 0 {
                // A word longer than the column breaks where the column ends.
                lines += Int((length / width).rounded(.up)) - 1
                used = length.truncatingRemainder(dividingBy: width)
            } else {
                lines += 1
                used = min(length, width)
                if length > width { lines += Int((length / width).rounded(.up)) - 1 }
            }
        }
        return lines
    }

    /// The height of a row whose tallest cell wraps to `lines` lines; nil for one line.
    static func height(lines: Int) -> Double? {
        lines > 1 ? Double(lines) * lineHeight : nil
    }
}
