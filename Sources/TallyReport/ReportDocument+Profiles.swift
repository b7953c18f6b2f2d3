import TallyAggregator
import TallyModel

extension ReportDocument {
    /// A page per column of the profile banner (`report.profiles`, the markets): the
    /// key statistics in that column beside the total, each marked ▲ or ▼ where the
    /// column differs significantly from the rest of the sample.
    var profiles: String {
        guard let banner = source.report.profiles else { return "" }
        let figures = profileFigures(banner: banner)
        guard let first = figures.first else { return "" }
        let columns = first.rows.compactMap { $0.columnCode == "total" ? nil : $0.columnCode }
        let heading = labels?.banners[banner]?.heading ?? banner
        let level = source.levels.last ?? 0.95
        let test = source.method == SignificanceSpec.Method.design.rawValue ? words.designTest : words.effectiveBaseTest
        var parts = [
            #"<section id="profiles" data-banner="\#(HTMLText.escaped(banner))">"#,
            "<h2>\(HTMLText.escaped(ReportWords.fill(words.profiles, heading)))</h2>",
            "<p>\(HTMLText.escaped(ReportWords.fill(words.profilesIntro, language.percent(100 * level), test)))</p>",
        ]
        for column in columns {
            parts.append(profile(column: column, banner: banner, figures: figures, level: level))
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// A key statistic's table and answer, with its rows in the profile banner.
    struct ProfileFigure {
        var table: String
        var row: String
        /// The answer's percentage rows, one per column (the total among them), in column order.
        var rows: [ResultRow]
    }

    /// The key statistics whose tables the profile banner cuts, each table and answer once.
    private func profileFigures(banner: String) -> [ProfileFigure] {
        var figures: [ProfileFigure] = []
        for statistic in source.report.keyStatistics
        where !figures.contains(where: { $0.table == statistic.table && $0.row == statistic.row }) {
            let rows = (results.rows[statistic.table] ?? []).filter {
                $0.banner == banner && $0.rowCode == statistic.row && $0.statistic == "percent"
            }
            if !rows.isEmpty { figures.append(ProfileFigure(table: statistic.table, row: statistic.row, rows: rows)) }
        }
        return figures
    }

    /// One column's page: its name and base, and a chart of its figures beside the total's.
    private func profile(column: String, banner: String, figures: [ProfileFigure], level: Double) -> String {
        let cells = figures.map { figure -> (figure: ProfileFigure, row: ResultRow?, total: ResultRow?) in
            (figure, figure.rows.first { $0.columnCode == column }, figure.rows.first { $0.columnCode == "total" })
        }
        let name =
            cells.compactMap(\.row).first.map { columnLabel(banner: banner, code: column, fallback: $0.column) }
            ?? column
        let totalName =
            cells.compactMap(\.total).first.map { columnLabel(banner: banner, code: "total", fallback: $0.column) }
            ?? "total"
        let data = ChartData(
            statistic: "percent", banner: banner,
            series: [
                ChartData.Series(code: column, label: name, letter: ""),
                ChartData.Series(code: "total", label: totalName, letter: ""),
            ],
            categories: cells.map { figure, row, total in
                var point = Self.point(row)
                if let row, let total { point.letters = marker(row, total: total, level: level) }
                return ChartData.Category(
                    code: figure.table + "|" + figure.row, label: labels?.tables[figure.table]?.title ?? figure.table,
                    isNet: false, points: [point, Self.point(total)])
            })
        let respondents = cells.compactMap(\.row?.unweightedBase).max() ?? 0
        let language = language
        let format = { (value: Double) in language.percent(value) }
        return [
            #"<section class="profile" data-column="\#(HTMLText.escaped(column))">"#,
            "<h3>\(HTMLText.escaped(name))</h3>",
            #"<p class="base">\#(HTMLText.escaped(ReportWords.fill(words.baseRespondents, language.number(Double(respondents)))))</p>"#,
            legend(data), BarChart(data: data, format: format, rightToLeft: language.rightToLeft).svg(title: name),
            "<details><summary>\(HTMLText.escaped(words.data))</summary>\(dataTable(data, format: format))</details>",
            "</section>",
        ].joined(separator: "\n")
    }

    /// A drawn value of a row (none for a column without one).
    private static func point(_ row: ResultRow?) -> ChartData.Point {
        ChartData.Point(value: row?.value.number, interval: row?.interval, letters: "", flag: row?.flag)
    }

    /// `▲` or `▼` when the column differs from the rest of the sample at `level`: the
    /// run's own test of the two (`restTests`, by the declared method, its p-value
    /// corrected as declared). A run made before the method could be chosen wrote none:
    /// its test is worked out from the rows, on effective bases, both sides with bases
    /// of at least the tests' minimum. Empty otherwise.
    private func marker(_ row: ResultRow, total: ResultRow, level: Double) -> String {
        guard source.method != nil else {
            guard Double(row.unweightedBase) >= source.minimumBase,
                Double(total.unweightedBase - row.unweightedBase) >= source.minimumBase,
                let outcome = ColumnTests.againstRest(row, total: total), outcome.p < 1 - level
            else { return "" }
            return outcome.z > 0 ? "▲" : "▼"
        }
        let key = RestKey(table: row.table, row: row.rowCode, statistic: row.statistic, column: row.columnCode)
        guard let test = restTests[key], test.adjustedP < 1 - level else { return "" }
        return test.z > 0 ? "▲" : "▼"
    }
}
