import Foundation
import TallyGzip
import TallyTestSupport
import Testing

/// ISA-L's gzip output must be ordinary gzip: `gzip -dc` (CRC and length checked,
/// a failure thrown) gives back exactly the bytes written, for one member and for
/// members joined as the weights file joins them.
@Suite("ISA-L gzip writer")
struct IsalGzipWriterTests {
    /// `count` bytes of CSV-like lines from a fixed linear congruential sequence:
    /// repetitive enough to compress, varied enough to need literals.
    static func text(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 32)
        while bytes.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(contentsOf: "R\(state >> 44),0.\(state >> 20 & 0xFFFFF)\n".utf8)
        }
        return Array(bytes.prefix(count))
    }

    /// Writes `bytes` as one member in pieces of the given sizes (cycled).
    static func write(_ bytes: [UInt8], pieces: [Int], to path: String) throws {
        let writer = try IsalGzipWriter(path: path)
        var start = 0
        var piece = 0
        while start < bytes.count {
            let end = min(bytes.count, start + pieces[piece % pieces.count])
            try writer.write(Array(bytes[start..<end]))
            start = end
            piece += 1
        }
        try writer.write([])
        try writer.close()
    }

    @Test("one member, written in pieces smaller and larger than the writer's buffer, reads back whole")
    func oneMember() throws {
        let folder = try TemporaryFolder()
        let bytes = Self.text(count: 3_000_001, seed: 7)
        let path = folder.file("one.gz")
        try Self.write(bytes, pieces: [1, 100, 65_536, 300_000, 7], to: path)
        let back = [UInt8](try gunzip(path))
        #expect(back == bytes)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < bytes.count / 2)
    }

    @Test("an empty member is a valid gzip file of nothing")
    func emptyMember() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("empty.gz")
        try Self.write([], pieces: [1], to: path)
        let back = [UInt8](try gunzip(path))
        #expect(back.isEmpty)
    }

    @Test("members joined end to end read back as the concatenation; the same input gives the same bytes")
    func joinedMembers() throws {
        let folder = try TemporaryFolder()
        let parts = [Self.text(count: 200_000, seed: 1), [], Self.text(count: 5, seed: 2)]
        var joined = Data()
        for (index, part) in parts.enumerated() {
            let path = folder.file("part-\(index).gz")
            try Self.write(part, pieces: [4096], to: path)
            let again = folder.file("again-\(index).gz")
            try Self.write(part, pieces: [4096], to: again)
            #expect(FileManager.default.contentsEqual(atPath: path, andPath: again))
            joined.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let path = folder.file("joined.gz")
        try joined.write(to: URL(fileURLWithPath: path))
        let back = [UInt8](try gunzip(path))
        #expect(back == parts.flatMap { $0 })
    }

    @Test("a file that cannot be created is reported with its path")
    func cannotCreate() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("missing/one.gz")
        #expect(throws: GzipWriteError.system(path: path, errno: ENOENT)) { try IsalGzipWriter(path: path) }
    }
}
