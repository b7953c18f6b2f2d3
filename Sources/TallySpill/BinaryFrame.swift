import Crypto
import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The framing of Tally's binary files (partial states): an 8-byte magic, a little-endian `UInt32` format version, the
/// body, and a trailer of `TALLYEND` and the SHA-256 of everything before it, so a
/// file that was cut short or damaged is refused as a whole.
package struct BinaryFrame {
    /// The 8 ASCII bytes a file of this kind starts with.
    package let magic: String
    /// The format version this build writes and reads.
    package let version: UInt32
    /// What the file is, for messages ("partial state").
    package let kind: String

    /// A kind of file: its magic, format version and name for messages.
    package init(magic: String, version: UInt32, kind: String) {
        self.magic = magic
        self.version = version
        self.kind = kind
    }

    package static let trailer = Array("TALLYEND".utf8)

    /// The framed bytes of a body.
    package func frame(_ body: BinaryWriter) -> [UInt8] {
        var bytes = Array(magic.utf8)
        var header = BinaryWriter()
        header.u32(version)
        bytes += header.bytes + body.bytes + Self.trailer
        bytes += Array(SHA256.hash(data: bytes))
        return bytes
    }

    /// Reads a framed file and returns a reader over its body.
    /// - Throws: `TallyError.badData` naming the file when it is not of this kind,
    ///   has another format version, or is truncated or damaged.
    package func open(_ path: String, bytes: [UInt8]) throws -> BinaryReader {
        let magicBytes = Array(magic.utf8)
        guard bytes.count >= magicBytes.count + 4, Array(bytes[0..<magicBytes.count]) == magicBytes else {
            throw TallyError.badData(
                DataLocation(file: path), "not a Tally \(kind) file (it does not start with '\(magic)')")
        }
        var header = BinaryReader(bytes[magicBytes.count..<magicBytes.count + 4], path: path, kind: kind)
        let found = try header.u32()
        guard found == version else {
            throw TallyError.badData(
                DataLocation(file: path),
                "\(kind) format version \(found); this tally (\(TallyVersion.current)) reads version \(version) only; rerun the stage that wrote it with this tally"
            )
        }
        let digestStart = bytes.count - 32
        let trailerStart = digestStart - Self.trailer.count
        guard trailerStart >= magicBytes.count + 4, Array(bytes[trailerStart..<digestStart]) == Self.trailer,
            Array(SHA256.hash(data: bytes[..<digestStart])) == Array(bytes[digestStart...])
        else {
            throw TallyError.badData(
                DataLocation(file: path), "\(kind) file is truncated or damaged (its SHA-256 trailer does not match)")
        }
        return BinaryReader(bytes[(magicBytes.count + 4)..<trailerStart], path: path, kind: kind)
    }

    /// Writes a framed body to `path` through a temporary file and a rename, so the
    /// file is complete or absent.
    package func write(_ body: BinaryWriter, to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Data(frame(body)).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw TallyError.cannotWrite(path: path, message: "\(error.localizedDescription)", errno: nil)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(code)), errno: code)
        }
    }

    /// Reads and opens a framed file.
    /// - Throws: `TallyError.inputMissing` when it cannot be read, else as `open(_:bytes:)`.
    package func read(_ path: String) throws -> BinaryReader {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TallyError.inputMissing(path: path, message: "cannot read this \(kind) file")
        }
        return try open(path, bytes: [UInt8](data))
    }
}

