import Testing

@testable import TallyReader

@Suite("CSVScanner")
struct CSVScannerTests {
    /// Scans the first record of `text`, returning the scan and each field's unquoted text.
    private func scan(_ text: String, isFinal: Bool = true, fieldCapacity: Int = 8) -> (RecordScan, [String]) {
        var bytes = Array(text.utf8)
        var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: fieldCapacity)
        return bytes.withUnsafeMutableBufferPointer { bytes in
            spans.withUnsafeMutableBufferPointer { spans in
                let scan = CSVScanner.scanRecord(UnsafeBufferPointer(bytes), from: 0, isFinal: isFinal, spans: spans)
                guard case .record(let bounds) = scan else { return (scan, []) }
                let fields = (0..<min(bounds.fieldCount, spans.count)).map {
                    String(decoding: bytes[CSVScanner.unquote(bytes, spans[$0])], as: UTF8.self)
                }
                return (scan, fields)
            }
        }
    }

    @Test func splitsPlainFieldsAndDropsCR() {
        let (scan, fields) = scan("a,,c\r\nnext")
        #expect(scan == .record(RecordBounds(end: 4, next: 6, fieldCount: 3, lineCount: 1)))
        #expect(fields == ["a", "", "c"])
    }

    @Test func quotedFieldsHoldQuotesCommasAndNewlines() {
        let (scan, fields) = scan("\"say \"\"hi\"\"\",\"a,b\",\"x\ny\r\nz\",\"\"\n")
        guard case .record(let bounds) = scan else {
            Issue.record("no record: \(scan)")
            return
        }
        #expect(bounds.fieldCount == 4 && bounds.lineCount == 3)
        #expect(fields == ["say \"hi\"", "a,b", "x\ny\r\nz", ""])
    }

    @Test func textAfterAClosingQuoteIsKept() {
        #expect(scan("\"ab\"cd,e\n").1 == ["abcd", "e"])
        #expect(scan("a\"b,c\n").1 == ["a\"b", "c"])
    }

    @Test func asksForMoreDataUntilTheRecordIsComplete() {
        #expect(scan("a,b", isFinal: false).0 == .needsMoreData)
        #expect(scan("a,\"b\"", isFinal: false).0 == .needsMoreData)
        #expect(scan("a,\"b\nc", isFinal: false).0 == .needsMoreData)
        #expect(scan("a,b", isFinal: true).0 == .record(RecordBounds(end: 3, next: 3, fieldCount: 2, lineCount: 1)))
        #expect(scan("a,\"b\"", isFinal: true).1 == ["a", "b"])
    }

    @Test func reportsWhereAnUnterminatedQuoteStarts() {
        #expect(scan("\"a\nb\",c,\"d\ne\n").0 == .unterminatedQuote(field: 2, lineOffset: 1))
    }

    @Test func countsFieldsBeyondTheSpanBuffer() {
        let (scan, fields) = scan("1,2,3,4,5\n", fieldCapacity: 2)
        #expect(scan == .record(RecordBounds(end: 9, next: 10, fieldCount: 5, lineCount: 1)))
        #expect(fields == ["1", "2"])
    }
}
