#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses decimal numbers from ASCII bytes: an optional sign, digits with an
/// optional fraction, and an optional exponent (`12`, `-3.5`, `.5`, `1e3`).
enum DecimalParser {
    /// Powers of ten up to the fast path's 15 digits, all exact as `Double`.
    private static let exactPowersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// The longest text handed to `strtod`.
    private static let longestSlowText = 64

    /// The finite number the bytes spell, or nil when they are not one.
    @inline(__always)
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = parsePlain(text) { return value }
        return parseGeneral(text)
    }

    /// The fast path: at most 15 digits and no exponent. Both the digits and the
    /// power of ten are then exact, so one division rounds correctly.
    @inline(__always)
    private static func parsePlain(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !text.isEmpty else { return nil }
        let sign = text[0]
        let isNegative = sign == UInt8(ascii: "-")
        var index = isNegative || sign == UInt8(ascii: "+") ? 1 : 0
        var digits: UInt64 = 0
        var digitCount = 0
        var pointAt = -1
        while index < text.count {
            let digit = UInt64(text[index]) &- UInt64(UInt8(ascii: "0"))
            if digit <= 9 {
                digits = digits &* 10 &+ digit
                digitCount &+= 1
            } else if text[index] == UInt8(ascii: "."), pointAt < 0 {
                pointAt = digitCount
            } else {
                return nil
            }
            index &+= 1
        }
        guard digitCount > 0, digitCount <= 15 else { return nil }
        let magnitude: Double
        if pointAt < 0 || pointAt == digitCount {
            magnitude = Double(digits)
        } else {
            magnitude = Double(digits) / exactPowersOfTen[digitCount - pointAt]
        }
        return isNegative ? -magnitude : magnitude
    }

    /// Exponents and long digit strings, through `strtod` on a stack copy.
    @inline(never)
    private static func parseGeneral(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !text.isEmpty, text.count <= longestSlowText,
            text.allSatisfy({
                isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                    || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
            }),
            text.contains(where: isDigit)
        else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            guard let start = buffer.baseAddress else { return nil }
            for (offset, byte) in text.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            buffer[text.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            guard end == start + text.count, value.isFinite else { return nil }
            return value
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
