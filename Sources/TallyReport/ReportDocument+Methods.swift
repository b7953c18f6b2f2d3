import TallyAggregator
import TallyComparison
import TallyModel
import TallyWriter

extension ReportDocument {
    /// How the numbers were made: the sample, the weighting, the cleaning, the audit
    /// of published figures and what the letters and markers mean.
    var methods: String {
        var parts = [
            #"<section id="methods">"#, "<h2>\(HTMLText.escaped(words.methods))</h2>", sample, weighting, cleaning,
            audit, reading,
        ]
        parts.append("</section>")
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Each sample table: its answers' respondents (unweighted) and weighted shares.
    private var sample: String {
        guard !source.report.sample.isEmpty else { return "" }
        var parts = ["<h3>\(HTMLText.escaped(words.sample))</h3>"]
        for table in source.report.sample {
            let counts = totals(of: table, statistic: "count")
            let shares = Dictionary(
                totals(of: table, statistic: "percent").map { ($0.code, $0.value) }, uniquingKeysWith: { a, _ in a })
            let title = labels?.tables[table]?.title ?? results.tables.first { $0.name == table }?.title ?? table
            var rows = [
                #"<table data-table="\#(HTMLText.escaped(table))"><thead><tr><th>\#(HTMLText.escaped(title))</th><th>\#(HTMLText.escaped(words.respondentsHeading))</th><th>\#(HTMLText.escaped(words.weighted))</th></tr></thead><tbody>"#
            ]
            for answer in counts {
                let share = shares[answer.code].map(language.percent) ?? ""
                rows.append(
                    "<tr><td>\(HTMLText.escaped(answer.label))</td><td>\(language.number(answer.value))</td><td>\(share)</td></tr>"
                )
            }
            rows.append("</tbody></table>")
            parts.append(rows.joined())
        }
        return parts.joined(separator: "\n")
    }

    /// The weighting's sweeps, weight range, efficiency and effective base.
    private var weighting: String {
        let summary = results.manifest.weighting
        let heading = "<h3>\(HTMLText.escaped(words.weighting))</h3>"
        guard summary.method == "raking" else {
            return heading + "<p>\(HTMLText.escaped(words.notWeighted))</p>"
        }
        let text = ReportWords.fill(
            words.raked, summary.sweeps.map(String.init) ?? "–",
            language.number(summary.minimumWeight, fractionDigits: 2),
            language.number(summary.maximumWeight, fractionDigits: 2), language.percent(100 * summary.efficiency),
            language.number(summary.effectiveBase))
        var parts = [heading, "<p>\(HTMLText.escaped(text))</p>"]
        // Manifests written before the choice say no scale: their reports stay as they were.
        if let scale = summary.scale {
            let sentence =
                scale == "population"
                ? ReportWords.fill(words.populationScale, language.number(summary.population ?? 0))
                : words.sampleScale
            parts.append("<p>\(HTMLText.escaped(sentence))</p>")
        }
        if !summary.assumedMargins.isEmpty {
            let margins = summary.assumedMargins.map { labels?.margins[$0] ?? $0 }.joined(separator: words.comma)
            parts.append(#"<p class="note">\#(HTMLText.escaped(ReportWords.fill(words.assumed, margins)))</p>"#)
        }
        return parts.joined(separator: "\n")
    }

    /// Rows read, used and rejected, and the rejects by rule.
    private var cleaning: String {
        let manifest = results.manifest
        let text = ReportWords.fill(
            words.cleaningSummary, language.number(Double(manifest.rowsRead)),
            language.number(Double(manifest.rowsUsed)), language.number(Double(manifest.rowsRejected)))
        var parts = ["<h3>\(HTMLText.escaped(words.cleaning))</h3>", "<p>\(HTMLText.escaped(text))</p>"]
        let rules = manifest.rejectsByRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !rules.isEmpty {
            let rows = rules.map { rule, count in
                let meaning = HTMLText.escaped(words.ruleMeanings[rule] ?? "")
                return
                    #"<tr><td>\#(HTMLText.escaped(rule))</td><td class="text">\#(meaning)</td><td>\#(language.number(Double(count)))</td></tr>"#
            }
            let headings = [
                "<th>\(HTMLText.escaped(words.rule))</th>",
                #"<th class="text">\#(HTMLText.escaped(words.meaning))</th>"#,
                "<th>\(HTMLText.escaped(words.lines))</th>",
            ]
            parts.append("<table><thead><tr>\(headings.joined())</tr></thead><tbody>\(rows.joined())</tbody></table>")
        }
        return parts.joined(separator: "\n")
    }

    /// How many published figures the run recovers, and the ones it misses.
    private var audit: String {
        let lines = results.audit
        guard !lines.isEmpty else { return "" }
        let recovered = lines.count { $0.recovered }
        let text = ReportWords.fill(words.audit, String(recovered), String(lines.count))
        var parts = ["<h3>\(HTMLText.escaped(words.publishedFigures))</h3>", "<p>\(HTMLText.escaped(text))</p>"]
        let missed = lines.filter { !$0.recovered }
        if !missed.isEmpty {
            let items = missed.map { "<li>\(HTMLText.escaped($0.figure))</li>" }
            parts.append("<ul>\(items.joined())</ul>")
        }
        return parts.joined(separator: "\n")
    }

    /// What the letters, markers and intervals mean.
    private var reading: String {
        let level = source.levels.first.map { language.percent(100 * $0) } ?? language.percent(95)
        let text = ReportWords.fill(
            words.reading, level, language.number(source.minimumBase), language.number(source.lowBaseFlag),
            language.number(source.suppress))
        return "<h3>\(HTMLText.escaped(words.readingCharts))</h3>\n<p>\(HTMLText.escaped(text))</p>"
    }
}
