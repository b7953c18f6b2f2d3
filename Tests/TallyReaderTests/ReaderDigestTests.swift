import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

/// The SHA-256 a reader takes of the bytes it reads, so a run need not read an
/// input again to hash it: checked against coreutils' `sha256sum`.
@Suite("Reader digests")
struct ReaderDigestTests {
    @Test("Plain, gzip, multi-member and padded files: the digest of every byte, inline or prefetched")
    func digests() throws {
        let folder = try TemporaryFolder()
        let text = Survey.header + "\n" + Survey.rows(300)
        let inputs: [(String, [UInt8])] = [
            ("plain.csv", Array(text.utf8)),
            ("crlf.csv", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("one.csv.gz", gzip(text)),
            ("members.csv.gz", gzip(Survey.header + "\n" + Survey.rows(150)) + gzip(Survey.rows(150, from: 151))),
            ("padded.csv.gz", gzip(text) + [0, 0, 0, 0]),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            let expected = try sha256sum(path)
            for inflater in Inflater.allCases {
                for prefetch in [false, true] {
                    for chunkSize in [7, 256 << 10] {
                        let result = try readAll(path, chunkSize: chunkSize, inflater: inflater, prefetch: prefetch)
                        #expect(result.reader.rowsRead == 300, "\(name)")
                        #expect(result.reader.sha256 == expected, "\(name) \(inflater) \(prefetch) \(chunkSize)")
                        // The time in the byte source (reading, hashing, inflating) is counted.
                        #expect(result.reader.inflateSeconds > 0)
                    }
                }
            }
        }
    }

    @Test("No digest before the end of the file")
    func noneBeforeTheEnd() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("big.csv.gz", bytes: gzip(Survey.header + "\n" + Survey.rows(3000)))
        let reader = try RespondentReader(
            path: path, displayName: "big.csv.gz", fileIndex: 0, definition: Survey.definition(),
            layout: ColumnLayout(fields: Survey.definition().fields), batchSize: 10, chunkSize: 512)
        #expect(try reader.nextBatch()?.count == 10)
        #expect(reader.sha256 == nil)
    }
}
