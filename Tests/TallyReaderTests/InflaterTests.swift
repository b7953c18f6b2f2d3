import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

/// zlib (the reference) and ISA-L decode the same files into the same batches,
/// and report damaged gzip data alike: `badData` with the compressed offset.
@Suite("Inflaters")
struct InflaterTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private var text: String { Survey.header + "\n" + Survey.rows(300) }

    @Test("Single, multi-member and zero-padded gzip files give identical batches", arguments: [7, 4096, 256 << 10])
    func sameBatches(chunkSize: Int) throws {
        let half = Survey.rows(150, from: 151)
        let inputs: [(String, [UInt8])] = [
            ("one.csv.gz", gzip(text)),
            ("members.csv.gz", gzip(Survey.header + "\n" + Survey.rows(150)) + gzip(half) + gzip([])),
            ("padded.csv.gz", gzip(text) + [0, 0, 0, 0]),
            ("stored.csv.gz", gzip(Array(text.utf8), level: 0)),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            let zlib = try readAll(path, chunkSize: chunkSize, inflater: .zlib)
            let isal = try readAll(path, chunkSize: chunkSize, inflater: .isal)
            #expect(zlib.reader.rowsRead == 300, "\(name)")
            #expect(isal.contents == zlib.contents, "\(name)")
            #expect(isal.reader.decodedBytes == zlib.reader.decodedBytes, "\(name)")
            #expect(isal.reader.compressedBytes == bytes.count, "\(name)")
        }
    }

    @Test("The committed gzip fixtures read the same with both inflaters")
    func fixtures() throws {
        let handmade = Repository.fixture("handmade")
        for name in ["shards/part-1.csv.gz", "shards/part-2.csv.gz", "variants/crlf-bom.csv.gz"] {
            // The small survey's columns are all in the hand-made files.
            let definition = Survey.definition()
            let path = handmade + "/" + name
            let zlib = try readAll(path, definition: definition, inflater: .zlib)
            let isal = try readAll(path, definition: definition, inflater: .isal)
            #expect(zlib.reader.rowsRead > 0)
            #expect(isal.contents == zlib.contents, "\(name)")
        }
    }

    @Test("A truncated file is bad data at its last byte with both inflaters")
    func truncated() throws {
        let full = gzip(text)
        for keep in [full.count - 30, full.count - 4, full.count - 1, 5] {
            let path = try folder.write("cut.csv.gz", bytes: Array(full[..<keep]))
            for inflater in Inflater.allCases {
                let error = try #require(badData(reading: path, displayName: "cut.csv.gz", inflater: inflater))
                #expect(error.location == DataLocation(file: "cut.csv.gz", byteOffset: keep), "\(inflater)")
                #expect(error.message.contains("truncated"), "\(inflater): \(error.message)")
            }
        }
    }

    @Test("Damaged deflate data, a wrong CRC or length and a damaged later member are bad data with both")
    func damaged() throws {
        let good = gzip(text)
        var flipped = good
        flipped[flipped.count / 2] ^= 0x5A
        var badCRC = good
        badCRC[good.count - 6] ^= 0xFF
        var badLength = good
        badLength[good.count - 2] ^= 0x01
        var reserved = good
        reserved[3] |= 0x20
        let inputs: [(String, [UInt8])] = [
            ("flip.csv.gz", flipped), ("crc.csv.gz", badCRC), ("len.csv.gz", badLength),
            ("header.csv.gz", [0x1f, 0x8b, 9] + good.dropFirst(3)),
            ("member.csv.gz", good + [0x1f, 0x8b, 9] + good.dropFirst(3)),
            // A reserved flag bit (RFC 1952 asks for an error), in the first member and in a later one.
            ("reserved.csv.gz", reserved), ("reserved-member.csv.gz", good + reserved),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            for inflater in Inflater.allCases {
                let error = try #require(badData(reading: path, inflater: inflater), "\(name) \(inflater)")
                let offset = try #require(error.location.byteOffset, "\(name) \(inflater)")
                #expect(offset > 0 && offset <= bytes.count, "\(name) \(inflater): \(offset)")
                #expect(error.message.hasPrefix("damaged gzip data: "), "\(name) \(inflater): \(error.message)")
            }
        }
    }

    @Test(
        "Bytes after the last member that open no other are counted alike by both",
        arguments: [7, 4096, 256 << 10])
    func trailingBytes(chunkSize: Int) throws {
        let members = gzip(Survey.header + "\n" + Survey.rows(150)) + gzip(Survey.rows(150, from: 151))
        let trailers: [([UInt8], String)] = [
            (Array("junk".utf8), "4 bytes after the last gzip member are not gzip data (they start with 6A 75 6E 6B)"),
            ([0x1f], "1 byte after the last gzip member is not gzip data (1F)"),
            ([0x1f, 0x8c, 0, 0], "4 bytes after the last gzip member are not gzip data (they start with 1F 8C 00 00)"),
            (
                Array("BZh91AY&SY".utf8) + [0xC1, 0x7E],
                "12 bytes after the last gzip member are not gzip data (they start with 42 5A 68 39 31 41 59 26)"
            ),
        ]
        // Chunks of a few sizes end the member at different offsets, so that the magic may straddle two.
        for (trailer, message) in trailers {
            let path = try folder.write("trailing.csv.gz", bytes: members + trailer)
            for (inflater, shift) in zip(Inflater.allCases + Inflater.allCases, [0, 0, 1, 2]) {
                let error = try #require(
                    badData(reading: path, chunkSize: chunkSize + shift, inflater: inflater), "\(inflater)")
                #expect(error.message == message, "\(inflater)")
                #expect(error.location == DataLocation(file: "input.csv", byteOffset: members.count), "\(inflater)")
            }
        }
    }

    @Test("ISA-L's errors name their code")
    func isalErrors() {
        #expect(
            IsalError(code: -6).description == "ISA-L ISAL_INCORRECT_CHECKSUM (-6): incorrect data check or length")
        #expect(IsalError(code: -3).description == "ISA-L ISAL_INVALID_LOOKBACK (-3): invalid distance too far back")
    }
}
