import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

@Suite("Short codes")
struct ShortCodeTests {
    /// Scans the records of `text` into column-major tables `stride` records apart,
    /// returning each record's field codes as text.
    private func codes(_ text: String, width: Int, stride: Int) -> [String] {
        let bytes = Array(text.utf8)
        var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: width * stride)
        var codes = Array(repeating: UInt8(ascii: "?"), count: width * stride)
        var counts: [Int] = []
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeMutableBufferPointer { spans in
                codes.withUnsafeMutableBufferPointer { codes in
                    var start = 0
                    while start < bytes.count, counts.count < stride {
                        let slots = FieldSlots(
                            count: width, spans: spans.baseAddress! + counts.count,
                            codes: codes.baseAddress! + counts.count, stride: stride)
                        guard
                            case .record(let bounds) = CSVScanner.scanRecord(
                                bytes, from: start, isFinal: true, into: slots)
                        else { return }
                        counts.append(bounds.fieldCount)
                        start = bounds.next
                    }
                }
            }
        }
        return counts.indices.map { record in
            String(decoding: (0..<min(counts[record], width)).map { codes[$0 * stride + record] }, as: UTF8.self)
        }
    }

    @Test func oneByteFieldsAreTheirByteOthersAreMarked() {
        // One byte (a space too), empty, two bytes or more, quoted (even one byte), empty last field before CR LF.
        #expect(codes("1,,ab, ,\"x\",\r\n", width: 6, stride: 1) == ["1,\" \","])
    }

    @Test func fieldsOfAColumnLieTogether() {
        // Long enough that the scanner reads words of eight bytes, with a last line that has no line end.
        let text = "a,b,,dd,e,f,g,h,i,j\n1,2,3,4,5,6,7,8,9,\"10\"\nx,,,,,,,,,"
        #expect(codes(text, width: 10, stride: 4) == ["ab,\"efghij", "123456789\"", "x,,,,,,,,,"])
    }

    @Test func oneByteFieldsStraddlingWords() throws {
        // Word 0 "ab,c,d,e" leaves "e" open; word 1 ",f,g,h,i" closes it and holds three more
        // one-byte fields, the last of which runs into word 2 "," + "j,k,l,m" ... and so on.
        let text = "ab,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t, ,,vv,w\n"
        let expected = ["\"cdefghijklmnopqrst ,\"w"]
        #expect(codes(text, width: 23, stride: 2) == expected)
        var bytes = Array(text.utf8)
        let fields = try #require(Self.fields(&bytes, count: 23))
        #expect(fields == text.dropLast().split(separator: ",", omittingEmptySubsequences: false).map(String.init))
    }

    @Test func oneByteFieldsNextToQuotesAndEmptyFields() throws {
        // A quoted field right after a word of four one-byte fields, and a word whose last byte is a
        // comma or a quote after three one-byte fields begun the word before.
        let cases = [
            ("a,b,c,d,\"x,y\",z\n", ["a", "b", "c", "d", "x,y", "z"], "abcd\"z"),
            ("ab,c,d,e,f,g,h,,i\n", ["ab", "c", "d", "e", "f", "g", "h", "", "i"], "\"cdefgh,i"),
            ("ab,c,d,e,f,g,h,\"q,r\"\n", ["ab", "c", "d", "e", "f", "g", "h", "q,r"], "\"cdefgh\""),
        ]
        for (text, expectedFields, expectedCodes) in cases {
            var bytes = Array(text.utf8)
            #expect(Self.fields(&bytes, count: 12) == expectedFields, "\(text)")
            #expect(codes(text, width: expectedFields.count, stride: 1) == [expectedCodes], "\(text)")
        }
    }

    /// The unquoted text of the first record's fields, through the span-only scan.
    private static func fields(_ bytes: inout [UInt8], count: Int) -> [String]? {
        var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: count)
        return bytes.withUnsafeMutableBufferPointer { bytes in
            spans.withUnsafeMutableBufferPointer { spans in
                guard
                    case .record(let bounds) = CSVScanner.scanRecord(
                        UnsafeBufferPointer(bytes), from: 0, isFinal: true, spans: spans)
                else { return nil }
                return (0..<bounds.fieldCount).map {
                    String(decoding: bytes[CSVScanner.unquote(bytes, spans[$0])], as: UTF8.self)
                }
            }
        }
    }

    @Test func fieldsBeyondTheTablesAreCountedNotWritten() {
        #expect(codes("1,2,3,4,5,6,7,8,9\n", width: 3, stride: 1) == ["123"])
    }

    @Test func oneByteAnswersDecodeAsTheirFullValues() throws {
        // A space is blank, quoted one-byte answers count, unknown one-byte answers are rejected.
        let text =
            Survey.header + "\n" + "R1,\"C\",US,1980,\" \", ,\"1\",0,,2\n" + "R2,B,GB,1990,7, ,x,1,,2\n"
        let folder = try TemporaryFolder()
        let batch = try #require(try readAll(folder.write("short.csv", text)).batches.first)
        #expect(batch.categorical[0] == [0, 1] && batch.categorical[1] == [0, 1])
        #expect(batch.categorical[2] == [CategoryCode.missing, CategoryCode.missing])
        #expect(batch.mentioned[0] == [0b010, 0b100] && batch.answered[0] == [0b110, 0b100])
        #expect(batch.rejects.map(\.rule) == ["out_of_domain", "out_of_domain"])
        #expect(batch.rejects.map(\.field) == ["experience", "ch_phone"])
        #expect(batch.rejects.map(\.rawValue) == ["7", "x"])
    }

    @Test(arguments: [false, true])
    func optionColumnsDecodeInBlocksAndOneByOne(withMissingID: Bool) throws {
        // 20 rows: email 1 / 0 / blank, phone 1 but 'x' in row 10, web 0 but a space in row 13;
        // with a missing id in row 5, rows are not the group's records one for one.
        func email(_ i: Int) -> String { i % 3 == 0 ? "" : i % 2 == 0 ? "1" : "0" }
        let lines = (1...20).map { i in
            let id = withMissingID && i == 5 ? "" : "R\(i)"
            return "\(id),C,US,1980,4,\(email(i)),\(i == 10 ? "x" : "1"),\(i == 13 ? " " : "0"),,1"
        }
        let folder = try TemporaryFolder()
        let path = try folder.write("options.csv", Survey.header + "\n" + lines.joined(separator: "\n") + "\n")
        let batch = try #require(try readAll(path).batches.first)
        let kept = (1...20).filter { !(withMissingID && $0 == 5) }
        let mentioned = kept.map { i -> UInt64 in (i % 3 != 0 && i % 2 == 0 ? 0b001 : 0) | (i != 10 ? 0b010 : 0) }
        let answered = kept.map { i -> UInt64 in
            (i % 3 != 0 ? 0b001 : 0) | (i != 10 ? 0b010 : 0) | (i != 13 ? 0b100 : 0)
        }
        #expect(batch.mentioned[0] == mentioned && batch.answered[0] == answered)
        #expect(batch.rejects.map(\.rule) == (withMissingID ? ["missing_id"] : []) + ["out_of_domain"])
        #expect(batch.rejects.last?.respondentID == "R10" && batch.rejects.last?.field == "ch_phone")
    }
}
