/// Where one field lies in the byte window, as found by the scanner; packed
/// into 8 bytes, since the scanner writes one per field (window offsets stay
/// far below 2^31: records are capped at `CSVRecordReader.maximumRecordLength`).
struct FieldSpan {
    private static let quotedFlag: UInt32 = 1 << 31
    private var storedStart: UInt32
    private var storedEnd: UInt32

    init(start: Int, end: Int, isQuoted: Bool) {
        assert(end < Int(FieldSpan.quotedFlag), "window offset out of range")
        storedStart = UInt32(truncatingIfNeeded: start)
        storedEnd = UInt32(truncatingIfNeeded: end) | (isQuoted ? FieldSpan.quotedFlag : 0)
    }

    /// The field's first byte (its opening quote when quoted).
    var start: Int { Int(storedStart) }
    /// One past the field's last byte (before the separator or line end).
    var end: Int { Int(storedEnd & ~FieldSpan.quotedFlag) }
    /// Whether the field opens with a quote, so its bytes still need unquoting.
    var isQuoted: Bool { storedEnd & FieldSpan.quotedFlag != 0 }
}

/// The outcome of scanning for one record.
enum RecordScan: Equatable {
    /// A complete record.
    case record(RecordBounds)
    /// The bytes end inside the record; scan again with more.
    case needsMoreData
    /// The data ends inside a quoted field.
    /// - field: the field's index; lineOffset: the quote's line, relative to the record's first line.
    case unterminatedQuote(field: Int, lineOffset: Int)
}

/// A complete record found by the scanner.
struct RecordBounds: Equatable {
    /// One past the record's text (before its CR LF or LF).
    var end: Int
    /// Where the next record starts.
    var next: Int
    /// The number of fields in the record, including any beyond the span buffer.
    var fieldCount: Int
    /// The physical lines the record spans (more than 1 with newlines inside quotes).
    var lineCount: Int
    /// Whether a quoted field's closing quote is followed by other bytes than a
    /// separator or the line end (in a record of several lines, the sign of a quote
    /// left open that a later field's opening quote closed).
    var hasBytesAfterQuote = false
}

