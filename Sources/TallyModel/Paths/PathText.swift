/// Paths as text: the forms messages and manifests show.
public enum PathText {
    /// A path with `.` and `name/..` steps removed, so messages show `Fixtures/a.csv.gz`
    /// rather than `Pipelines/../Fixtures/a.csv.gz`.
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// A name or message fit for one line of a log: control characters (a newline
    /// in a file name, say) are written as escapes, so no text can forge a line.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isRawByte($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            case _ where isRawByte(scalar):
                result += "\\x" + String(scalar.value - rawByteBase, radix: 16, uppercase: true)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

extension PathText {
    /// The first of the private-use scalars that stand for bytes of a file name
    /// that are not UTF-8: byte `b` (0x80 to 0xFF) is `U+EF00 + b`, as in OPTU-8.
    private static let rawByteBase: UInt32 = 0xEF00

    /// A file name's bytes as text: UTF-8 as it is, and each byte that is not part
    /// of valid UTF-8 as a private-use scalar, so the name round-trips to the same
    /// bytes through `withFileSystemPath`.
    public static func fromFileSystem(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            // Decode one scalar; a byte the decoder rejects stands for itself.
            var decoder = UTF8()
            var rest = bytes[index...].makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&rest) {
                result.append(scalar)
                index += scalar.utf8.count
            } else {
                result.append(Unicode.Scalar(rawByteBase + UInt32(bytes[index]))!)
                index += 1
            }
        }
        return String(result)
    }

    /// A C string from the system (an argument, a directory entry) as `fromFileSystem` reads its bytes.
    public static func fromFileSystem(cString: UnsafePointer<CChar>) -> String {
        var length = 0
        while cString[length] != 0 { length += 1 }
        return fromFileSystem(UnsafeBufferPointer(start: cString, count: length).map(UInt8.init(bitPattern:)))
    }

    /// Calls `body` with the file-system bytes of a path made by `fromFileSystem`.
    public static func withFileSystemPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        guard path.unicodeScalars.contains(where: isRawByte) else { return try path.withCString(body) }
        var bytes: [CChar] = []
        for scalar in path.unicodeScalars {
            if isRawByte(scalar) {
                bytes.append(CChar(bitPattern: UInt8(scalar.value - rawByteBase)))
            } else {
                bytes += scalar.utf8.map { CChar(bitPattern: $0) }
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    static func isRawByte(_ scalar: Unicode.Scalar) -> Bool {
        (rawByteBase + 0x80...rawByteBase + 0xFF).contains(scalar.value)
    }
}
