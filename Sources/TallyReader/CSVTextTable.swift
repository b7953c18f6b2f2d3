import TallyModel

/// A CSV file with a header row, read whole as text by the scanner that reads
/// respondent files (`CSVRecordReader`): a byte-order mark, CRLF and lone CR line
/// ends, quoted commas, quotes and line breaks, blank lines and gzip are handled
/// the same way. For small files a person or Tally wrote, such as a finished
/// run's table files.
public struct CSVTextTable: Sendable {
    /// One data record and the line it starts on.
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// The header's column names.
    public var header: [String]
    /// The data records, in order (blank lines skipped).
    public var records: [Record]

    /// Reads a file whole.
    /// - Throws: `TallyError.inputMissing` when it cannot be opened;
    ///   `TallyError.badData` naming the file and line for an empty file, a record
    ///   with another number of fields than the header, or an unterminated quote.
    public static func read(path: String) throws -> CSVTextTable {
        let source = try openChunkSource(path: path, displayName: path, chunkSize: RespondentReader.defaultChunkSize)
        var reader = try CSVRecordReader(
            source: source, displayName: path, windowSize: RespondentReader.defaultChunkSize)
        guard let header = try reader.readHeader() else {
            throw TallyError.badData(DataLocation(file: path, line: 1), "empty table file (no header)")
        }
        let width = header.names.count
        var records: [Record] = []
        while try reader.readGroup(
            limit: CSVRecordReader.groupCapacity,
            { group in
                for record in 0..<group.count {
                    let line = group[record].line
                    switch group[record].fieldCount {
                    case width:
                        records.append(Record(line: line, fields: (0..<width).map { group.text(record, $0) }))
                    case RecordGroup.damagedLine:
                        throw TallyError.badData(
                            DataLocation(file: path, line: line), "unterminated quote: a quoted field is never closed")
                    case let count:
                        throw TallyError.badData(
                            DataLocation(file: path, line: line), "\(count) fields where the header has \(width)")
                    }
                }
            }) > 0
        {}
        return CSVTextTable(header: header.names, records: records)
    }
}
