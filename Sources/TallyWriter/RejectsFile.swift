import TallyModel

/// Writes `rejects.csv`: every value excluded and every row rejected, in input order.
public enum RejectsFile {
    /// The file's columns.
    public static let columns = ["file", "line", "respondent_id", "rule", "field", "raw_value", "action", "reason"]

    /// Writes the rejects to `path`.
    public static func write(_ rejects: [Reject], to path: String) throws {
        try write(to: path) { each in try rejects.forEach(each) }
    }

    /// Writes to `path` the rejects `forEach` hands over one by one (read back from a
    /// spill, say), so they need not all be in memory.
    public static func write(to path: String, _ forEach: (_ each: (Reject) throws -> Void) throws -> Void) throws {
        try FileOutput.write(path) { emit in
            var text = CSVText()
            text.line(columns)
            try withoutActuallyEscaping(emit) { emit in
                try forEach { reject in
                    // Field by field: an array literal per reject would allocate.
                    text.field(reject.file)
                    text.field(String(reject.line))
                    text.field(reject.respondentID)
                    text.field(reject.rule)
                    text.field(reject.field)
                    text.field(reject.rawValue)
                    text.field(reject.action.rawValue)
                    text.field(reject.reason)
                    text.endLine()
                    try text.flush(to: emit)
                }
            }
            try text.flush(atLeast: 0, to: emit)
        }
    }
}
