import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

/// Inflating on a thread of its own, ahead of the scanner, changes nothing a
/// reader delivers: the same batches, counts and errors as inflating in line.
@Suite("Prefetching inflate")
struct PrefetchTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private var text: String { Survey.header + "\n" + Survey.rows(300) }

    @Test("Multi-member and padded gzip files give the same batches and byte counts", arguments: [7, 4096, 256 << 10])
    func sameBatches(chunkSize: Int) throws {
        let inputs: [(String, [UInt8])] = [
            ("one.csv.gz", gzip(text)),
            ("members.csv.gz", gzip(Survey.header + "\n" + Survey.rows(150)) + gzip(Survey.rows(150, from: 151))),
            ("padded.csv.gz", gzip(text) + [0, 0, 0, 0]),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            for inflater in Inflater.allCases {
                let inline = try readAll(path, chunkSize: chunkSize, inflater: inflater)
                let ahead = try readAll(path, chunkSize: chunkSize, inflater: inflater, prefetch: true)
                #expect(ahead.reader.rowsRead == 300, "\(name)")
                #expect(ahead.contents == inline.contents, "\(name) \(inflater)")
                #expect(ahead.reader.decodedBytes == inline.reader.decodedBytes, "\(name) \(inflater)")
                #expect(ahead.reader.compressedBytes == bytes.count, "\(name) \(inflater)")
            }
        }
    }

    @Test("Truncated and damaged files fail with the same location and message")
    func sameErrors() throws {
        let good = gzip(text)
        var flipped = good
        flipped[flipped.count / 2] ^= 0x5A
        let inputs = [("cut.csv.gz", Array(good.dropLast(30))), ("flip.csv.gz", flipped)]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            for inflater in Inflater.allCases {
                let inline = try #require(badData(reading: path, chunkSize: 4096, inflater: inflater))
                let ahead = try #require(badData(reading: path, chunkSize: 4096, inflater: inflater, prefetch: true))
                #expect(ahead.location == inline.location, "\(name) \(inflater)")
                #expect(ahead.message == inline.message, "\(name) \(inflater)")
            }
        }
    }

    @Test("A reader let go before the end stops its inflating thread")
    func abandoned() throws {
        let path = try folder.write("big.csv.gz", bytes: gzip(Survey.header + "\n" + Survey.rows(3000)))
        for round in 0..<20 {
            let reader = try RespondentReader(
                path: path, displayName: "big.csv.gz", fileIndex: 0, definition: Survey.definition(),
                layout: ColumnLayout(fields: Survey.definition().fields), batchSize: 10, chunkSize: 512,
                prefetch: true)
            #expect(try reader.nextBatch()?.count == 10)
            // The thread is there while the reader is (it waits for a free slot).
            if round == 0 { #expect(try Self.threadsNamed("tally.inflate") >= 1) }
        }
        // Each abandoned source's thread ended instead of waiting for a free slot forever.
        var threads = 0
        for _ in 0..<100 {
            threads = try Self.threadsNamed("tally.inflate")
            if threads == 0 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(threads == 0)
    }

    /// The number of this process's threads with the given name (Linux).
    static func threadsNamed(_ name: String) throws -> Int {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
        return tasks.count { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }
}
