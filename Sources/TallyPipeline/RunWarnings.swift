import TallyAggregator
import TallyWriter

/// The warnings a finished run records in its manifest, worked out from what it
/// wrote: rejected rows and excluded values by rule, ignored columns, files read
/// twice, assumed weighting targets and published figures not recovered.
enum RunWarnings {
    static func of(_ manifest: Manifest, audit: [AuditEntry]) -> [String] {
        var warnings: [String] = []
        if manifest.rowsRejected + manifest.valuesExcluded > 0 {
            let rules = manifest.rejectsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            warnings.append(
                "\(manifest.rowsRejected) rows rejected and \(manifest.valuesExcluded) values excluded (\(rules.joined(separator: ", "))); see rejects.csv"
            )
        }
        for input in manifest.inputs where !input.ignoredColumns.isEmpty {
            warnings.append(
                "\(input.file): columns not in the definition ignored: \(input.ignoredColumns.joined(separator: ", "))")
        }
        for file in manifest.reprocessedFiles {
            warnings.append("\(file) read again: it repeats respondents of an earlier file")
        }
        if !manifest.weighting.assumedMargins.isEmpty {
            warnings.append(
                "weighting targets that are assumptions, not published figures: \(manifest.weighting.assumedMargins.joined(separator: ", "))"
            )
        }
        let missed = audit.filter { !$0.recovered }
        if !missed.isEmpty {
            warnings.append("\(missed.count) of \(audit.count) published figures not recovered; see audit.csv")
        }
        return warnings
    }
}
