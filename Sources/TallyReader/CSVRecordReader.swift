import TallyModel

/// Complete records scanned from the byte window, for decoding column by column.
///
/// A group views the reader's window and tables: it is valid only inside the
/// closure it is passed to. The tables hold each column's fields together, in
/// record order, so a column is read sequentially.
struct RecordGroup {
    /// Where a record lies in the file and in the window.
    struct Record {
        /// The physical line the record starts on (1-based).
        var line: Int
        /// The number of fields in the record.
        var fieldCount: Int
        /// The record's text in the window (line end excluded).
        var text: Range<Int>
    }

    /// The number of records.
    let count: Int
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let spans: UnsafeMutableBufferPointer<FieldSpan>
    private let codes: UnsafeBufferPointer<UInt8>
    private let records: UnsafeBufferPointer<Record>
    /// The distance between a record's field of one column and its field of the next column.
    private let stride: Int

    fileprivate init(
        count: Int, bytes: UnsafeMutableBufferPointer<UInt8>, spans: UnsafeMutableBufferPointer<FieldSpan>,
        codes: UnsafeBufferPointer<UInt8>, records: UnsafeBufferPointer<Record>, stride: Int
    ) {
        self.count = count
        self.bytes = bytes
        self.spans = spans
        self.codes = codes
        self.records = records
        self.stride = stride
    }

    subscript(record: Int) -> Record { records[record] }

    /// The unquoted bytes of a field, without leading and trailing ASCII spaces.
    ///
    /// Unquoting happens in place, once; read `rawText` before any field of the record.
    @inline(__always)
    func value(_ record: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        let range = unquoted(record, column)
        var lower = range.lowerBound
        var upper = range.upperBound
        let space = UInt8(ascii: " ")
        while lower < upper, bytes[lower] == space { lower &+= 1 }
        while lower < upper, bytes[upper &- 1] == space { upper &-= 1 }
        return UnsafeBufferPointer(start: bytes.baseAddress.map { $0 + lower }, count: upper &- lower)
    }

    /// The `ShortCode`s of a column's fields in records `record..<record + 8`, the first in the lowest byte.
    @inline(__always)
    func eightShortCodes(_ record: Int, _ column: Int) -> UInt64 {
        precondition(record >= 0 && record + 8 <= count, "records out of the group")
        let start = codes.baseAddress! + (column &* stride &+ record)
        return UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
    }

    /// The `ShortCode`s of a column's fields, by record (read `value` where one is `ShortCode.other`).
    @inline(__always)
    func shortCodes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let start = column &* stride
        return UnsafeBufferPointer(rebasing: codes[start..<start + count])
    }

    /// The unquoted text of a field, spaces kept (for header names).
    func text(_ record: Int, _ column: Int) -> String {
        String(decoding: bytes[unquoted(record, column)], as: UTF8.self)
    }

    /// A record as it stands in the file, cut to at most `limit` bytes on a character boundary.
    func rawText(_ record: Int, limit: Int) -> String {
        let text = records[record].text
        var end = text.upperBound
        if end - text.lowerBound > limit {
            end = text.lowerBound + limit
            while end > text.lowerBound, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        return String(decoding: bytes[text.lowerBound..<end], as: UTF8.self)
    }

    @inline(__always)
    private func unquoted(_ record: Int, _ column: Int) -> Range<Int> {
        let index = column &* stride &+ record
        let span = spans[index]
        guard span.isQuoted else { return span.start..<span.end }
        let range = CSVScanner.unquote(bytes, span)
        spans[index] = FieldSpan(start: range.lowerBound, end: range.upperBound, isQuoted: false)
        return range
    }
}

/// Reads CSV records from a chunked byte source: skips a UTF-8 byte-order mark
/// and blank lines, counts physical lines, and carries records cut by a chunk
/// boundary over to the next chunk.
struct CSVRecordReader {
    /// The longest record accepted; longer ones are almost always an unclosed quote.
    static let maximumRecordLength = 16 << 20
    /// The most records in one group.
    static let groupCapacity = 256
    /// The span and code tables hold this many more records per column than a group,
    /// so that a record's fields, one per column, are not a power of two bytes apart
    /// (at 256 records the 8-byte spans of every column map to the same few cache
    /// sets); the padding cut the read stage's CPU time by about 3%.
    static let stridePadding = 8

    private let source: any ByteChunkSource
    private let displayName: String
    private var window: ByteWindow
    /// The fields kept per record: grown to fit until the header is read, then the header's width.
    private var width = 64
    private var isHeaderRead = false
    private var columnNames: [String] = []
    private var spans: [FieldSpan] = []
    private var codes: [UInt8] = []
    private var records: [RecordGroup.Record] = []
    private var nextLine = 1

    /// Reads the first chunk and drops a byte-order mark.
    /// - Parameter windowSize: the decoded bytes held at once (grown only for longer records).
    init(source: any ByteChunkSource, displayName: String, windowSize: Int) throws {
        self.source = source
        self.displayName = displayName
        window = ByteWindow(capacity: windowSize)
        try window.refill(from: source)
        if window.hasPrefix([0xEF, 0xBB, 0xBF]) { window.consume(3) }
    }

