import Logging
import TallyPipeline

/// The account of a finished run on stderr: the first rejects, the weighting,
/// the audit and the totals.
enum RunSummary {
    static func log(_ report: RunReport, output: String, logger: Logger) {
        let manifest = report.manifest
        let edition: Logger.Metadata = ["edition": "\(manifest.pipeline.edition)"]
        for reject in report.firstRejects {
            let field = reject.field.isEmpty ? "" : ", field '\(reject.field)'"
            logger.warning(
                "\(reject.file):\(reject.line)\(field): \(reject.reason) (\(reject.action.rawValue))", metadata: edition
            )
        }
        let shown = report.firstRejects.count
        let total = manifest.rowsRejected + manifest.valuesExcluded
        if total > shown { logger.warning("\(total - shown) more in \(output)/rejects.csv", metadata: edition) }
        let weighting = manifest.weighting
        let raking =
            weighting.sweeps.map { sweeps in
                "raked in \(sweeps) sweeps (margin error \(weighting.marginError ?? 0), last change \(weighting.lastChange ?? 0)), "
            } ?? ""
        logger.info(
            "weighting: \(weighting.method), \(raking)weights \(weighting.minimumWeight) to \(weighting.maximumWeight) (mean \(weighting.meanWeight)), efficiency \(weighting.efficiency), effective base \(weighting.effectiveBase)",
            metadata: edition)
        if !report.audit.isEmpty {
            let recovered = report.audit.count(where: \.recovered)
            logger.info(
                "audit: \(recovered) of \(report.audit.count) published figures recovered (see \(output)/audit.csv)",
                metadata: edition)
        }
        logger.info(
            "\(manifest.pipeline.survey) edition \(manifest.pipeline.edition): \(manifest.rowsRead) rows read from \(manifest.inputs.count) files, \(manifest.rowsUsed) used, \(manifest.rowsRejected) rejected, \(manifest.valuesExcluded) values excluded; \(manifest.outputs.count) files written to \(output)"
        )
    }
}
