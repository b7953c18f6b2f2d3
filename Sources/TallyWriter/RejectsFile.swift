import TallyModel

/// Writes `rejects.csv`: every value excluded and every row rejected, in input order.
public enum RejectsFile {
    /// The file's columns.
    public static let columns = ["file", "line", "respondent_id", "rule", "field", "raw_value", "action", "reason"]

    /// Writes the rejects to `path`.
    public static func write(_ rejects: [Reject], to path: String) throws {
        let lines =
            [CSVFormatting.line(columns)]
            + rejects.lazy.map { reject in
                CSVFormatting.line([
                    reject.file, String(reject.line), reject.respondentID, reject.rule, reject.field, reject.rawValue,
                    reject.action.rawValue, reject.reason,
                ])
            }
        try FileOutput.write(path, lines)
    }
}
