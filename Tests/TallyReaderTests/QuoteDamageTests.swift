import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

/// A quote left open rejects the lines it breaks, one reject per line, and reading
/// resumes on the next line that parses as a record: every line is a row or a reject.
@Suite("Quotes left open")
struct QuoteDamageTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    /// `Survey.header` with a free-text column the definition does not read.
    static let header = Survey.header + ",comment"

    /// The values of data row `index` in `Survey.header`'s columns, without a line end.
    static func values(_ index: Int) -> String {
        String(Survey.rows(1, from: index).dropLast())
    }

    /// Data row `index` with a comment: none, a quoted one with a comma, or one of two lines.
    static func row(_ index: Int) -> String {
        let values = values(index)
        switch index % 5 {
        case 1: return values + ",\"Quick, friendly\""
        case 3: return values + ",\"two\nlines\""
        default: return values + ","
        }
    }

    /// The lines a row takes.
    static func lines(_ index: Int) -> Int { index % 5 == 3 ? 2 : 1 }

    /// The batches' ids, rejected ids, rejects and rows read, the same for every chunk and batch size.
    private func read(_ text: String) throws -> (ids: [String], rejects: [Reject], rowsRead: Int) {
        let path = try folder.write("open.csv", text)
        var first: (ids: [String], rejects: [Reject], rowsRead: Int)?
        for (chunkSize, batchSize) in [(RespondentReader.defaultChunkSize, 8192), (64, 2), (3, 1), (17, 5)] {
            let result = try readAll(path, displayName: "open.csv", batchSize: batchSize, chunkSize: chunkSize)
            let read = (result.contents.ids, result.contents.rejects, result.reader.rowsRead)
            if let first {
                #expect(read.0 == first.ids && read.1 == first.rejects && read.2 == first.rowsRead, "\(chunkSize)")
            } else {
                first = read
            }
        }
        return try #require(first)
    }

    @Test("A quote left open in the first, a middle or the last row rejects that line only", arguments: [1, 7, 20])
    func oneLine(openRow: Int) throws {
        let rows = (1...20).map { $0 == openRow ? Self.values($0) + ",\"unterminated" : Self.row($0) }
        let read = try read(Self.header + "\n" + rows.joined(separator: "\n") + "\n")
        #expect(read.ids == (1...20).filter { $0 != openRow }.map { "R\($0)" })
        #expect(read.rowsRead == 20)
        let line = 2 + (1..<openRow).reduce(0) { $0 + Self.lines($1) }
        let resumes = openRow == 20 ? "no line after it reads as a record" : "reading resumes on line \(line + 1)"
        #expect(
            read.rejects == [
                Reject(
                    file: "open.csv", line: line, respondentID: "R\(openRow)", rule: "unterminated_quote",
                    field: "comment", rawValue: rows[openRow - 1], action: .rowRejected,
                    reason:
                        "unterminated quote: the quote opened in field 'comment' on line \(line) is never closed; the line is rejected, and \(resumes)"
                )
            ])
    }

    @Test("Lines that do not parse after the open quote are rejected with it, each with its line")
    func severalLines() throws {
        let text =
            Self.header + "\n" + Self.row(1) + "\n" + Self.values(2) + ",\"Started typing\n"
            + "then the browser crashed\n" + "R3,C,US\n" + Self.row(4) + "\n" + Self.row(5) + "\n" + Self.row(6) + "\n"
        let read = try read(text)
        #expect(read.ids == ["R1", "R4", "R5", "R6"])
        #expect(read.rowsRead == 7)
        #expect(read.rejects.map(\.line) == [3, 4, 5])
        #expect(read.rejects.map(\.respondentID) == ["R2", "", "R3"])
        #expect(read.rejects.map(\.field) == ["comment", "", ""])
        #expect(
            read.rejects.map(\.rawValue) == [
                Self.values(2) + ",\"Started typing", "then the browser crashed", "R3,C,US",
            ])
        #expect(
            read.rejects.allSatisfy {
                $0.rule == "unterminated_quote" && $0.action == .rowRejected
                    && $0.reason
                        == "unterminated quote: the quote opened in field 'comment' on line 3 is never closed; lines 3 to 5 are rejected, one by one, and reading resumes on line 6"
            })
    }

    @Test("A quote never closed after a closed two-line one names the open quote, and runs to the end")
    func toTheEnd() throws {
        let header =
            "respondent_id,comment,customer_type,country,birth_year,experience,ch_email,ch_phone,ch_web,share_online,design_weight"
        let text =
            header + "\n" + "R1,ok,C,US,1980,4,1,0,0,10,1\n" + "R2,\"two\nlines\",C,US,1980,4,1,0,0,\"12\n"
            + "R3,more\n"
        let read = try read(text)
        #expect(read.ids == ["R1"])
        #expect(read.rowsRead == 4)
        #expect(read.rejects.map(\.line) == [3, 4, 5])
        #expect(read.rejects.map(\.respondentID) == ["R2", "", "R3"])
        #expect(read.rejects.map(\.field) == ["", "share_online", ""])
        #expect(
            read.rejects.first?.reason
                == "unterminated quote: the quote opened in field 'share_online' on line 4 is never closed; lines 3 to 5 are rejected, one by one, and no line after it reads as a record"
        )
    }

    @Test(
        "Quoted line breaks keep working: a record of the right width reads, one of the wrong width is one ragged row")
    func closedQuotes() throws {
        let text =
            Self.header + "\n" + Self.row(3) + "\n" + Self.values(4) + ",\"extra\nline\",x\n"
            + Self.row(5) + "\n"
        let read = try read(text)
        #expect(read.ids == ["R3", "R5"])
        #expect(read.rowsRead == 3)
        #expect(read.rejects.map(\.rule) == ["ragged_row"])
        #expect(read.rejects.first?.line == 4 && read.rejects.first?.reason == "expected 11 fields, found 12")
    }

    @Test("A quote left open before more than 16 MiB of rows without quotes is resumed after")
    func openBeforeALongTail() throws {
        let count = 17 * (1 << 20) / 32
        let tail = (2...count + 1).map { "R\($0),C,US,1980,4,1,0,0,10,1,\n" }.joined()
        let text = Self.header + "\n" + Self.values(1) + ",\"open\n" + tail
        let result = try readAll(folder.write("long.csv", text), displayName: "long.csv")
        #expect(result.reader.rowsRead == count + 1)
        #expect(result.contents.ids.count == count)
        #expect(result.contents.rejects.map(\.line) == [2])
        #expect(result.contents.rejects.first?.rule == "unterminated_quote")
    }

    @Test("A record longer than 16 MiB is bad data that names the limit, the file and the line")
    func tooLong() throws {
        let long = String(repeating: "x", count: 1000) + "\n"
        let lines = String(repeating: long, count: 17 * 1024 + 100)
        let inputs = [
            (
                "quote.csv", Self.row(1) + "\n" + Self.values(2) + ",\"open\n" + lines,
                "the record starting on line 3 is longer than 16 MiB, the limit on one record; a quote opened in field 'comment' on line 3 is never closed, and no line in the 16 MiB after it parses as a record",
                "comment"
            ),
            (
                "line.csv", Self.row(1) + "\n" + String(repeating: "y", count: 17 << 20),
                "the record starting on line 3 is longer than 16 MiB, the limit on one record (a line that long has no line end: is the file CSV text?)",
                nil
            ),
        ]
        for (name, rows, message, field) in inputs {
            let path = try folder.write(name, Self.header + "\n" + rows)
            let error = try #require(badData(reading: path, displayName: name))
            #expect(error.location == DataLocation(file: name, line: 3, field: field))
            #expect(error.message == message)
        }
    }
}
