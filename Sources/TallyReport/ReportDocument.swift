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
    let language: ReportLanguage
    /// The changes since a previous edition (`tally report --previous`); none by default.
    let trends: [TrendRow]
    /// Tally's own words in the page's language.
    let words: ReportWords
    /// The definition's words in the page's language.
    let labels: ReportLabels?
    /// The run's tests of the profile banner's columns against the rest of the sample.
    let restTests: [RestKey: ColumnDifference]

    init(source: ReportSource, results: RunResults, language: ReportLanguage, trends: [TrendRow] = []) {
        (self.source, self.results, self.language, self.trends) = (source, results, language, trends)
        words = language.words
        labels = source.labels[language.tag]
        restTests = Dictionary(
            results.restDifferences.map {
                (RestKey(table: $0.table, row: $0.rowCode, statistic: $0.statistic, column: $0.column), $0)
            }, uniquingKeysWith: { first, _ in first })
    }

    /// A column's test against the rest of the sample: its table, answer, statistic and column.
    struct RestKey: Hashable {
        var table, row, statistic, column: String
    }

    /// The edition's title in the page's language.
    var title: String { labels?.title ?? source.title }

    /// The document's text.
    var html: String {
        """
        <!DOCTYPE html>
        <html lang="\(HTMLText.escaped(language.tag))" dir="\(language.rightToLeft ? "rtl" : "ltr")">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escaped(title))</title>
        <style>
        \(ReportStyle.css(runningTitle: title, fonts: language.fonts))
        </style>
        </head>
        <body>
        \(BarChart.hatch)
        <main>
        \(cover)
        \(keyStatistics)
        \(source.report.chapters.map(chapter).joined(separator: "\n"))
        \(profiles)
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
        var parts = [#"<header class="cover" id="cover">"#, "<h1>\(HTMLText.escaped(title))</h1>"]
        var edition = ReportWords.fill(words.edition, source.edition)
        if let start = source.fieldworkStart, let end = source.fieldworkEnd {
            edition += ReportWords.fill(words.fieldwork, language.isolated(start), language.isolated(end))
        }
        parts.append(#"<p class="edition">\#(HTMLText.escaped(edition))</p>"#)
        var sample = [
            #"<li><b>\#(language.number(Double(results.manifest.rowsUsed)))</b>\#(HTMLText.escaped(words.respondents))</li>"#
        ]
        for table in source.report.sample {
            for answer in totals(of: table, statistic: "count") {
                sample.append("<li><b>\(language.number(answer.value))</b>\(HTMLText.escaped(answer.label))</li>")
            }
        }
        parts.append(#"<ul class="sample">\#(sample.joined())</ul>"#)
        parts.append("</header>")
        return parts.joined(separator: "\n")
    }

    /// A table's answers (code, label in the page's language) with their value in the
    /// total column of its first banner with one.
    func totals(of table: String, statistic: String) -> [(code: String, label: String, value: Double)] {
        let rows = results.rows[table] ?? []
        let banner = rows.first { $0.columnCode == "total" }?.banner
        return rows.filter { $0.banner == banner && $0.columnCode == "total" && $0.statistic == statistic }.compactMap {
            row in row.value.number.map { (row.rowCode, answerLabel(table: table, row: row), $0) }
        }
    }

    /// A row's answer in the page's language: a mean's row says so.
    func answerLabel(table: String, row: ResultRow) -> String {
        guard !row.row.isEmpty else { return words.mean }
        return labels?.tables[table]?.rows[row.rowCode] ?? row.row
    }

    /// A column's label in the page's language.
    func columnLabel(banner: String, code: String, fallback: String) -> String {
        labels?.banners[banner]?.columns[code] ?? fallback
    }

    // MARK: Key statistics

    /// Each key statistic's sentence, its figure, and its interval and base.
    var keyStatistics: String {
        guard !source.report.keyStatistics.isEmpty else { return "" }
        var parts = [
            #"<section id="key-statistics">"#, "<h2>\(HTMLText.escaped(words.keyStatistics))</h2>",
            #"<ul class="key-statistics">"#,
        ]
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
                #"<li data-table="\#(HTMLText.escaped(statistic.table))"><p>\#(HTMLText.escaped(words.noEstimate))</p></li>"#
        }
        let sentence = Self.fill(
            statistic.sentence.text(in: language.tag), value: value, interval: row.interval, language: language
        ).replacingOccurrences(of: "{change}", with: sentenceChange(of: row))
        let base = language.number(Double(row.unweightedBase))
        var note = ReportWords.fill(words.baseRespondents, base)
        if let interval = row.interval {
            note = ReportWords.fill(
                words.intervalAndBase, language.percent(interval.lowerBound), language.percent(interval.upperBound),
                base)
        }
        if let change = change(of: row) {
            note += "; " + change
        }
        return
            #"<li data-table="\#(HTMLText.escaped(statistic.table))" data-value="\#(value)"><span class="figure">\#(language.percent(value))</span><p>\#(HTMLText.escaped(sentence))</p><p class="note">\#(HTMLText.escaped(note))</p></li>"#
    }

    /// A sentence with its placeholders filled: `{percent}` 81%, `{Percent}` Eighty-one
    /// percent, `{frequency}` 4 out of 5, `{Frequency}` Four out of five (in English;
    /// see `ReportLanguage` for the others); `{change}` is the caller's.
    static func fill(
        _ template: String, value: Double, interval: ClosedRange<Double>?, language: ReportLanguage
    ) -> String {
        template
            .replacingOccurrences(of: "{percent}", with: language.percent(value))
            .replacingOccurrences(of: "{Percent}", with: language.spelledPercent(value))
            .replacingOccurrences(of: "{frequency}", with: language.frequency(value, within: interval))
            .replacingOccurrences(of: "{Frequency}", with: language.spelledFrequency(value, within: interval))
    }
}
