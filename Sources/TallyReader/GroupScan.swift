/// Why a scan of the window stopped before its group was full.
enum ScanStop: Equatable {
    /// No complete record is left in the window.
    case needsData
    /// The header has more fields than the span tables are wide.
    case needsWidth(Int)
    /// The header's quoted field at `opening` is never closed.
    case unterminatedQuote(QuoteOpening)
    /// The record starting on `line` reaches `CSVRecordReader.maximumRecordLength`;
    /// `quote` is where a quote it leaves open opens.
    case tooLong(line: Int, quote: QuoteOpening?)
}

/// One pass of the scanner over the window, filling the span, code and record tables
/// (`stride` records apart between the fields of a record) with at most `capacity` records.
///
/// A record that a quote left open has broken (see `QuoteDamage`) becomes one
/// damaged line per physical line; such lines may fill several groups, so the
/// damage still to add is carried from one pass to the next.
struct GroupScan {
    /// The line of the next record.
    var line: Int
    /// Damaged lines still to add, from `line` on.
    var damage: QuoteDamage?
    let isFinal: Bool
    let width: Int
    /// Whether the scan reads the header (its width is not known yet, and it is never resynchronised).
    let widensToFit: Bool
    let capacity: Int
    let stride: Int
    /// The damaged lines added by this pass, by record.
    var damagedLines: [DamagedLine] = []

    init(line: Int, damage: QuoteDamage?, isFinal: Bool, width: Int, widensToFit: Bool, capacity: Int, stride: Int) {
        self.line = line
        self.damage = damage
        self.isFinal = isFinal
        self.width = width
        self.widensToFit = widensToFit
        self.capacity = capacity
        self.stride = stride
    }

    /// Scans complete records from `start`, advancing it past them and past blank lines.
    ///
    /// The loop keeps its record cases together because every respondent passes
    /// through them; the rare paths (a record at the length limit, a lone carriage
    /// return) are functions of their own, which left the 2M bench set's median wall
    /// time where it was (1.64 s before and after, 7 interleaved runs each).
    /// - Returns: the records found, and why the scan stopped when the group is not full.
    mutating func run(
        _ window: UnsafeMutableBufferPointer<UInt8>, from start: inout Int,
        spans: UnsafeMutableBufferPointer<FieldSpan>, codes: UnsafeMutableBufferPointer<UInt8>,
        records: UnsafeMutableBufferPointer<RecordGroup.Record>
    ) -> (count: Int, stop: ScanStop) {
        precondition(
            stride >= capacity && spans.count >= stride * width && codes.count >= stride * width, "tables too small")
        let bytes = UnsafeBufferPointer(window)
        var count = 0
        // Where the slow paths scan lines without keeping their fields.
        let scratch = FieldSlots(count: 0, spans: spans.baseAddress!, codes: codes.baseAddress!, stride: stride)
        let limit = CSVRecordReader.maximumRecordLength
        guard addDamagedLines(bytes, from: &start, records: records, count: &count) else { return (count, .needsData) }
        while count < capacity, start < bytes.count {
            if bytes[start] == CSVScanner.carriageReturn,
                start + 1 == bytes.count ? isFinal : bytes[start + 1] != CSVScanner.lineFeed
            {
                // A lone carriage return where a record would start ends an empty line.
                start += 1
                continue
            }
            let slots = FieldSlots(
                count: width, spans: spans.baseAddress! + count, codes: codes.baseAddress! + count, stride: stride)
            switch CSVScanner.scanRecord(bytes, from: start, isFinal: isFinal, into: slots) {
            case .needsMoreData:
                guard bytes.count - start >= limit else { return (count, .needsData) }
                if let stop = damageAtLengthLimit(bytes, from: start, scratch: scratch) { return (count, stop) }
            case .unterminatedQuote(let field, let lineOffset):
                let opening = QuoteOpening(line: line + lineOffset, field: field)
                guard !widensToFit else { return (count, .unterminatedQuote(opening)) }
                let resumption = resumption(bytes, after: start, before: bytes.count, atLimit: true, scratch: scratch)
                damage = quoteDamage(bytes, from: start, resumption: resumption, opening: opening, scratch: scratch)
            case .record(let bounds):
                if bounds.fieldCount > width, widensToFit { return (count, .needsWidth(bounds.fieldCount)) }
                if bounds.lineCount == 1, bounds.fieldCount != width, !widensToFit,
                    let end = CSVScanner.loneCarriageReturn(bytes, from: start, before: bounds.end)
                {
                    if splitAtLoneCarriageReturn(bytes, from: &start, end: end, slots: slots, into: &records[count]) {
                        count += 1
                    }
                    continue
                }
                if bounds.lineCount > 1, bounds.fieldCount != width || bounds.hasBytesAfterQuote, !widensToFit {
                    // Line breaks inside quotes, and the wrong number of fields or bytes after a
                    // closing quote: a quote left open, if a line inside parses as a record.
                    let resumption = resumption(
                        bytes, after: start, before: bounds.next, atLimit: bytes.count - start >= limit,
                        scratch: scratch)
                    if resumption == .needsData { return (count, .needsData) }
                    damage = quoteDamage(bytes, from: start, resumption: resumption, opening: nil, scratch: scratch)
                    if damage != nil { break }
                }
                records[count] = RecordGroup.Record(
                    line: line, fieldCount: bounds.fieldCount, text: start..<bounds.end)
                line += bounds.lineCount
                start = bounds.next
                let first = slots.span(0)
                if bounds.fieldCount == 1, !first.isQuoted, first.start == first.end { continue }
                count += 1
                continue
            }
            guard addDamagedLines(bytes, from: &start, records: records, count: &count) else {
                return (count, .needsData)
            }
        }
        return (count, .needsData)
    }

