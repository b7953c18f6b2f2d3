import Foundation
import Logging
import TallyModel
import TallyPipeline
import TallyWriter

/// The account of a finished run on stderr, for the person who started it: the
/// rows read, used and rejected, a line per cleaning rule with its count and where
/// every reject is, the weighting rounded for reading, the audit and the files.
/// With `--verbose`, the first rejects one by one as well.
enum RunSummary {
    static func log(_ report: RunReport, output: String, verbose: Bool, logger: Logger) {
        let edition: Logger.Metadata = ["edition": "\(report.manifest.pipeline.edition)"]
        if verbose {
            for reject in report.firstRejects {
                let field = reject.field.isEmpty ? "" : ", field '\(reject.field)'"
                logger.warning(
                    "\(reject.file):\(reject.line)\(field): \(reject.reason) (\(reject.action.rawValue))",
                    metadata: edition)
            }
        }
        for line in lines(report, output: output) { logger.info("\(line)", metadata: edition) }
    }

    /// The summary's lines.
    static func lines(_ report: RunReport, output: String) -> [String] {
        let manifest = report.manifest
        let files = manifest.inputs.count == 1 ? "1 file" : "\(manifest.inputs.count) files"
        var lines = [
            "\(count(manifest.rowsRead)) rows read from \(files): \(count(manifest.rowsUsed)) used and \(count(manifest.rowsRejected)) rejected"
        ]
        let byAction = manifest.rejectsByAction ?? [:]
        lines += ruleLines(
            byAction["row_rejected"], what: ("row", "rows"), heading: "rejected, by the first rule each broke:")
        lines += ruleLines(
            byAction["value_excluded"], what: ("value", "values"),
            heading: "excluded, their respondents kept (out of that question's base only):")
        lines += ruleLines(
            byAction["value_imputed"], what: ("value", "values"),
            heading: "imputed for weighting (left missing in the tables):")
        if !byAction.values.allSatisfy(\.isEmpty) {
            lines.append("every one, by file and line: \(output)/rejects.csv")
        }
        lines.append(weighting(manifest.weighting))
        if !report.audit.isEmpty {
            let recovered = report.audit.count(where: \.recovered)
            lines.append(
                "audit: \(recovered) of \(report.audit.count) published figures recovered (see \(output)/audit.csv)")
        }
        lines.append(
            "\(manifest.pipeline.survey) edition \(manifest.pipeline.edition): \(manifest.outputs.count) files written to \(output)"
        )
        return lines
    }

    /// `N rows <heading>` then a line per rule, most frequent first.
    private static func ruleLines(
        _ rules: [String: Int]?, what: (one: String, many: String), heading: String
    ) -> [String] {
        guard let rules, !rules.isEmpty else { return [] }
        let total = rules.values.reduce(0, +)
        let sorted = rules.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let width = sorted.map { count($0.value).count }.max() ?? 0
        return ["\(count(total)) \(total == 1 ? what.one : what.many) \(heading)"]
            + sorted.map { rule, number in
                let padded = String(repeating: " ", count: width - count(number).count) + count(number)
                let meaning = RejectRules.meanings[rule].map { " (\($0))" } ?? ""
                return "  \(padded)  \(rule)\(meaning)"
            }
    }

    /// The weighting, rounded for reading.
    private static func weighting(_ weighting: Manifest.Weighting) -> String {
        var text = "weighting: "
        if let sweeps = weighting.sweeps {
            let error = weighting.marginError.map { String(format: "%.1e", $0) } ?? "?"
            text += "raked in \(sweeps) sweep\(sweeps == 1 ? "" : "s") (the farthest share \(error) from its target); "
        } else {
            text += "\(weighting.method); "
        }
        let efficiency = Int((weighting.efficiency * 100).rounded())
        return text
            + "weights \(String(format: "%.2f", weighting.minimumWeight)) to \(String(format: "%.2f", weighting.maximumWeight)), efficiency \(efficiency)%, effective base \(count(weighting.effectiveBase.rounded()))"
    }

    /// A count with thousands separators: `14,321`.
    static func count(_ value: some BinaryInteger) -> String {
        count(Double(value))
    }

    static func count(_ value: Double) -> String {
        NumberText.grouped(value)
    }
}
