import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

@Suite("RespondentReader formats")
struct ReaderFormatTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func decodesEveryKindOfValue() throws {
        let path = try folder.write("a.csv", Survey.header + "\n" + Survey.rows(6))
        let result = try readAll(path)
        let batch = try #require(result.batches.first)
        #expect(result.batches.count == 1)
        #expect(batch.count == 6 && batch.fileIndex == 3)
        #expect(batch.lines == [2, 3, 4, 5, 6, 7])
        #expect((0..<6).map(batch.id(at:)) == ["R1", "R2", "R3", "R4", "R5", "R6"])
        // Slots: categorical customer_type 0, country 1, experience 2, generation 3; numeric birth_year 0, share 1.
        #expect(batch.categorical[0] == [1, 0, 1, 0, 1, 0])
        #expect(batch.categorical[1] == [1, 2, 3, 4, 0, 1])
        #expect(batch.categorical[2] == [1, 2, 3, 4, 5, CategoryCode.missing])
        #expect(batch.categorical[3] == Array(repeating: CategoryCode.missing, count: 6))
        #expect(batch.numeric[0] == [1947, 1948, 1949, 1950, 1951, 1952])
        #expect(batch.numeric[1] == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect(batch.mentioned[0] == [0b001, 0b010, 0b001, 0b000, 0b111, 0b000])
        #expect(batch.answered[0] == [0b111, 0b111, 0b101, 0b111, 0b111, 0b101])
        #expect(batch.baseWeights == [0.75, 1, 1.25, 0.5, 0.75, 1])
        #expect(batch.rejects.isEmpty)
        #expect(result.reader.ignoredColumns.isEmpty)
        #expect(result.reader.rowsRead == 6)
    }

    @Test("A lone carriage return ends a line, inside an LF file or after its line feeds")
    func loneCarriageReturns() throws {
        let lines = Survey.rows(6).split(separator: "\n").map(String.init)
        let plain = try readAll(folder.write("lf.csv", Survey.header + "\n" + Survey.rows(6)))
        // Line 3 ends with a lone CR (a classic Mac line end), so lines 3 and 4 share a line feed.
        let mixed =
            Survey.header + "\n" + lines[0] + "\n" + lines[1] + "\r" + lines[2...].joined(separator: "\n") + "\n"
        let joined = try readAll(folder.write("mixed.csv", mixed))
        #expect(joined.contents.ids == plain.contents.ids)
        #expect(joined.batches.flatMap(\.rejects).isEmpty)
        #expect(joined.batches.flatMap(\.lines) == [2, 3, 3, 4, 5, 6])
        // Lines ended LF CR: every record starts with a lone CR.
        let reversed = try readAll(
            folder.write(
                "lfcr.csv", (Survey.header + "\n" + Survey.rows(6)).replacingOccurrences(of: "\n", with: "\n\r")))
        #expect(reversed.contents == plain.contents)
    }

    @Test func plainAndGzipGiveIdenticalBatches() throws {
        let text = Survey.header + "\n" + Survey.rows(50)
        let plain = try readAll(folder.write("a.csv", text))
        let compressed = gzip(text)
        let gzipped = try readAll(folder.write("a.csv.gz", bytes: compressed))
        #expect(plain.contents == gzipped.contents)
        #expect(plain.contents.ids.count == 50)
        #expect(plain.reader.compressedBytes == text.utf8.count && plain.reader.decodedBytes == text.utf8.count)
        #expect(gzipped.reader.compressedBytes == compressed.count)
        #expect(gzipped.reader.decodedBytes == text.utf8.count)
        #expect(gzipped.reader.rowsRead == 50)
    }

    @Test func multiMemberGzipReadsEveryMember() throws {
        let text = Array((Survey.header + "\n" + Survey.rows(40)).utf8)
        let single = try readAll(folder.write("single.csv.gz", bytes: gzip(text)))
        // Members cut mid-record, with an empty member in between.
        let cut = text.count / 3
        let members = gzip(Array(text[..<cut])) + gzip([]) + gzip(Array(text[cut...]))
        let multi = try readAll(folder.write("multi.csv.gz", bytes: members))
        #expect(multi.contents == single.contents)
        #expect(multi.contents.ids.count == 40)
        #expect(multi.reader.compressedBytes == members.count)
        #expect(multi.reader.decodedBytes == text.count)
    }

    @Test func zeroPaddingAfterTheLastMemberIsAccepted() throws {
        let text = Survey.header + "\n" + Survey.rows(3)
        let padded = gzip(text) + [UInt8](repeating: 0, count: 512)
        let result = try readAll(folder.write("padded.csv.gz", bytes: padded))
        #expect(result.contents.ids == ["R1", "R2", "R3"])
        #expect(result.reader.compressedBytes == padded.count)
    }

    @Test func recordsCutByChunkBoundariesReadTheSame() throws {
        let quoted = "\"Q\"\"1\",C,US,1980,4,1,0,\"\n\",\"12.5\",1\n"
        let text = Survey.header + "\n" + Survey.rows(150) + quoted + Survey.rows(150, from: 151)
        let plainPath = try folder.write("a.csv", text)
        let gzipPath = try folder.write("a.csv.gz", bytes: gzip(text))
        let expected = try readAll(plainPath).contents
        #expect(expected.ids.count == 301)
        #expect(expected.rejects.count == 1 && expected.rejects.first?.field == "ch_web")
        #expect(expected.lines[150] == 152 && expected.lines[151] == 154)
        for chunkSize in [1, 2, 5, 64, 1000] {
            for path in [plainPath, gzipPath] {
                for batchSize in [1, 7, 8192] {
                    let result = try readAll(path, batchSize: batchSize, chunkSize: chunkSize)
                    #expect(result.contents == expected, "chunk \(chunkSize), batch \(batchSize), \(path)")
                    #expect(result.batches.allSatisfy { $0.count <= batchSize })
                }
            }
        }
    }

    @Test func crlfBOMAndReorderedColumnsDecodeTheSame() throws {
        let lines = (Survey.header + "\n" + Survey.rows(30)).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let order = [9, 3, 0, 7, 1, 8, 4, 2, 6, 5]
        let reordered = lines.map { fields in order.map { String(fields[$0]) }.joined(separator: ",") }
        let text = "\u{FEFF}" + reordered.joined(separator: "\r\n") + "\r\n"
        let original = try readAll(folder.write("lf.csv", Survey.header + "\n" + Survey.rows(30)))
        let variant = try readAll(folder.write("crlf.csv", text))
        #expect(variant.contents == original.contents)
        #expect(variant.reader.ignoredColumns.isEmpty)
        let gzipped = try readAll(folder.write("crlf.csv.gz", bytes: gzip(text)), chunkSize: 3)
        #expect(gzipped.contents == original.contents)
    }

    @Test func quotedFieldsKeepLineNumbersRight() throws {
        let text = """
            respondent_id,comment,customer_type,country,birth_year,experience,ch_email,ch_phone,ch_web,share_online,design_weight
            "R""1","said ""hi"", then left",C,"US",1980,"4",1,0,,"12.5",1
            R2,"line one
            line two
            line three",B,GB,1990,5,0,1,1,50,2
            R3,,C,DE,2000,1,,,,0,1
            "R4","a,b",B,"J""P",1970,9,1,1,1,100,1

            """
        let result = try readAll(folder.write("quoted.csv", text), displayName: "quoted.csv")
        let batch = try #require(result.batches.first)
        #expect((0..<batch.count).map(batch.id(at:)) == ["R\"1", "R2", "R3", "R4"])
        #expect(batch.lines == [2, 3, 6, 7])
        #expect(batch.categorical[1] == [0, 1, 2, CategoryCode.missing])
        #expect(batch.categorical[2] == [3, 4, 0, 5])
        #expect(batch.numeric[1] == [12.5, 50, 0, 100])
        #expect(batch.mentioned[0] == [0b001, 0b110, 0, 0b111])
        #expect(batch.answered[0] == [0b011, 0b111, 0, 0b111])
        #expect(result.reader.ignoredColumns == ["comment"])
        #expect(
            batch.rejects == [
                Reject(
                    file: "quoted.csv", line: 7, respondentID: "R4", rule: "out_of_domain", field: "country",
                    rawValue: "J\"P", action: .valueExcluded,
                    reason: "code 'J\"P' is not one of the 5 codes declared for 'country'")
            ])
    }

    @Test func blankLinesAreSkippedAndALastLineNeedsNoNewline() throws {
        let rows = Survey.rows(2).split(separator: "\n")
        let text = Survey.header + "\n\n" + rows[0] + "\n\r\n\n" + rows[1]
        let result = try readAll(folder.write("blank.csv", text))
        #expect(result.contents.ids == ["R1", "R2"])
        #expect(result.contents.lines == [3, 6])
        #expect(result.reader.rowsRead == 2)
    }

    @Test func batchesHoldAtMostBatchSizeRecords() throws {
        let path = try folder.write("a.csv", Survey.header + "\n" + Survey.rows(5))
        let reader = try RespondentReader(
            path: path, displayName: "a.csv", fileIndex: 0, definition: Survey.definition(),
            layout: ColumnLayout(fields: Survey.definition().fields), batchSize: 2)
        var counts: [Int] = []
        while let batch = try reader.nextBatch() { counts.append(batch.count) }
        #expect(counts == [2, 2, 1])
        #expect(try reader.nextBatch() == nil)
        #expect(reader.rowsRead == 5)
    }

    @Test func withoutAWeightColumnEveryoneWeighsOne() throws {
        let path = try folder.write("a.csv", Survey.header + "\n" + Survey.rows(3))
        let result = try readAll(path, definition: Survey.definition(weightColumn: nil))
        #expect(result.contents.weights == [1, 1, 1])
        #expect(result.reader.ignoredColumns == ["design_weight"])
    }

    @Test func valuesMayCarrySurroundingSpaces() throws {
        let text = Survey.header + "\n" + " R1 , C , US , 1980 , 4 , 1 , 0 ,, 12.5 , 2 \n"
        let result = try readAll(folder.write("spaces.csv", text))
        let batch = try #require(result.batches.first)
        #expect(batch.id(at: 0) == "R1")
        #expect(batch.categorical[0] == [0] && batch.categorical[1] == [0] && batch.categorical[2] == [3])
        #expect(batch.numeric[0] == [1980] && batch.numeric[1] == [12.5] && batch.baseWeights == [2])
        #expect(batch.mentioned[0] == [0b001] && batch.answered[0] == [0b011])
        #expect(batch.rejects.isEmpty)
        #expect(result.reader.valuesTrimmed == 9)
    }

    @Test func valuesTrimmedAreCountedOnceEachWhateverTheirKind() throws {
        // Lone spaces (blank answers), quoted spaces, spaces in a row rejected for its
        // weight (its id and weight were read) and in an ignored column.
        let header = Survey.header + ",note"
        let rows = [
            "R1, ,\" US\",1980,\" \", ,0,0, 10 ,1,  x  ",
            "R2,C,US,1980,4,1,0,0,10,1,",
            " R3 ,C,US,1980,4,1,0,0,10, 0 ,",
            "R4,C,US",
        ]
        let text = header + "\n" + rows.map { $0 + "\n" }.joined()
        for chunkSize in [RespondentReader.defaultChunkSize, 5] {
            let result = try readAll(folder.write("trim.csv", text), chunkSize: chunkSize)
            #expect(result.contents.ids == ["R1", "R2"])
            #expect(result.contents.categorical[0] == [CategoryCode.missing, 0])
            #expect(result.contents.categorical[1] == [0, 0])
            #expect(result.contents.mentioned[0] == [0, 0b001] && result.contents.answered[0] == [0b110, 0b111])
            #expect(result.contents.numeric[1] == [10, 10].map(\.bitPattern))
            #expect(result.reader.valuesTrimmed == 7)
        }
        let plain = try readAll(folder.write("plain.csv", Survey.header + "\n" + Survey.rows(40)))
        #expect(plain.reader.valuesTrimmed == 0)
    }

    @Test func headerNamesMayBeQuoted() throws {
        let header = Survey.header.split(separator: ",").map { "\"\($0)\"" }.joined(separator: ",")
        let result = try readAll(folder.write("quoted-header.csv", "\u{FEFF}" + header + "\n" + Survey.rows(2)))
        #expect(result.contents.ids == ["R1", "R2"])
        #expect(result.reader.ignoredColumns.isEmpty)
    }
}