/// Appends little-endian values to a byte buffer.
package struct BinaryWriter {
    package private(set) var bytes: [UInt8] = []

    /// An empty buffer.
    package init() {}

    package mutating func u8(_ value: UInt8) { bytes.append(value) }

    package mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    package mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    package mutating func int(_ value: Int) { u64(UInt64(bitPattern: Int64(value))) }

    package mutating func double(_ value: Double) { u64(value.bitPattern) }

    package mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }

    /// A count, then raw bytes.
    package mutating func blob(_ value: ArraySlice<UInt8>) {
        int(value.count)
        bytes += value
    }

    package mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    package mutating func ints(_ values: [Int]) {
        words(values.map { UInt64(bitPattern: Int64($0)) })
    }

    package mutating func doubles(_ values: [Double]) {
        words(values.map { $0.bitPattern })
    }

    package mutating func u64s(_ values: [UInt64]) {
        words(values)
    }

    /// A count, then 64-bit words in little-endian order, appended in one copy.
    private mutating func words(_ values: [UInt64]) {
        int(values.count)
        values.map { $0.littleEndian }.withUnsafeBytes { bytes += $0 }
    }

    package mutating func optionalDouble(_ value: Double?) {
        u8(value == nil ? 0 : 1)
        double(value ?? 0)
    }

    /// A section: a 4-byte tag, then the byte length of its content, then the content.
    package mutating func section(_ tag: String, _ content: (inout BinaryWriter) -> Void) {
        var inner = BinaryWriter()
        content(&inner)
        bytes += Array(tag.utf8)
        int(inner.bytes.count)
        bytes += inner.bytes
    }
}

/// Reads little-endian values written by `BinaryWriter`, refusing to read past the end.
package struct BinaryReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private let path: String
    private let kind: String

    package init(_ bytes: ArraySlice<UInt8>, path: String, kind: String) {
        self.bytes = bytes
        position = bytes.startIndex
        self.path = path
        self.kind = kind
    }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { position == bytes.endIndex }

    /// A failure at the current position.
    package func damaged(_ message: String) -> TallyError {
        .badData(DataLocation(file: path), "damaged \(kind) file at byte \(position): \(message)")
    }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, bytes.endIndex - position >= count else {
            throw damaged("\(count) more bytes expected, \(bytes.endIndex - position) left")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    package mutating func u8() throws -> UInt8 { try take(1).first! }

    package mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    package mutating func u64() throws -> UInt64 {
        let raw = try take(8)
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: raw) }
        return UInt64(littleEndian: value)
    }

    package mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }

    package mutating func double() throws -> Double { Double(bitPattern: try u64()) }

    /// A count of items of at least `itemSize` bytes each, checked against what is left.
    private mutating func count(itemSize: Int) throws -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.endIndex - position) / itemSize else {
            throw damaged("a count of \(count) items does not fit in the \(bytes.endIndex - position) bytes left")
        }
        return count
    }

    package mutating func string() throws -> String {
        let length = try count(itemSize: 1)
        guard let text = String(validating: try take(length), as: UTF8.self) else { throw damaged("text is not UTF-8") }
        return text
    }

    /// A count, then raw bytes (a view of the file's bytes, not a copy).
    package mutating func blob() throws -> ArraySlice<UInt8> {
        try take(try count(itemSize: 1))
    }

    package mutating func strings() throws -> [String] {
        try (0..<count(itemSize: 8)).map { _ in try string() }
    }

    package mutating func ints() throws -> [Int] {
        try words().map { Int(Int64(bitPattern: $0)) }
    }

    package mutating func doubles() throws -> [Double] {
        try words().map(Double.init(bitPattern:))
    }

    package mutating func u64s() throws -> [UInt64] {
        try words()
    }

    /// A count, then that many little-endian 64-bit words, read in one copy.
    private mutating func words() throws -> [UInt64] {
        let count = try count(itemSize: 8)
        let raw = try take(count * 8)
        var values = [UInt64](repeating: 0, count: count)
        values.withUnsafeMutableBytes { $0.copyBytes(from: raw) }
        return values.map(UInt64.init(littleEndian:))
    }

    package mutating func optionalDouble() throws -> Double? {
        let present = try u8()
        let value = try double()
        switch present {
        case 0: return nil
        case 1: return value
        default: throw damaged("flag \(present) is neither 0 nor 1")
        }
    }

    /// Reads a section with the expected tag; `content` must read it exactly.
    package mutating func section<T>(_ tag: String, _ content: (inout BinaryReader) throws -> T) throws -> T {
        let found = try take(4)
        guard Array(found) == Array(tag.utf8) else {
            throw damaged("section '\(tag)' expected, found '\(String(decoding: found, as: UTF8.self))'")
        }
        let length = try count(itemSize: 1)
        var inner = BinaryReader(try take(length), path: path, kind: kind)
        let value = try content(&inner)
        guard inner.isAtEnd else { throw inner.damaged("section '\(tag)' has bytes left over") }
        return value
    }
}
