import TallyAggregator
import TallyComparison
import TallyWriter

extension ReportDocument {
    /// The change since the previous edition of a key statistic's cell, for its note:
    /// `+1.2 points since edition 2018 (significant at 95%)`.
    func change(of row: ResultRow) -> String? {
        guard let trend = trend(of: row), let difference = trend.difference else { return nil }
        let significance =
            trend.significant.isEmpty
            ? words.notSignificant : ReportWords.fill(words.significantAt, localizedLevel(trend.significant))
        return ReportWords.fill(words.changeSince, signed(difference), trend.oldEdition, significance)
    }

    /// A key statistic sentence's `{change}`: ` (+1.2 points since edition 2018)`, or
    /// nothing without a previous edition.
    func sentenceChange(of row: ResultRow) -> String {
        guard let trend = trend(of: row), let difference = trend.difference else { return "" }
        return ReportWords.fill(words.sentenceChange, signed(difference), trend.oldEdition)
    }

    /// The trend of a percentage's cell, when the report has a previous edition.
    private func trend(of row: ResultRow) -> TrendRow? {
        trends.first {
            $0.question == row.question && $0.banner == row.banner && $0.columnCode == row.columnCode
                && $0.rowCode == row.rowCode && $0.statistic == "percent"
        }
    }

    /// The questions both editions share: each total-column percentage and mean, then and
    /// now, with the change and whether it is significant.
    var trendSection: String {
        let shown = trends.filter { $0.columnCode == "total" && $0.banner == trendBanner }
        guard let first = shown.first else { return "" }
        var parts = [
            #"<section id="trends">"#, "<h2>\(HTMLText.escaped(ReportWords.fill(words.since, first.oldEdition)))</h2>",
            "<p>\(HTMLText.escaped(words.trendsIntro))</p>",
            "<table><thead><tr>"
                + [words.question, words.answer, first.oldEdition, first.newEdition, words.change, words.significant]
                .map { "<th>\(HTMLText.escaped($0))</th>" }.joined() + "</tr></thead><tbody>",
        ]
        let tableNames = Dictionary(
            results.tables.map { ($0.questionKey, $0.name) }, uniquingKeysWith: { first, _ in first })
        for trend in shown {
            let isPercent = trend.statistic == "percent"
            let format = { (value: Double?) -> String in
                guard let value else { return "–" }
                return isPercent ? language.percent(value) : language.number(value, fractionDigits: 2)
            }
            let change = trend.difference.map(signed) ?? "–"
            let mark =
                trend.significant.isEmpty
                ? "" : ((trend.difference ?? 0) > 0 ? "▲ " : "▼ ") + localizedLevel(trend.significant)
            let table = tableNames[trend.question].flatMap { labels?.tables[$0] }
            let answer =
                trend.rowLabel.isEmpty ? words.mean : table?.rows[trend.rowCode] ?? trend.rowLabel
            let title = table?.title ?? trend.title
            parts.append(
                #"<tr data-question="\#(HTMLText.escaped(trend.question))" data-answer="\#(HTMLText.escaped(trend.rowCode))" data-change="\#(trend.difference.map { "\($0)" } ?? "")"><td>\#(HTMLText.escaped(title))</td><td>\#(HTMLText.escaped(answer))</td><td>\#(format(trend.oldValue))</td><td>\#(format(trend.newValue))</td><td>\#(change)</td><td>\#(mark)</td></tr>"#
            )
        }
        parts += ["</tbody></table>", "</section>"]
        return parts.joined(separator: "\n")
    }

    /// The banner whose total column the trends show: the first key statistic's, else
    /// the first banner the trends have.
    private var trendBanner: String {
        source.report.keyStatistics.first?.banner ?? trends.first?.banner ?? ""
    }

    /// `+1.2`, `-0.4`: a change with its sign, one decimal (kept left to right).
    func signed(_ value: Double) -> String {
        language.isolated((value >= 0 ? "+" : "") + language.number(value, fractionDigits: 1))
    }

    /// A test level as `tally trend` writes it (`95%`) with the page's percent sign.
    private func localizedLevel(_ level: String) -> String {
        level.hasSuffix("%") ? String(level.dropLast()) + language.percentSign : level
    }
}
