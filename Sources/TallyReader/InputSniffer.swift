/// Says what an input's bytes are when they are not the UTF-8 CSV text (plain or
/// gzip) Tally reads: another compression format, UTF-16 or UTF-32 text, binary
/// data, text in another encoding.
///
/// It looks only at the start of the data and at the header line, once per file
/// and on error paths; records are never checked byte by byte.
enum InputSniffer {
    /// The decoded bytes looked at before the header is read.
    static let sniffedLength = 64

    /// A format recognised by the bytes it starts with.
    private struct Signature: Sendable {
        /// How the bytes are shown in a message, e.g. `BZh`.
        var shown: String
        /// The format's name, e.g. `bzip2`.
        var name: String
        var matches: @Sendable ([UInt8]) -> Bool
    }

    /// Compressed and archive formats, recognised only by bytes no CSV text starts with.
    private static let compressed: [Signature] = [
        Signature(shown: "BZh", name: "bzip2") { bytes in
            // "BZh", a block size digit, then the magic of a block or of the end of the stream.
            bytes.count >= 10 && bytes.starts(with: Array("BZh".utf8)) && (0x31...0x39).contains(bytes[3])
                && (bytes[4..<10].elementsEqual(Array("1AY&SY".utf8))
                    || bytes[4..<10].elementsEqual([0x17, 0x72, 0x45, 0x38, 0x50, 0x90]))
        },
        Signature(shown: "FD 37 7A 58 5A 00", name: "xz") { $0.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) },
        Signature(shown: "28 B5 2F FD", name: "zstd") { $0.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) },
        Signature(shown: "PK 03 04", name: "zip") { $0.starts(with: [0x50, 0x4B, 0x03, 0x04]) },
        Signature(shown: "37 7A BC AF 27 1C", name: "7z") { $0.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) },
        Signature(shown: "", name: "zlib data without the gzip wrapper") { bytes in
            // RFC 1950: deflate with a window of at most 32 KiB, no preset dictionary and
            // a header check multiple of 31; then a control byte, or bytes that are not
            // UTF-8 (the last three aside, which may be a character cut by the sample's end).
            guard bytes.count >= 2 else { return false }
            let (method, flags) = (bytes[0], bytes[1])
            return method & 0x0F == 8 && method >> 4 <= 7 && flags & 0x20 == 0
                && (UInt16(method) << 8 | UInt16(flags)) % 31 == 0
                && (flags < 0x20 || firstInvalidUTF8(Array(bytes.dropLast(3))) != nil)
        },
    ]

    /// Byte-order marks of text Tally cannot read, longest first.
    private static let byteOrderMarks: [(bytes: [UInt8], encoding: String)] = [
        ([0xFF, 0xFE, 0x00, 0x00], "UTF-32 text (little-endian)"),
        ([0x00, 0x00, 0xFE, 0xFF], "UTF-32 text (big-endian)"),
        ([0xFF, 0xFE], "UTF-16 text (little-endian)"),
        ([0xFE, 0xFF], "UTF-16 text (big-endian)"),
    ]

    /// Why the data cannot be CSV text, judged from its first bytes; nil when it may be.
    /// - Parameters:
    ///   - start: the first decoded bytes (up to `sniffedLength`).
    ///   - name: the file's name as the user gave it.
    ///   - isCompressed: whether the bytes were inflated from gzip.
    static func problem(start: [UInt8], name: String, isCompressed: Bool) -> String? {
        for mark in byteOrderMarks where start.starts(with: mark.bytes) {
            return "\(mark.encoding), byte-order mark \(hex(mark.bytes)): convert it to UTF-8"
        }
        if let signature = compressed.first(where: { $0.matches(start) }) {
            let shown = signature.shown.isEmpty ? hex(Array(start.prefix(2))) : signature.shown
            return notCSV(name: name, isCompressed: isCompressed) + " (starts with \(shown): \(signature.name)?)"
        }
        guard let nul = start.firstIndex(of: 0) else { return nil }
        let odd = stride(from: 1, to: start.count, by: 2).allSatisfy { start[$0] == 0 }
        let even = stride(from: 0, to: start.count, by: 2).allSatisfy { start[$0] == 0 }
        if start.count >= 4, odd != even {
            return "UTF-16 text without a byte-order mark? (every other byte is 0): convert it to UTF-8"
        }
        return notCSV(name: name, isCompressed: isCompressed) + " (a NUL byte at byte \(nul): binary data?)"
    }

    /// What to say when the header does not hold the columns the definition reads,
    /// in place of that message, when the bytes explain it; nil when they do not.
    /// - Parameters:
    ///   - header: the header line's bytes, from decoded byte `offset`.
    ///   - start: the first decoded bytes.
    ///   - total: the decoded bytes in the whole file, when it is that short.
    static func headerProblem(
        header: [UInt8], offset: Int, start: [UInt8], total: Int?, name: String, isCompressed: Bool
    ) -> String? {
        let place = isCompressed ? " of the decompressed data" : ""
        if let invalid = firstInvalidUTF8(header) {
            return
                "not UTF-8 at byte \(offset + invalid)\(place) (\(hex(Array(header[invalid...].prefix(4))))): the header line is not UTF-8 text (another encoding, or not text at all?)"
        }
        if !isCompressed, name.hasSuffix(".gz") {
            let size = total.map { "; the file is \($0) \($0 == 1 ? "byte" : "bytes") long" } ?? ""
            return "not gzip data (starts with \(hex(Array(start.prefix(8)))), not 1F 8B\(size))"
        }
        if let total {
            return "the file holds only \(total) \(total == 1 ? "byte" : "bytes") (\(hex(start))), not a CSV header"
        }
        return nil
    }

    /// The offset of the first byte that does not begin a well-formed UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // RFC 3629: the sequence's length and the range of its second byte (no overlongs, no surrogates).
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xE1...0xEF: length = 3
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            case 0xF1...0xF3: length = 4
            default: return index
            }
            guard index + length <= bytes.count, second.contains(bytes[index + 1]),
                bytes[index + 2..<index + length].allSatisfy({ (0x80...0xBF).contains($0) })
            else { return index }
            index += length
        }
        return nil
    }

    /// Bytes as upper-case hex pairs, `1F 8B`.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    private static func notCSV(name: String, isCompressed: Bool) -> String {
        if isCompressed { return "the decompressed data is not CSV text" }
        return name.hasSuffix(".gz") ? "not gzip data" : "not CSV text or gzip data"
    }
}