/// Splits RFC 4180 CSV into records and fields by scanning bytes, without copying.
///
/// A field that opens with `"` runs to the matching closing quote (`""` stands
/// for one quote; commas and newlines inside are data); bytes after the closing
/// quote, up to the separator, are kept as they are (and noted in the record's
/// bounds). Records end at LF; a CR before the LF is part of the line end.
enum CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Scans the record that starts at `start`.
    ///
    /// Unquoted fields, nearly all of them, are split eight bytes at a time: one
    /// word's commas and line feeds become a bit mask whose set bits are the field
    /// ends, so a field costs a few instructions whatever its length. A field that
    /// opens with a quote, and the last few bytes of the buffer, go byte by byte.
    ///
    /// One function on purpose: the hottest loop of a run. Split into inlined steps
    /// on a cursor struct (quoted field, words of commas, words with a line end, end
    /// of field), the kernel benchmark's CSV scan measured 3% slower (p50 10.09 and
    /// 10.13 ms against 9.91 ms, interleaved, 2026-12-07), so it stays whole until
    /// the fused reader replaces it.
    /// - Parameters:
    ///   - bytes: the bytes available; `start` must be below `bytes.count`.
    ///   - isFinal: whether no bytes follow these (a last line without newline is then a record).
    ///   - slots: receive the spans and short codes of the record's first `slots.count` fields.
    static func scanRecord(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool, into slots: FieldSlots
    ) -> RecordScan {
        precondition(start < bytes.count, "scanning from the end of the bytes")
        let count = bytes.count
        let base = bytes.baseAddress!
        var position = start
        var fieldStart = start
        var field = 0
        var newlines = 0
        var hasBytesAfterQuote = false
        while true {
            var isQuoted = false
            if position == fieldStart, position < count, base[position] == quote {
                // A quoted field runs to its closing quote, byte by byte.
                isQuoted = true
                let quoteLine = newlines
                position += 1
                while true {
                    guard position < count else {
                        return isFinal ? .unterminatedQuote(field: field, lineOffset: quoteLine) : .needsMoreData
                    }
                    let byte = base[position]
                    if byte == quote {
                        if position + 1 < count, base[position + 1] == quote {
                            position += 2
                            continue
                        }
                        guard position + 1 < count || isFinal else { return .needsMoreData }
                        position += 1
                        if position < count, base[position] != comma, base[position] != lineFeed,
                            base[position] != carriageReturn
                        {
                            hasBytesAfterQuote = true
                        }
                        break
                    }
                    if byte == lineFeed { newlines += 1 }
                    position += 1
                }
            } else {
                // Unquoted: every comma or line feed in a word ends a field.
                while position &+ 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                    var ends = zeroBytes(word ^ commas)
                    let lineEnds = zeroBytes(word ^ lineFeeds)
                    if lineEnds | zeroBytes(word ^ quotes) == 0 {
                        // Most words: only commas, and no field inside opens with a quote.
                        // Most fields are one byte, so many words are four of them,
                        // begun at the word's start or one byte before: stored at once.
                        if ends == oddBytes, fieldStart == position, field &+ 4 <= slots.count {
                            slots.setFourOneByteFields(field, at: position, bytes: word)
                            field &+= 4
                            fieldStart = position &+ 8
                            position &+= 8
                            if position < count, base[position] == quote { break }
                            continue
                        }
                        if ends == evenBytes, fieldStart == position &- 1, field &+ 4 <= slots.count {
                            slots.setFourOneByteFields(
                                field, at: fieldStart, bytes: word &<< 8 | UInt64(base[fieldStart]))
                            field &+= 4
                            fieldStart = position &+ 7
                            position &+= 8
                            continue
                        }
                        while ends != 0 {
                            let end = position &+ ends.trailingZeroBitCount &>> 3
                            slots.setUnquoted(field, start: fieldStart, end: end, first: base[fieldStart])
                            field &+= 1
                            fieldStart = end &+ 1
                            ends &= ends &- 1
                        }
                        position &+= 8
                        if fieldStart == position, position < count, base[position] == quote { break }
                        continue
                    }
                    ends |= lineEnds
                    while ends != 0 {
                        let end = position &+ ends.trailingZeroBitCount &>> 3
                        if base[end] == lineFeed {
                            var fieldEnd = end
                            if fieldEnd > fieldStart, base[fieldEnd - 1] == carriageReturn { fieldEnd -= 1 }
                            slots.setUnquoted(field, start: fieldStart, end: fieldEnd, first: base[fieldStart])
                            return .record(
                                RecordBounds(
                                    end: fieldEnd, next: end + 1, fieldCount: field + 1, lineCount: newlines + 1,
                                    hasBytesAfterQuote: hasBytesAfterQuote))
                        }
                        slots.setUnquoted(field, start: fieldStart, end: end, first: base[fieldStart])
                        field += 1
                        fieldStart = end + 1
                        ends &= ends &- 1
                        if fieldStart < count, base[fieldStart] == quote { break }
                    }
                    if fieldStart < count, fieldStart > position, base[fieldStart] == quote {
                        position = fieldStart
                        break
                    }
                    position += 8
                }
                if position == fieldStart, position < count, base[position] == quote { continue }
            }
            // The rest of the field (after a closing quote, or near the end of the bytes), byte by byte.
            while position < count {
                let byte = base[position]
                if byte == comma || byte == lineFeed { break }
                position += 1
            }
            guard position < count || isFinal else { return .needsMoreData }
            var fieldEnd = position
            let endsRecord = position == count || base[position] == lineFeed
            if endsRecord, fieldEnd > fieldStart, base[fieldEnd - 1] == carriageReturn { fieldEnd -= 1 }
            if isQuoted {
                slots.setQuoted(field, start: fieldStart, end: fieldEnd)
            } else {
                slots.setUnquoted(
                    field, start: fieldStart, end: fieldEnd, first: fieldEnd > fieldStart ? base[fieldStart] : 0)
            }
            field += 1
            if endsRecord {
                let next = position < count ? position + 1 : position
                return .record(
                    RecordBounds(
                        end: fieldEnd, next: next, fieldCount: field, lineCount: newlines + 1,
                        hasBytesAfterQuote: hasBytesAfterQuote))
            }
            position += 1
            fieldStart = position
        }
    }

    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    /// The field ends of a word whose bytes 1, 3, 5 and 7 are commas.
    private static let oddBytes: UInt64 = 0x8000_8000_8000_8000
    /// The field ends of a word whose bytes 0, 2, 4 and 6 are commas.
    private static let evenBytes: UInt64 = 0x0080_0080_0080_0080

    /// The high bit of every zero byte of `word`, exactly (no borrow between bytes).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// Unquotes a quoted field in place: drops the quotes around it and halves doubled quotes.
    /// - Returns: the range of the field's value.
    static func unquote(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ span: FieldSpan) -> Range<Int> {
        guard span.isQuoted else { return span.start..<span.end }
        var read = span.start + 1
        var write = span.start
        while read < span.end {
            let byte = bytes[read]
            read += 1
            if byte == quote {
                guard read < span.end, bytes[read] == quote else { break }
                read += 1
            }
            bytes[write] = byte
            write += 1
        }
        while read < span.end {
            bytes[write] = bytes[read]
            write += 1
            read += 1
        }
        return span.start..<write
    }
}
