/// The CSV lines of some result rows, one text per part file of a partitioned
/// output, in order of first appearance.
///
/// Rows are formatted a table at a time, so that tables can be formatted at once
/// on several threads as they are finished; `write(_:header:under:)` then joins
/// the tables' texts file by file.
public struct PartTexts: Sendable {
    /// One part file's lines (without the header), by its path relative to the output folder.
    struct Part: Sendable {
        var path: String
        var text = CSVText()
        var rows = 0
    }

    private(set) var parts: [Part] = []
    private var partOfPath: [String: Int] = [:]

    /// No lines yet.
    public init() {}

    /// The index of the part file at `path`, added without lines the first time.
    private mutating func part(_ path: String) -> Int {
        if let known = partOfPath[path] { return known }
        partOfPath[path] = parts.count
        parts.append(Part(path: path))
        return parts.count - 1
    }

    /// Appends a line per row, which `line` writes and ends, to the part file at the
    /// path `path` gives the row. Rows of one file mostly follow each other: a row's
    /// path is worked out only when `sameFile` does not keep it with the row before.
    mutating func appendLines<Row>(
        of rows: [Row], sameFile: (_ previous: Row, _ row: Row) -> Bool, path: (Row) -> String,
        line: (Row, inout CSVText) -> Void
    ) {
        var last: (row: Int, part: Int)?
        for index in rows.indices {
            let part: Int
            if let last, sameFile(rows[last.row], rows[index]) {
                part = last.part
            } else {
                part = self.part(path(rows[index]))
            }
            last = (index, part)
            line(rows[index], &parts[part].text)
            parts[part].rows += 1
        }
    }

    /// Writes the part files of several texts below `root`: a file per path, in
    /// order of first appearance, each holding the header and then the path's lines
    /// of every text in the order given.
    /// - Returns: each file written (relative to `root`) with its row count.
    static func write(_ texts: [PartTexts], header: [String], under root: String) throws -> [WrittenFile] {
        var files: [(path: String, parts: [Part], rows: Int)] = []
        var fileOfPath: [String: Int] = [:]
        for text in texts {
            for part in text.parts {
                let file = fileOfPath[part.path] ?? files.count
                if file == files.count {
                    fileOfPath[part.path] = file
                    files.append((part.path, [], 0))
                }
                files[file].parts.append(part)
                files[file].rows += part.rows
            }
        }
        var headerLine = CSVText(capacity: 256)
        headerLine.line(header)
        var written: [WrittenFile] = []
        for (path, parts, rows) in files {
            if let slash = path.lastIndex(of: "/") { try FileOutput.makeDirectories(root + "/" + path[..<slash]) }
            try FileOutput.write(root + "/" + path) { emit in
                try emit(headerLine.bytes)
                for part in parts { try emit(part.text.bytes) }
            }
            written.append(WrittenFile(path: path, rows: rows))
        }
        return written
    }
}
