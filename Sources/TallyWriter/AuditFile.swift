import TallyAggregator

/// Writes `audit.csv`: every published figure beside the run's estimate of it.
public enum AuditFile {
    /// The file's columns.
    public static let columns = [
        "figure", "table_name", "banner", "column_code", "row_code", "statistic", "estimate", "ci_lower", "ci_upper",
        "published", "published_low", "published_high", "recovered", "unweighted_estimate",
    ]

    /// Writes the entries to `path`.
    public static func write(_ entries: [AuditEntry], to path: String) throws {
        func number(_ value: Double?) -> String { value.map(CSVFormatting.number) ?? "" }
        var text = CSVText()
        text.line(columns)
        for entry in entries {
            let figure = entry.figure
            let interval = figure.roundingInterval
            let statistic =
                figure.lessLikely ? "\(figure.statistic.rawValue) (less likely)" : figure.statistic.rawValue
            text.line([
                figure.figure, entry.table, figure.banner, figure.column, figure.row, statistic,
                number(entry.estimate),
                number(entry.lower), number(entry.upper), CSVFormatting.number(figure.value),
                CSVFormatting.number(interval.low), CSVFormatting.number(interval.high),
                entry.recovered ? "yes" : "no",
                number(entry.unweightedEstimate),
            ])
        }
        try FileOutput.write(path, bytes: text.bytes)
    }
}
