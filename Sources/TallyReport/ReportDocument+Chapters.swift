import TallyAggregator
import TallyComparison
import TallyModel
import TallyWriter

extension ReportDocument {
    /// A chapter: its title and introduction, then a figure per table.
    func chapter(_ chapter: ReportChapter) -> String {
        var parts = [
            #"<section class="chapter">"#, "<h2>\(HTMLText.escaped(chapter.title.text(in: language.tag)))</h2>",
        ]
        if let intro = chapter.intro {
            parts.append("<p>\(HTMLText.escaped(intro.text(in: language.tag)))</p>")
        }
        for name in chapter.tables {
            guard let entry = results.tables.first(where: { $0.name == name }) else { continue }
            parts.append(figure(entry, compare: chapter.compare))
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// A table's figure: caption (title, question, base), legend, chart and its data table.
    func figure(_ entry: RunTable.Entry, compare: String?) -> String {
        let data = ChartData(
            rows: results.rows[entry.name] ?? [], compare: compare,
            answer: { answerLabel(table: entry.name, row: $0) },
            column: { columnLabel(banner: $0.banner, code: $0.columnCode, fallback: $0.column) })
        let isPercent = data.statistic == "percent"
        let language = language
        let format = { (value: Double) -> String in
            isPercent ? language.percent(value) : language.number(value, fractionDigits: 1)
        }
        let table = labels?.tables[entry.name]
        let title = table?.title ?? entry.title
        var base = ReportWords.fill(words.base, table?.base ?? entry.baseText)
        if let compare {
            base += ReportWords.fill(words.comparedBy, labels?.banners[compare]?.heading ?? compare)
        }
        // A scale's answers stack around its middle, with the nets as the headline.
        let diverging = entry.fieldKind == "scale" && isPercent && data.categories.contains { !$0.isNet }
        var parts = [
            #"<figure data-table="\#(HTMLText.escaped(entry.name))" data-banner="\#(HTMLText.escaped(data.banner))" data-statistic="\#(data.statistic)">"#,
            "<figcaption><h3>\(HTMLText.escaped(title))</h3>",
            #"<p class="wording">\#(HTMLText.escaped(table?.wording ?? entry.wording))</p>"#,
            #"<p class="base">\#(HTMLText.escaped(base))</p></figcaption>"#,
        ]
        if data.series.count > 1, !diverging {
            parts.append(legend(data))
        }
        parts.append(
            diverging
                ? DivergingChart(data: data, language: language).svg(title: title)
                : BarChart(data: data, format: format, rightToLeft: language.rightToLeft).svg(title: title))
        parts.append(
            "<details><summary>\(HTMLText.escaped(words.data))</summary>\(dataTable(data, format: format))</details>")
        parts.append("</figure>")
        return parts.joined(separator: "\n")
    }

    /// The series' colours and names (with their test letters) over a bar chart.
    func legend(_ data: ChartData) -> String {
        let items = data.series.enumerated().map { index, series in
            let colour = BarChart.colours[index % BarChart.colours.count]
            let letter = series.letter.isEmpty ? "" : " (\(HTMLText.escaped(series.letter)))"
            return #"<li><i style="background:\#(colour)"></i>\#(HTMLText.escaped(series.label))\#(letter)</li>"#
        }
        return #"<ul class="legend">\#(items.joined())</ul>"#
    }

    /// The chart's values as a table, for screen readers and copy-paste: each value with
    /// its interval, letters and markers.
    func dataTable(_ data: ChartData, format: (Double) -> String) -> String {
        var rows = ["<table><thead><tr><th>\(HTMLText.escaped(words.answer))</th>"]
        for series in data.series {
            let letter = series.letter.isEmpty ? "" : " (\(HTMLText.escaped(series.letter)))"
            rows.append("<th>\(HTMLText.escaped(series.label))\(letter)</th>")
        }
        rows.append("</tr></thead><tbody>")
        for category in data.categories {
            rows.append("<tr><td>\(HTMLText.escaped(category.label))</td>")
            for point in category.points {
                rows.append("<td>\(HTMLText.escaped(cellText(point, format: format)))</td>")
            }
            rows.append("</tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined()
    }

    /// `81% (79–83%) B*`: a value, its interval, its letters and its low-base marker.
    private func cellText(_ point: ChartData.Point, format: (Double) -> String) -> String {
        guard let value = point.value else { return point.missingMark }
        var text = format(value)
        if let interval = point.interval {
            text += " (\(format(interval.lowerBound))–\(format(interval.upperBound)))"
        }
        if !point.letters.isEmpty { text += " " + point.letters }
        if point.flag == .lowBase { text += " *" }
        return text
    }
}
