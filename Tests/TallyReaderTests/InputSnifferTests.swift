import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

/// Files whose bytes are not UTF-8 CSV text, plain or gzip, are bad data that says
/// what the bytes are, with the file and the offset, before any column is looked for.
@Suite("Inputs that are not UTF-8 CSV text")
struct InputSnifferTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private var text: String { Survey.header + "\n" + Survey.rows(20) }

    /// The text as UTF-16, little-endian, with or without its byte-order mark.
    private func utf16(byteOrderMark: Bool) -> [UInt8] {
        (byteOrderMark ? [0xFF, 0xFE] : []) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Bytes from a fixed seed, none of them 0 (so that the header, not a NUL, is what fails).
    private func noise(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x5EED
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return max(UInt8(truncatingIfNeeded: state >> 33), 1)
        }
    }

    @Test("Other formats, encodings and binary data are named with where they show")
    func sniffed() throws {
        let bzip2 = Array("BZh91AY&SY".utf8) + [0x5C, 0x8E, 0x21, 0x07, 0x00, 0x00, 0x1F, 0x81]
        let cases: [(name: String, bytes: [UInt8], location: DataLocation?, message: String)] = [
            ("bzip2.csv.gz", bzip2, nil, "not gzip data (starts with BZh: bzip2?)"),
            ("bzip2.csv", bzip2, nil, "not CSV text or gzip data (starts with BZh: bzip2?)"),
            (
                "bzip2-inside.csv.gz", gzip(bzip2), nil,
                "the decompressed data is not CSV text (starts with BZh: bzip2?)"
            ),
            (
                "zlib.csv.gz", deflate(Array(text.utf8), windowBits: 15), nil,
                "not gzip data (starts with 78 9C: zlib data without the gzip wrapper?)"
            ),
            (
                "utf16.csv", utf16(byteOrderMark: true), nil,
                "UTF-16 text (little-endian), byte-order mark FF FE: convert it to UTF-8"
            ),
            (
                "utf16.csv.gz", gzip(utf16(byteOrderMark: true)), nil,
                "UTF-16 text (little-endian), byte-order mark FF FE: convert it to UTF-8"
            ),
            (
                "utf16-no-mark.csv", utf16(byteOrderMark: false), nil,
                "UTF-16 text without a byte-order mark? (every other byte is 0): convert it to UTF-8"
            ),
            (
                "zeros.csv.gz", [UInt8](repeating: 0, count: 4096), nil,
                "not gzip data (a NUL byte at byte 0: binary data?)"
            ),
            (
                "zeros-inside.csv.gz", gzip([UInt8](repeating: 0, count: 4096)), nil,
                "the decompressed data is not CSV text (a NUL byte at byte 0: binary data?)"
            ),
            (
                "one.csv.gz", [0x1F], DataLocation(file: "one.csv.gz", line: 1, field: "respondent_id"),
                "not gzip data (starts with 1F, not 1F 8B; the file is 1 byte long); the header lacks columns"
            ),
            (
                "one.csv", [0x61], DataLocation(file: "one.csv", line: 1, field: "respondent_id"),
                "the file holds only 1 byte (61), not a CSV header; the header lacks columns"
            ),
            (
                "latin1.csv", Array("respondent_id,caf".utf8) + [0xE9, 0x0A, 0x31, 0x0A],
                DataLocation(file: "latin1.csv", line: 1, field: "design_weight"),
                "not UTF-8 at byte 17 (E9): the header line is not UTF-8 text (another encoding, or not text at all?); the header lacks columns"
            ),
        ]
        for (name, bytes, location, message) in cases {
            let path = try folder.write(name, bytes: bytes)
            for inflater in Inflater.allCases {
                let error = try #require(badData(reading: path, displayName: name, inflater: inflater), "\(name)")
                #expect(error.location == location ?? DataLocation(file: name), "\(name)")
                #expect(error.message.hasPrefix(message), "\(name): \(error.message)")
            }
        }
    }

    @Test("Random bytes fail on the header, at the first byte that is not UTF-8")
    func random() throws {
        let bytes = noise(4096)
        let path = try folder.write("random.csv.gz", bytes: bytes)
        let error = try #require(badData(reading: path, displayName: "random.csv.gz"))
        let offset = try #require(InputSniffer.firstInvalidUTF8(bytes))
        #expect(error.message.hasPrefix("not UTF-8 at byte \(offset) ("), "\(error.message)")
        #expect(String(validating: bytes[..<offset], as: UTF8.self) != nil)
    }

    @Test("A UTF-8 byte-order mark, and bytes that are not UTF-8 in a column not read, are accepted as before")
    func accepted() throws {
        let header = Survey.header + ",caf"
        let row = Survey.rows(1).dropLast() + ",na"
        let bytes = [0xEF, 0xBB, 0xBF] + Array(header.utf8) + [0xE9, 0x0A] + Array(row.utf8) + [0xEF, 0x0A]
        let result = try readAll(folder.write("bom-latin1.csv", bytes: bytes))
        #expect(result.contents.ids == ["R1"])
        #expect(result.reader.ignoredColumns == ["caf\u{FFFD}"])
    }

    @Test("The UTF-8 check follows RFC 3629: no overlong forms, surrogates or code points above U+10FFFF")
    func utf8() {
        #expect(InputSniffer.firstInvalidUTF8(Array("aé€😀".utf8)) == nil)
        for (bytes, offset) in [
            ([0x61, 0xC0, 0x80], 1), ([0xE0, 0x80, 0x80], 0), ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0),
            ([0x61, 0xE2, 0x82], 1), ([0x80], 0), ([0xF5, 0x80, 0x80, 0x80], 0),
        ] as [([UInt8], Int)] {
            #expect(InputSniffer.firstInvalidUTF8(bytes) == offset, "\(bytes)")
        }
    }
}
