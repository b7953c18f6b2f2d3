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
                    text.line([
                        reject.file, String(reject.line), reject.respondentID, reject.rule, reject.field,
                        reject.rawValue, reject.action.rawValue, reject.reason,
                    ])
                    try text.flush(to: emit)
                }
            }
            try text.flush(atLeast: 0, to: emit)
        }
    }
}
