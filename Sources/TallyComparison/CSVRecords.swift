import Foundation
import TallyModel

/// RFC 4180 records with the line each starts on (the header is line 1).
enum CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// A table file read whole: its column positions by header name and its data
    /// records (blank lines skipped), each checked to have as many fields as the header.
    struct Table {
        var index: [String: Int]
        var records: [Record]
    }

    /// Reads a CSV file with a header row.
    /// - Throws: `TallyError.badData` naming the file and line for an unreadable or empty
    ///   file, a missing `required` column, a row with the wrong number of fields or an
    ///   unterminated quote.
    static func table(file: String, required: [String]) throws -> Table {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TallyError.badData(DataLocation(file: file), "cannot read the table file")
        }
        let records = try parse(data, file: file)
        guard let header = records.first else {
            throw TallyError.badData(DataLocation(file: file, line: 1), "empty table file (no header)")
        }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() where index[name] == nil { index[name] = position }
        for name in required where index[name] == nil {
            throw TallyError.badData(DataLocation(file: file, line: 1, field: name), "missing column '\(name)'")
        }
        var rows: [Record] = []
        for record in records.dropFirst() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }  // a blank line
            guard record.fields.count == header.fields.count else {
                throw TallyError.badData(
                    DataLocation(file: file, line: record.line),
                    "\(record.fields.count) fields where the header has \(header.fields.count)")
            }
            rows.append(record)
        }
        return Table(index: index, records: rows)
    }

    static func parse(_ data: Data, file: String) throws -> [Record] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var start = 1
        var quoteLine = 1
        var quoted = false
        var index = 0
        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 10 { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                quoted = true
                quoteLine = line
            case UInt8(ascii: ","):
                finishField()
            case 13 where index < bytes.count && bytes[index] == 10:
                continue
            case 10:
                finishField()
                records.append(Record(line: start, fields: fields))
                fields.removeAll()
                line += 1
                start = line
            default:
                field.append(byte)
            }
        }
        if quoted {
            throw TallyError.badData(DataLocation(file: file, line: quoteLine), "unterminated quoted field")
        }
        if !field.isEmpty || !fields.isEmpty {
            finishField()
            records.append(Record(line: start, fields: fields))
        }
        return records
    }
}
