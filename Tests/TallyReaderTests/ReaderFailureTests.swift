import CTallyZlib
import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

@Suite("RespondentReader failures")
struct ReaderFailureTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private var text: String { Survey.header + "\n" + Survey.rows(200) }

    @Test func truncatedGzipNamesTheCompressedOffset() throws {
        let full = gzip(text)
        for keep in [full.count - 30, full.count - 4, 5] {
            let path = try folder.write("cut.csv.gz", bytes: Array(full[..<keep]))
            let error = try #require(badData(reading: path, displayName: "shards/cut.csv.gz"))
            #expect(error.location == DataLocation(file: "shards/cut.csv.gz", byteOffset: keep))
            #expect(
                error.message.contains("Z_BUF_ERROR (-5)") && error.message.contains("truncated"), "\(error.message)")
        }
    }

    @Test func aFlippedByteInTheDeflateDataIsCaught() throws {
        var damaged = gzip(text)
        damaged[damaged.count / 2] ^= 0x5A
        let error = try #require(badData(reading: try folder.write("flip.csv.gz", bytes: damaged)))
        #expect(error.location.file == "input.csv")
        #expect(error.message.hasPrefix("damaged gzip data: zlib "), "\(error.message)")
        let offset = try #require(error.location.byteOffset)
        #expect(offset > 0 && offset <= damaged.count)
    }

    @Test func trailerMismatchesAreCaught() throws {
        let good = gzip(text)
        var badCRC = good
        badCRC[good.count - 8] ^= 1
        let crc = try #require(badData(reading: try folder.write("crc.csv.gz", bytes: badCRC)))
        #expect(crc.message == "damaged gzip data: zlib Z_DATA_ERROR (-3): incorrect data check")
        #expect(crc.location.byteOffset == good.count - 4)
        var badLength = good
        badLength[good.count - 4] ^= 1
        let length = try #require(badData(reading: try folder.write("len.csv.gz", bytes: badLength)))
        #expect(length.message == "damaged gzip data: zlib Z_DATA_ERROR (-3): incorrect length check")
    }

    @Test func aDamagedGzipHeaderFailsWhenOpening() throws {
        var damaged = gzip(text)
        damaged[2] = 7  // compression method: only 8 (deflate) exists
        let path = try folder.write("header.csv.gz", bytes: damaged)
        #expect(
            throws: TallyError.badData(
                DataLocation(file: "header.csv.gz", byteOffset: 4),
                "damaged gzip data: zlib Z_DATA_ERROR (-3): unknown compression method")
        ) {
            _ = try readAll(path, displayName: "header.csv.gz")
        }
    }

    @Test func bytesAfterTheLastMemberAreCounted() throws {
        let good = gzip(text)
        let junk = try #require(
            badData(reading: try folder.write("junk.csv.gz", bytes: good + Array("junk".utf8))))
        #expect(junk.location == DataLocation(file: "input.csv", byteOffset: good.count))
        #expect(junk.message == "4 bytes after the last gzip member are not gzip data (they start with 6A 75 6E 6B)")
        let padded = good + [0, 0, 7]
        let padding = try #require(badData(reading: try folder.write("pad.csv.gz", bytes: padded)))
        #expect(padding.location.byteOffset == padded.count - 1)
        #expect(
            padding.message
                == "3 bytes after the last gzip member are not gzip data (zero bytes, then 07 at compressed byte \(padded.count - 1))"
        )
    }

    @Test func emptyFilesHaveNoHeader() throws {
        let inputs: [(String, [UInt8])] = [
            ("empty.csv", []), ("empty.csv.gz", gzip([])), ("bom.csv", [0xEF, 0xBB, 0xBF]),
            ("blank.csv", Array("\n\r\n".utf8)),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            #expect(throws: TallyError.badData(DataLocation(file: name), "empty file, no header row")) {
                _ = try readAll(path, displayName: name)
            }
        }
    }

    @Test func aHeaderWithoutRowsIsAnError() throws {
        let inputs: [(String, [UInt8])] = [
            ("h.csv", Array(Survey.header.utf8)), ("h2.csv", Array((Survey.header + "\n\n").utf8)),
            ("h.csv.gz", gzip(Survey.header + "\r\n")),
        ]
        for (name, bytes) in inputs {
            let path = try folder.write(name, bytes: bytes)
            let reader = try RespondentReader(
                path: path, displayName: name, fileIndex: 0, definition: Survey.definition(),
                layout: ColumnLayout(fields: Survey.definition().fields))
            #expect(throws: TallyError.badData(DataLocation(file: name, line: 1), "header row but no respondents")) {
                _ = try reader.nextBatch()
            }
            #expect(reader.rowsRead == 0)
        }
    }

    @Test func aFileThatCannotBeOpenedIsMissing() throws {
        for path in [folder.file("absent.csv.gz"), folder.path] {
            let error = #expect(throws: TallyError.self) { _ = try readAll(path, displayName: "in/absent.csv.gz") }
            guard case .inputMissing(let named, _)? = error else {
                Issue.record("expected inputMissing, got \(String(describing: error))")
                continue
            }
            #expect(named == "in/absent.csv.gz")
        }
    }

    @Test func anUnterminatedQuoteInTheHeaderNamesWhereItStarts() throws {
        let path = try folder.write("open.csv", "respondent_id,\"comment\nR1,ok\n")
        for chunkSize in [RespondentReader.defaultChunkSize, 3] {
            let error = try #require(badData(reading: path, displayName: "open.csv", chunkSize: chunkSize))
            #expect(error.location == DataLocation(file: "open.csv", line: 1, field: "column 2"))
            #expect(error.message == "unterminated quote: the quoted field that starts on line 1 is never closed")
        }
    }

    @Test func aMissingColumnIsNamed() throws {
        let header = Survey.header.replacingOccurrences(of: ",country", with: "")
        let path = try folder.write("a.csv", header + "\nR1,C,1980,4,1,0,0,10,1\n")
        #expect(
            throws: TallyError.badData(
                DataLocation(file: "a.csv", line: 1, field: "country"),
                "the header lacks column 'country', which the definition reads")
        ) { _ = try readAll(path, displayName: "a.csv") }

        let fewer = Survey.header.replacingOccurrences(of: "respondent_id,", with: "")
            .replacingOccurrences(of: ",ch_web", with: "")
        let path2 = try folder.write("b.csv", fewer + "\n")
        #expect(
            throws: TallyError.badData(
                DataLocation(file: "b.csv", line: 1, field: "respondent_id"),
                "the header lacks columns 'respondent_id', 'ch_web', which the definition reads")
        ) { _ = try readAll(path2, displayName: "b.csv") }
    }

    @Test func aDuplicatedColumnTheDefinitionReadsIsAnError() throws {
        let path = try folder.write("a.csv", Survey.header + ",country\n")
        #expect(
            throws: TallyError.badData(
                DataLocation(file: "a.csv", line: 1, field: "country"),
                "the header names column 'country' 2 times (columns 3, 11); the definition reads it, so it must appear once"
            )
        ) { _ = try readAll(path, displayName: "a.csv") }
    }

    @Test func unusedColumnsAreListedEvenWhenRepeated() throws {
        let header = "note," + Survey.header + ",note,extra"
        let row = Survey.rows(1).dropLast()
        let path = try folder.write("a.csv", header + "\nx," + row + ",y,z\n")
        let result = try readAll(path)
        #expect(result.reader.ignoredColumns == ["note", "note", "extra"])
        #expect(result.contents.ids == ["R1"])
        #expect(result.contents.rejects.isEmpty)
    }
}
