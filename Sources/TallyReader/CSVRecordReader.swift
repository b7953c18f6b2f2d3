import TallyModel

/// Reads CSV records from a chunked byte source: skips a UTF-8 byte-order mark
/// and blank lines, counts physical lines, and carries records cut by a chunk
/// boundary over to the next chunk.
struct CSVRecordReader {
    /// The longest record accepted (16 MiB); longer ones are almost always an unclosed quote.
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
    /// Lines still to reject because of a quote left open (see `QuoteDamage`).
    private var damage: QuoteDamage?
    /// The data's first bytes (up to `InputSniffer.sniffedLength`), byte-order mark included.
    let leadingBytes: [UInt8]

    /// The header record.
    struct Header {
        /// The line it starts on.
        var line: Int
        /// Its column names.
        var names: [String]
        /// Its bytes as they stand in the data, from decoded byte `offset`.
        var bytes: [UInt8]
        var offset: Int
    }

    /// Reads the first chunk and drops a byte-order mark.
    /// - Parameter windowSize: the decoded bytes held at once (grown only for longer records).
    init(source: any ByteChunkSource, displayName: String, windowSize: Int) throws {
        self.source = source
        self.displayName = displayName
        window = ByteWindow(capacity: windowSize)
        try window.refill(from: source)
        leadingBytes = window.prefix(InputSniffer.sniffedLength)
        if window.hasPrefix([0xEF, 0xBB, 0xBF]) { window.consume(3) }
    }

    /// Seconds spent getting bytes from the source so far (see `ByteWindow.sourceNanoseconds`).
    var sourceSeconds: Double { Double(window.sourceNanoseconds) / 1e9 }

    /// Whether the data ended within the window so far, and how many decoded bytes it holds then.
    var decodedLengthIfEnded: Int? { window.sourceEnded ? source.decodedBytes : nil }

    /// Reads the header record; nil when the data holds no record.
    mutating func readHeader() throws -> Header? {
        var header: Header?
        _ = try readGroup(limit: 1) { group in
            header = Header(
                line: group[0].line, names: (0..<group[0].fieldCount).map { group.text(0, $0) },
                bytes: group.rawBytes(0), offset: group[0].text.lowerBound)
        }
        guard var header else { return nil }
        header.offset += window.dropped
        columnNames = header.names
        width = header.names.count
        isHeaderRead = true
        return header
    }

    /// Passes the next complete records, at most `limit`, to `body` as one group
    /// (blank lines are skipped, not counted), reading more data when none is complete.
    /// Lines broken by a quote left open are records of the group too (see `QuoteDamage`).
    /// - Returns: the number of records in the group; 0 only at the end of the data.
    /// - Throws: `TallyError.badData` for an unterminated quote in the header or a record
    ///   longer than `maximumRecordLength`, and whatever the source or `body` throws.
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
                line: nextLine, damage: damage, isFinal: window.sourceEnded, width: width,
                widensToFit: !isHeaderRead, capacity: capacity, stride: stride)
            let pass: Pass = try window.withBytes { bytes, start in
                try spans.withUnsafeMutableBufferPointer { spans in
                    try codes.withUnsafeMutableBufferPointer { codes in
                        try records.withUnsafeMutableBufferPointer { records in
                            let (count, stop) = scan.run(
                                bytes, from: &start, spans: spans, codes: codes, records: records)
                            guard count > 0 else { return .stopped(stop) }
                            try body(
                                RecordGroup(
                                    count: count, bytes: bytes, spans: spans, codes: UnsafeBufferPointer(codes),
                                    records: UnsafeBufferPointer(records), stride: stride,
                                    damagedLines: scan.damagedLines))
                            return .group(count)
                        }
                    }
                }
            }
            nextLine = scan.line
            damage = scan.damage
            switch pass {
            case .group(let count):
                return count
            case .stopped(.needsWidth(let fieldCount)):
                width = fieldCount
            case .stopped(.unterminatedQuote(let opening)):
                let name = columnName(opening.field)
                throw TallyError.badData(
                    DataLocation(file: displayName, line: opening.line, field: name),
                    "unterminated quote: the quoted field that starts on line \(opening.line) is never closed")
            case .stopped(.tooLong(let line, let quote)):
                throw tooLong(line: line, quote: quote)
            case .stopped(.needsData):
                if scan.isFinal { return 0 }
                try window.refill(from: source)
            }
        }
    }

    /// What one scan of the window gave.
    private enum Pass {
        /// A group of this many records, passed to the body.
        case group(Int)
        /// No record: why.
        case stopped(ScanStop)
    }

    /// The name of the column at `index` in the header, or `column N` beyond it.
    private func columnName(_ index: Int) -> String {
        index < columnNames.count ? columnNames[index] : "column \(index + 1)"
    }

    /// The error for a record that reaches `maximumRecordLength`: the limit, the record's line,
    /// and the quote it leaves open, if any.
    private func tooLong(line: Int, quote: QuoteOpening?) -> TallyError {
        let limit = "\(CSVRecordReader.maximumRecordLength >> 20) MiB"
        var message = "the record starting on line \(line) is longer than \(limit), the limit on one record"
        if let quote {
            message +=
                "; a quote opened in field '\(columnName(quote.field))' on line \(quote.line) is never closed, and no line in the \(limit) after it parses as a record"
        } else {
            message += " (a line that long has no line end: is the file CSV text?)"
        }
        return TallyError.badData(
            DataLocation(file: displayName, line: line, field: quote.map { columnName($0.field) }), message)
    }
}
