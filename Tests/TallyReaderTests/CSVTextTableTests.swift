import Foundation
import TallyModel
import TallyReader
import TallyTestSupport
import Testing

/// The project's one reader of small CSV files (a finished run's tables), on the
/// respondent files' scanner: checked against records written out by hand.
@Suite("CSV text tables")
struct CSVTextTableTests {
    @Test("Quotes, commas and line breaks in fields, CRLF, a byte-order mark and blank lines")
    func records() throws {
        let folder = try TemporaryFolder()
        let text =
            "\u{FEFF}table,row_label,value\r\n"
            + "a,\"Yes, often\",1\r\n"
            + "\r\n"
            + "b,\"two\nlines\",2\r\n"
            + "c,\"say \"\"hi\"\"\",\r\n"
        for (name, bytes) in [("t.csv", Array(text.utf8)), ("t.csv.gz", gzip(text))] {
            let table = try CSVTextTable.read(path: try folder.write(name, bytes: bytes))
            #expect(table.header == ["table", "row_label", "value"], "\(name)")
            #expect(table.records.map(\.line) == [2, 4, 6], "\(name)")
            #expect(
                table.records.map(\.fields) == [
                    ["a", "Yes, often", "1"], ["b", "two\nlines", "2"], ["c", "say \"hi\"", ""],
                ], "\(name)")
        }
    }

    @Test("A short row, an unterminated quote or an empty file is an error naming the file and line")
    func errors() throws {
        let folder = try TemporaryFolder()
        let cases: [(String, String, Int?, String)] = [
            ("short.csv", "a,b,c\n1,2,3\n4,5\n", 3, "2 fields where the header has 3"),
            ("open.csv", "a,b\n1,2\n3,\"never closed\n", 3, "unterminated quote"),
            ("empty.csv", "", 1, "empty table file"),
        ]
        for (name, text, line, message) in cases {
            let path = try folder.write(name, text)
            do {
                _ = try CSVTextTable.read(path: path)
                Issue.record("\(name) was read")
            } catch TallyError.badData(let location, let found) {
                #expect(location.file == path && location.line == line, "\(name): \(location)")
                #expect(found.contains(message), "\(name): \(found)")
            }
        }
    }
}
