import TallyModel
import TallyReader

/// A finished run's table files, read by the project's one CSV reader
/// (`CSVTextTable`) and checked for the columns a comparison needs.
enum CSVRecords {
    typealias Record = CSVTextTable.Record

    /// A table file read whole: its column positions by header name and its data
    /// records (blank lines skipped), each checked to have as many fields as the header.
    struct Table {
        var index: [String: Int]
        var records: [Record]
    }

    /// The tidy files' column names before version 2 (Tally 0.x wrote `table`, `question`,
    /// `column` and `row`, SQL reserved words), by their names now: a run folder written
    /// before the renaming still compares with one written after.
    static let legacyNames = [
        "table": "table_name", "question": "question_key", "column": "column_label", "row": "row_label",
    ]

    /// Reads a CSV file with a header row.
    /// - Throws: `TallyError.badData` naming the file and line for an unreadable or empty
    ///   file, a missing `required` column, a row with the wrong number of fields or an
    ///   unterminated quote.
    static func table(file: String, required: [String]) throws -> Table {
        let table: CSVTextTable
        do {
            table = try CSVTextTable.read(path: file)
        } catch TallyError.inputMissing(_, let message) {
            throw TallyError.badData(DataLocation(file: file), "cannot read the table file: \(message)")
        }
        var index: [String: Int] = [:]
        for (position, name) in table.header.enumerated() where index[name] == nil { index[name] = position }
        for (legacy, name) in legacyNames where index[name] == nil {
            index[name] = index[legacy]
        }
        for name in required where index[name] == nil {
            throw TallyError.badData(DataLocation(file: file, line: 1, field: name), "missing column '\(name)'")
        }
        return Table(index: index, records: table.records)
    }
}
