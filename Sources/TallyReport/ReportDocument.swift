import TallyAggregator
import TallyComparison
import TallyModel
import TallyWriter

/// One language's report page: a self-contained HTML document (inline CSS and
/// SVG, no script, a Content-Security-Policy that forbids every request) made
/// from a run's results and its report source.
struct ReportDocument {
    let source: ReportSource
    let results: RunResults
    let language: String
    /// The changes since a previous edition (`tally report --previous`); none by default.
    var trends: [TrendRow] = []

    /// The document's text.
    var html: String {
        let title = source.title
        return """
            <!DOCTYPE html>
            <html lang="\(HTMLText.escaped(language))" dir="ltr">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escaped(title))</title>
            <style>
            \(ReportStyle.css(runningTitle: title))
            </style>
            </head>
            <body>
            \(BarChart.hatch)
            <main>
            \(cover)
            \(keyStatistics)
            \(source.report.chapters.map(chapter).joined(separator: "\n"))
            \(trendSection)
            \(methods)
            </main>
            </body>
            </html>

            """
    }

    // MARK: Cover

    /// The title, edition, fieldwork and the sample.
    var cover: String {
        var parts = [#"<header class="cover" id="cover">"#, "<h1>\(HTMLText.escaped(source.title))</h1>"]
        var edition = "Edition \(source.edition)"
        if let start = source.fieldworkStart, let end = source.fieldworkEnd {
            edition += " · fieldwork \(start) to \(end)"
        }
        parts.append(#"<p class="edition">\#(HTMLText.escaped(edition))</p>"#)
        var sample = [
            #"<li><b>\#(NumberText.grouped(Double(results.manifest.rowsUsed)))</b>respondents</li>"#
        ]
        for table in source.report.sample {
            for answer in totals(of: table, statistic: "count") {
                sample.append("<li><b>\(NumberText.grouped(answer.value))</b>\(HTMLText.escaped(answer.label))</li>")
            }
        }
        parts.append(#"<ul class="sample">\#(sample.joined())</ul>"#)
        parts.append("</header>")
        return parts.joined(separator: "\n")
    }

    /// A table's answers with their value in the total column of its first banner with one.
    func totals(of table: String, statistic: String) -> [(label: String, value: Double)] {
        let rows = results.rows[table] ?? []
        let banner = rows.first { $0.columnCode == "total" }?.banner
        return rows.filter { $0.banner == banner && $0.columnCode == "total" && $0.statistic == statistic }.compactMap {
            row in row.value.number.map { (row.row, $0) }
        }
    }

    // MARK: Key statistics

    /// Each key statistic's sentence, its figure, and its interval and base.
    var keyStatistics: String {
        guard !source.report.keyStatistics.isEmpty else { return "" }
        var parts = [#"<section id="key-statistics">"#, "<h2>Key statistics</h2>", #"<ul class="key-statistics">"#]
        for statistic in source.report.keyStatistics {
            parts.append(keyStatistic(statistic))
        }
        parts += ["</ul>", "</section>"]
        return parts.joined(separator: "\n")
    }

    private func keyStatistic(_ statistic: KeyStatistic) -> String {
        let row = (results.rows[statistic.table] ?? []).first {
            $0.banner == statistic.banner && $0.columnCode == statistic.column && $0.rowCode == statistic.row
                && $0.statistic == "percent"
        }
        guard let row, let value = row.value.number else {
            return
                #"<li data-table="\#(HTMLText.escaped(statistic.table))"><p>No estimate: the column has no respondents or is suppressed.</p></li>"#
        }
        let sentence = Self.fill(statistic.sentence.text(in: language), value: value, interval: row.interval)
        var note = "Base: \(NumberText.grouped(Double(row.unweightedBase))) respondents"
        if let interval = row.interval {
            note =
                "95% interval \(ReadableNumbers.percent(interval.lowerBound)) to \(ReadableNumbers.percent(interval.upperBound)); "
                + note.prefix(1).lowercased() + note.dropFirst()
        }
        if let change = change(question: row.question, banner: row.banner, column: row.columnCode, row: row.rowCode) {
            note += "; " + change
        }
        return
            #"<li data-table="\#(HTMLText.escaped(statistic.table))" data-value="\#(value)"><span class="figure">\#(ReadableNumbers.percent(value))</span><p>\#(HTMLText.escaped(sentence))</p><p class="note">\#(HTMLText.escaped(note))</p></li>"#
    }

    /// A sentence with its placeholders filled: `{percent}` 81%, `{Percent}` Eighty-one
    /// percent, `{frequency}` 4 out of 5, `{Frequency}` Four out of five.
    static func fill(_ template: String, value: Double, interval: ClosedRange<Double>?) -> String {
        template
            .replacingOccurrences(of: "{percent}", with: ReadableNumbers.percent(value))
            .replacingOccurrences(of: "{Percent}", with: ReadableNumbers.spelledPercent(value))
            .replacingOccurrences(of: "{frequency}", with: ReadableNumbers.frequency(value, within: interval))
            .replacingOccurrences(of: "{Frequency}", with: ReadableNumbers.spelledFrequency(value, within: interval))
    }
}