    /// A record at `start` has reached the length limit: when a quote left open explains it,
    /// the damage to reject up to the line reading resumes at.
    /// - Returns: why the scan stops, or nil once `damage` is set.
    private mutating func damageAtLengthLimit(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, scratch: FieldSlots
    ) -> ScanStop? {
        let opening = CSVScanner.openQuote(bytes, from: start, line: line, scratch: scratch)
        guard let opening, !widensToFit else { return .tooLong(line: line, quote: opening) }
        let resumption = resumption(bytes, after: start, before: bytes.count, atLimit: true, scratch: scratch)
        guard case .line = resumption else { return .tooLong(line: line, quote: opening) }
        damage = quoteDamage(bytes, from: start, resumption: resumption, opening: opening, scratch: scratch)
        return nil
    }

    /// A line ended by a lone carriage return (a classic Mac line end) at `end`, inside the
    /// record at `start`: the bytes before it are a record of their own, on the same line.
    /// Moves `start` past the carriage return.
    /// - Returns: whether the piece is a record to keep (false for an empty line).
    private func splitAtLoneCarriageReturn(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: inout Int, end: Int, slots: FieldSlots,
        into record: inout RecordGroup.Record
    ) -> Bool {
        let piece = UnsafeBufferPointer(start: bytes.baseAddress, count: end)
        guard case .record(let first) = CSVScanner.scanRecord(piece, from: start, isFinal: true, into: slots) else {
            preconditionFailure("bytes that close every quote scan as a record")
        }
        record = RecordGroup.Record(line: line, fieldCount: first.fieldCount, text: start..<first.end)
        start = end + 1
        let field = slots.span(0)
        return first.fieldCount > 1 || field.isQuoted || field.start != field.end
    }
}

extension CSVScanner {
    /// The first carriage return in `bytes[start..<end]` that is outside quotes and not
    /// followed by a line feed; nil when there is none.
    static func loneCarriageReturn(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int? {
        var quoted = false
        for index in start..<end {
            switch bytes[index] {
            case quote: quoted.toggle()
            case carriageReturn where !quoted && (index + 1 == bytes.count || bytes[index + 1] != lineFeed):
                return index
            default: break
            }
        }
        return nil
    }

    /// Where the quote that the record at `start` leaves open at the end of the bytes
    /// opens, as if no bytes followed; nil when the record closes every quote.
    /// - Parameter line: the line the record starts on.
    static func openQuote(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, scratch: FieldSlots
    ) -> QuoteOpening? {
        guard
            case .unterminatedQuote(let field, let lineOffset) =
                scanRecord(bytes, from: start, isFinal: true, into: scratch)
        else { return nil }
        return QuoteOpening(line: line + lineOffset, field: field)
    }
}
