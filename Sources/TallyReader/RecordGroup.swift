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
        /// The number of fields in the record, or `RecordGroup.damagedLine`.
        var fieldCount: Int
        /// The record's text in the window (line end excluded).
        var text: Range<Int>
    }

    /// The `fieldCount` of a physical line rejected whole because a quote opened on
    /// it, or on a line before it, is never closed (see `QuoteDamage`): its fields
    /// are not in the tables.
    static let damagedLine = -1

    /// The number of records.
    let count: Int
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let spans: UnsafeMutableBufferPointer<FieldSpan>
    private let codes: UnsafeBufferPointer<UInt8>
    private let records: UnsafeBufferPointer<Record>
    /// The distance between a record's field of one column and its field of the next column.
    private let stride: Int
    /// The damage behind each damaged line, by record (empty but for damaged input).
    private let damagedLines: [DamagedLine]

    init(
        count: Int, bytes: UnsafeMutableBufferPointer<UInt8>, spans: UnsafeMutableBufferPointer<FieldSpan>,
        codes: UnsafeBufferPointer<UInt8>, records: UnsafeBufferPointer<Record>, stride: Int,
        damagedLines: [DamagedLine] = []
    ) {
        self.count = count
        self.bytes = bytes
        self.spans = spans
        self.codes = codes
        self.records = records
        self.stride = stride
        self.damagedLines = damagedLines
    }

    subscript(record: Int) -> Record { records[record] }

    /// The unquoted bytes of a field, without leading and trailing ASCII spaces.
    ///
    /// Unquoting happens in place, once; read `rawText` before any field of the record.
    @inline(__always)
    func value(_ record: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        var trimmed = 0
        return value(record, column, countingTrims: &trimmed)
    }

    /// The unquoted bytes of a field, without leading and trailing ASCII spaces;
    /// adds 1 to `trimmed` when there were spaces to remove.
    ///
    /// The two comparisons that find no space are all a value without them costs.
    @inline(__always)
    func value(_ record: Int, _ column: Int, countingTrims trimmed: inout Int) -> UnsafeBufferPointer<UInt8> {
        let range = unquoted(record, column)
        let space = UInt8(ascii: " ")
        guard !range.isEmpty, bytes[range.lowerBound] == space || bytes[range.upperBound &- 1] == space else {
            return UnsafeBufferPointer(start: bytes.baseAddress.map { $0 + range.lowerBound }, count: range.count)
        }
        trimmed &+= 1
        return withoutSpaces(range)
    }

    /// The bytes of `range` without leading and trailing ASCII spaces.
    @inline(never)
    private func withoutSpaces(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
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

    /// The bytes of a record as they stand in the file (for the header's checks).
    func rawBytes(_ record: Int) -> [UInt8] {
        Array(bytes[records[record].text])
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

    /// What broke a damaged line (`fieldCount == damagedLine`).
    func damage(of record: Int) -> QuoteDamage {
        guard let line = damagedLines.first(where: { $0.record == record }) else {
            preconditionFailure("record \(record) is not a damaged line")
        }
        return line.damage
    }

    /// The fields of a damaged line read on its own, up to a quote it leaves open,
    /// unquoted and without surrounding spaces; and, when it leaves one open, the
    /// open field's text from after its quote to the next comma (an id a person
    /// reads in `"R00001,1.25,…`).
    func fieldsOfDamagedLine(
        _ record: Int
    ) -> (fields: [UnsafeBufferPointer<UInt8>], openField: UnsafeBufferPointer<UInt8>?) {
        let text = records[record].text
        var fields: [UnsafeBufferPointer<UInt8>] = []
        var position = text.lowerBound
        while position <= text.upperBound {
            let start = position
            let value: Range<Int>
            if position < text.upperBound, bytes[position] == CSVScanner.quote {
                guard let closing = closingQuote(after: position, before: text.upperBound) else {
                    var end = position + 1
                    while end < text.upperBound, bytes[end] != CSVScanner.comma { end += 1 }
                    return (fields, withoutSpaces(position + 1..<end))
                }
                value = position + 1..<closing
                position = closing + 1
                while position < text.upperBound, bytes[position] != CSVScanner.comma { position += 1 }
            } else {
                while position < text.upperBound, bytes[position] != CSVScanner.comma { position += 1 }
                value = start..<position
            }
            fields.append(withoutSpaces(value))
            position += 1
        }
        return (fields, nil)
    }

    /// The quote that closes the field opened by the quote at `opening`, before `end`; nil when none does.
    private func closingQuote(after opening: Int, before end: Int) -> Int? {
        var index = opening + 1
        while index < end {
            if bytes[index] == CSVScanner.quote {
                guard index + 1 < end, bytes[index + 1] == CSVScanner.quote else { return index }
                index += 1
            }
            index += 1
        }
        return nil
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
