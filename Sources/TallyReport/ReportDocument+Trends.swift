import TallyComparison
import TallyWriter

extension ReportDocument {
    /// The change since the previous edition of a key statistic's cell, for its note:
    /// `+1.2 points since edition 2018 (significant at 95%)`.
    func change(question: String, banner: String, column: String, row: String) -> String? {
        guard
            let trend = trends.first(where: {
                $0.question == question && $0.banner == banner && $0.columnCode == column && $0.rowCode == row
                    && $0.statistic == "percent"
            }), let difference = trend.difference
        else { return nil }
        let significance = trend.significant.isEmpty ? "not significant" : "significant at \(trend.significant)"
        return "\(Self.signed(difference)) points since edition \(trend.oldEdition) (\(significance))"
    }

    /// The questions both editions share: each total-column percentage and mean, then and
    /// now, with the change and whether it is significant.
    var trendSection: String {
        let shown = trends.filter { $0.columnCode == "total" && $0.banner == trendBanner }
        guard let first = shown.first else { return "" }
        var parts = [
            #"<section id="trends">"#, "<h2>Since edition \(HTMLText.escaped(first.oldEdition))</h2>",
            "<p>\(HTMLText.escaped("The questions both editions ask, in the total column: the change in points for percentages, and whether it is significant (two-sided test of independent samples)."))</p>",
            "<table><thead><tr><th>Question</th><th>Answer</th><th>\(HTMLText.escaped(first.oldEdition))</th><th>\(HTMLText.escaped(first.newEdition))</th><th>Change</th><th>Significant</th></tr></thead><tbody>",
        ]
        for trend in shown {
            let isPercent = trend.statistic == "percent"
            let format = { (value: Double?) -> String in
                guard let value else { return "–" }
                return isPercent ? ReadableNumbers.percent(value) : NumberText.grouped(value, fractionDigits: 2)
            }
            let change = trend.difference.map(Self.signed) ?? "–"
            let mark = trend.significant.isEmpty ? "" : ((trend.difference ?? 0) > 0 ? "▲ " : "▼ ") + trend.significant
            let answer = trend.rowLabel.isEmpty ? "Mean" : trend.rowLabel
            parts.append(
                #"<tr data-question="\#(HTMLText.escaped(trend.question))" data-answer="\#(HTMLText.escaped(trend.rowCode))" data-change="\#(trend.difference.map { "\($0)" } ?? "")"><td>\#(HTMLText.escaped(trend.title))</td><td>\#(HTMLText.escaped(answer))</td><td>\#(format(trend.oldValue))</td><td>\#(format(trend.newValue))</td><td>\#(change)</td><td>\#(mark)</td></tr>"#
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

    /// `+1.2`, `-0.4`: a change with its sign, one decimal.
    static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + NumberText.grouped(value, fractionDigits: 1)
    }
}
