import TallyAggregator
import TallyComparison
import TallyModel
import TallyWriter

extension ReportDocument {
    /// How the numbers were made: the sample, the weighting, the cleaning, the audit
    /// of published figures and what the letters and markers mean.
    var methods: String {
        var parts = [#"<section id="methods">"#, "<h2>Methods</h2>", sample, weighting, cleaning, audit, reading]
        parts.append("</section>")
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Each sample table: its answers' respondents (unweighted) and weighted shares.
    private var sample: String {
        guard !source.report.sample.isEmpty else { return "" }
        var parts = ["<h3>Sample</h3>"]
        for table in source.report.sample {
            let counts = totals(of: table, statistic: "count")
            let shares = Dictionary(
                totals(of: table, statistic: "percent").map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
            let title = results.tables.first { $0.name == table }?.title ?? table
            var rows = [
                #"<table data-table="\#(HTMLText.escaped(table))"><thead><tr><th>\#(HTMLText.escaped(title))</th><th>Respondents</th><th>Weighted</th></tr></thead><tbody>"#
            ]
            for answer in counts {
                let share = shares[answer.label].map(ReadableNumbers.percent) ?? ""
                rows.append(
                    "<tr><td>\(HTMLText.escaped(answer.label))</td><td>\(NumberText.grouped(answer.value))</td><td>\(share)</td></tr>"
                )
            }
            rows.append("</tbody></table>")
            parts.append(rows.joined())
        }
        return parts.joined(separator: "\n")
    }

    /// The weighting's method, efficiency, effective base and weight range.
    private var weighting: String {
        let summary = results.manifest.weighting
        guard summary.method != "none" else {
            return "<h3>Weighting</h3><p>The respondents are not weighted beyond their base weights.</p>"
        }
        let sweeps = summary.sweeps.map { " in \($0) sweeps" } ?? ""
        let text =
            "The sample is weighted by \(summary.method)\(sweeps) to the definition's targets. Weights run from \(NumberText.grouped(summary.minimumWeight, fractionDigits: 2)) to \(NumberText.grouped(summary.maximumWeight, fractionDigits: 2)); the weighting efficiency is \(ReadableNumbers.percent(100 * summary.efficiency)), an effective base of \(NumberText.grouped(summary.effectiveBase)) respondents."
        var parts = ["<h3>Weighting</h3>", "<p>\(HTMLText.escaped(text))</p>"]
        if !summary.assumedMargins.isEmpty {
            parts.append(
                #"<p class="note">Targets assumed rather than published: \#(HTMLText.escaped(summary.assumedMargins.joined(separator: ", "))).</p>"#
            )
        }
        return parts.joined(separator: "\n")
    }

    /// Rows read, used and rejected, and the rejects by rule.
    private var cleaning: String {
        let manifest = results.manifest
        let text =
            "\(NumberText.grouped(Double(manifest.rowsRead))) rows were read; \(NumberText.grouped(Double(manifest.rowsUsed))) respondents are used and \(NumberText.grouped(Double(manifest.rowsRejected))) rows were rejected."
        var parts = ["<h3>Cleaning</h3>", "<p>\(HTMLText.escaped(text))</p>"]
        let rules = manifest.rejectsByRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !rules.isEmpty {
            let rows = rules.map { rule, count in
                let meaning = HTMLText.escaped(RejectRules.meanings[rule] ?? "")
                return
                    "<tr><td>\(HTMLText.escaped(rule))</td><td>\(meaning)</td><td>\(NumberText.grouped(Double(count)))</td></tr>"
            }
            parts.append(
                "<table><thead><tr><th>Rule</th><th>Meaning</th><th>Lines</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
            )
        }
        return parts.joined(separator: "\n")
    }

    /// How many published figures the run recovers, and the ones it misses.
    private var audit: String {
        let lines = results.audit
        guard !lines.isEmpty else { return "" }
        let recovered = lines.count { $0.recovered }
        var parts = [
            "<h3>Published figures</h3>",
            "<p>\(recovered) of \(lines.count) figures the edition's report published are recovered: each lies within its estimate's 95% interval, allowing for its rounding.</p>",
        ]
        let missed = lines.filter { !$0.recovered }
        if !missed.isEmpty {
            let items = missed.map { "<li>\(HTMLText.escaped($0.figure))</li>" }
            parts.append("<ul>\(items.joined())</ul>")
        }
        return parts.joined(separator: "\n")
    }

    /// What the letters, markers and intervals mean.
    private var reading: String {
        let level = source.levels.first.map { ReadableNumbers.percent(100 * $0) } ?? "95%"
        let text =
            "Bars show weighted percentages with their 95% intervals. A letter beside a value names a column of the same chart it is significantly above (two-sided test at \(level); lower case at the lower level only); columns with fewer than \(NumberText.grouped(source.minimumBase)) respondents are not tested. * marks a base under \(NumberText.grouped(source.lowBaseFlag)) respondents (hatched bars); ** an estimate suppressed under \(NumberText.grouped(source.suppress))."
        return "<h3>Reading the charts</h3>\n<p>\(HTMLText.escaped(text))</p>"
    }
}
