/// Lines rejected whole because a quote opened on one of them is never closed.
///
/// A quoted field may hold line breaks, so a quote left open swallows the lines
/// after it until a later quote closes it: the record found then has the wrong
/// number of fields, or bytes after the quote that closed it (most often the text
/// of the later field whose opening quote it was), or the data ends inside the
/// quote. Tally then rejects the lines from the record's first line up to the next
/// line inside it that parses as a record with the header's number of fields, one
/// reject per line, and resumes reading on that line. A record whose lines hold no
/// such line is kept as it is (a `ragged_row` when its field count is wrong).
struct QuoteDamage: Equatable {
    /// Where the quote that is never closed opens.
    var opening: QuoteOpening
    /// The first and last lines rejected.
    var firstLine: Int
    var lastLine: Int
    /// Whether a line after them parses as a record (reading resumes on `lastLine + 1`);
    /// false when the damage runs to the end of the data.
    var resumes: Bool
}

/// Where a quote opens: its line and the index of its field in the record.
struct QuoteOpening: Equatable {
    var line: Int
    var field: Int
}

/// A damaged line of a group: its record and what broke it.
struct DamagedLine {
    var record: Int
    var damage: QuoteDamage
}

extension GroupScan {
    /// Where reading resumes after a record broken by a quote left open.
    enum Resumption: Equatable {
        /// On the line at byte `start` of the window, numbered `line`.
        case line(start: Int, line: Int)
        /// No line in the bytes looked at parses as a record.
        case none
        /// A line's record runs past the bytes: look again with more.
        case needsData
    }

    /// The first line after the first line of the record at `start`, starting before
    /// `end`, that parses as a record with the header's number of fields.
    /// - Parameter atLimit: whether the window cannot grow (the record has reached the
    ///   length limit): a line whose record runs past the bytes then does not parse.
    func resumption(
        _ bytes: UnsafeBufferPointer<UInt8>, after start: Int, before end: Int, atLimit: Bool, scratch: FieldSlots
    ) -> Resumption {
        var lineStart = start
        var lineNumber = line
        while let lineFeed = Self.nextLineFeed(bytes, from: lineStart, before: end), lineFeed + 1 < end {
            lineStart = lineFeed + 1
            lineNumber += 1
            switch CSVScanner.scanRecord(bytes, from: lineStart, isFinal: isFinal, into: scratch) {
            case .record(let bounds) where bounds.fieldCount == width && bounds.end > lineStart:
                return .line(start: lineStart, line: lineNumber)
            case .needsMoreData where !atLimit:
                return .needsData
            default:
                continue
            }
        }
        return .none
    }

    /// The damage of the record at `start` when reading resumes at `resumption`;
    /// nil when the record is not broken by an open quote (`resumption` is `.none`
    /// and the record ends within the bytes).
    /// - Parameter opening: where the quote still open at the end of the bytes opens,
    ///   for a record that runs to the end of the data.
    func quoteDamage(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, resumption: Resumption, opening: QuoteOpening?,
        scratch: FieldSlots
    ) -> QuoteDamage? {
        switch resumption {
        case .line(let resumeStart, let resumeLine):
            // The quote still open where the resuming line starts is the one never closed.
            let cut = UnsafeBufferPointer(rebasing: bytes[..<resumeStart])
            guard
                case .unterminatedQuote(let field, let lineOffset) =
                    CSVScanner.scanRecord(cut, from: start, isFinal: true, into: scratch)
            else { return nil }
            return QuoteDamage(
                opening: QuoteOpening(line: line + lineOffset, field: field), firstLine: line,
                lastLine: resumeLine - 1, resumes: true)
        case .none, .needsData:
            guard let opening else { return nil }
            return QuoteDamage(
                opening: opening, firstLine: line, lastLine: line + Self.lineCount(bytes, from: start) - 1,
                resumes: false)
        }
    }

    /// Puts the damaged lines still to reject into the group, one record each (blank lines skipped).
    /// - Returns: whether all are in; false when the group is full or the bytes end first.
    mutating func addDamagedLines(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: inout Int,
        records: UnsafeMutableBufferPointer<RecordGroup.Record>, count: inout Int
    ) -> Bool {
        guard let damage else { return true }
        while line <= damage.lastLine {
            guard count < capacity else { return false }
            let lineFeed = Self.nextLineFeed(bytes, from: start, before: bytes.count)
            guard lineFeed != nil || isFinal else { return false }
            var end = lineFeed ?? bytes.count
            if end > start, bytes[end - 1] == CSVScanner.carriageReturn { end -= 1 }
            if end > start {
                records[count] = RecordGroup.Record(line: line, fieldCount: RecordGroup.damagedLine, text: start..<end)
                damagedLines.append(DamagedLine(record: count, damage: damage))
                count += 1
            }
            line += 1
            start = lineFeed.map { $0 + 1 } ?? bytes.count
        }
        self.damage = nil
        return true
    }

    /// The first line feed in `bytes[from..<end]`.
    private static func nextLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == CSVScanner.lineFeed { return index }
            index += 1
        }
        return nil
    }

    /// The physical lines from `start` to the end of the bytes (a last line without a line feed counts).
    private static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let lineFeeds = bytes[start...].reduce(0) { $0 + ($1 == CSVScanner.lineFeed ? 1 : 0) }
        return lineFeeds + (bytes.last == CSVScanner.lineFeed ? 0 : 1)
    }
}