    /// Reads the header record: its line and its column names; nil when the data holds no record.
    mutating func readHeader() throws -> (line: Int, names: [String])? {
        var header: (line: Int, names: [String])?
        _ = try readGroup(limit: 1) { group in
            header = (group[0].line, (0..<group[0].fieldCount).map { group.text(0, $0) })
        }
        if let header {
            columnNames = header.names
            width = header.names.count
            isHeaderRead = true
        }
        return header
    }

    /// Passes the next complete records, at most `limit`, to `body` as one group
    /// (blank lines are skipped, not counted), reading more data when none is complete.
    /// - Returns: the number of records in the group; 0 only at the end of the data.
    /// - Throws: `TallyError.badData` for an unterminated quote or an overlong record,
    ///   and whatever the source or `body` throws.
    mutating func readGroup(limit: Int, _ body: (RecordGroup) throws -> Void) throws -> Int {
        let capacity = min(limit, CSVRecordReader.groupCapacity)
        let stride = capacity + CSVRecordReader.stridePadding
        while true {
            if spans.count < stride * width {
                spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: stride * width)
                codes = Array(repeating: ShortCode.empty, count: stride * width)
            }
            if records.count < capacity {
                records = Array(repeating: RecordGroup.Record(line: 0, fieldCount: 0, text: 0..<0), count: capacity)
            }
            var scan = GroupScan(
                line: nextLine, isFinal: window.sourceEnded, width: width, widensToFit: !isHeaderRead,
                capacity: capacity, stride: stride)
            let stop: Stop = try window.withBytes { bytes, start in
                try spans.withUnsafeMutableBufferPointer { spans in
                    try codes.withUnsafeMutableBufferPointer { codes in
                        try records.withUnsafeMutableBufferPointer { records in
                            let (count, stop) = scan.run(
                                bytes, from: &start, spans: spans, codes: codes, records: records)
                            guard count > 0 else { return stop }
                            try body(
                                RecordGroup(
                                    count: count, bytes: bytes, spans: spans, codes: UnsafeBufferPointer(codes),
                                    records: UnsafeBufferPointer(records), stride: stride))
                            return .group(count)
                        }
                    }
                }
            }
            nextLine = scan.line
            switch stop {
            case .group(let count):
                return count
            case .needsWidth(let fieldCount):
                width = fieldCount
            case .unterminatedQuote(let field, let quoteLine):
                let name = field < columnNames.count ? columnNames[field] : "column \(field + 1)"
                throw TallyError.badData(
                    DataLocation(file: displayName, line: quoteLine, field: name),
                    "unterminated quote: the quoted field that starts on line \(quoteLine) is never closed")
            case .needsData:
                if scan.isFinal { return 0 }
                let limit = CSVRecordReader.maximumRecordLength
                guard window.pendingCount < limit else {
                    throw TallyError.badData(
                        DataLocation(file: displayName, line: scan.line),
                        "the record starting on line \(scan.line) is longer than \(limit >> 20) MiB; is a quote left open?"
                    )
                }
                try window.refill(from: source)
            }
        }
    }

    /// Why a scan of the window stopped.
    private enum Stop {
        /// A group of this many records was passed on.
        case group(Int)
        /// No complete record is left in the window.
        case needsData
        /// The header has more fields than the span tables are wide.
        case needsWidth(Int)
        case unterminatedQuote(field: Int, line: Int)
    }

    /// One pass of the scanner over the window, filling the span, code and record tables
    /// (`stride` records apart between the fields of a record) with at most `capacity` records.
    private struct GroupScan {
        /// The line of the next record.
        var line: Int
        let isFinal: Bool
        let width: Int
        let widensToFit: Bool
        let capacity: Int
        let stride: Int

        /// Scans complete records from `start`, advancing it past them and past blank lines.
        /// - Returns: the records found, and why the scan stopped.
        mutating func run(
            _ bytes: UnsafeMutableBufferPointer<UInt8>, from start: inout Int,
            spans: UnsafeMutableBufferPointer<FieldSpan>, codes: UnsafeMutableBufferPointer<UInt8>,
            records: UnsafeMutableBufferPointer<RecordGroup.Record>
        ) -> (count: Int, stop: Stop) {
            precondition(
                stride >= capacity && spans.count >= stride * width && codes.count >= stride * width, "tables too small"
            )
            var count = 0
            while count < capacity, start < bytes.count {
                let slots = FieldSlots(
                    count: width, spans: spans.baseAddress! + count, codes: codes.baseAddress! + count,
                    stride: stride)
                switch CSVScanner.scanRecord(UnsafeBufferPointer(bytes), from: start, isFinal: isFinal, into: slots) {
                case .needsMoreData:
                    return (count, .needsData)
                case .unterminatedQuote(let field, let lineOffset):
                    return (count, .unterminatedQuote(field: field, line: line + lineOffset))
                case .record(let bounds):
                    if bounds.fieldCount > width, widensToFit { return (count, .needsWidth(bounds.fieldCount)) }
                    records[count] = RecordGroup.Record(
                        line: line, fieldCount: bounds.fieldCount, text: start..<bounds.end)
                    line += bounds.lineCount
                    start = bounds.next
                    let first = slots.span(0)
                    if bounds.fieldCount == 1, !first.isQuoted, first.start == first.end { continue }
                    count += 1
                }
            }
            return (count, .needsData)
        }
    }
}
