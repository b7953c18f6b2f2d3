import TallyAggregator
import TallyModel

/// What one chart draws: answers (categories) down the side, a bar (or dot) per
/// series in each, with its interval, significance letters and base flag.
struct ChartData: Equatable {
    /// One drawn value.
    struct Point: Equatable {
        var value: Double?
        var interval: ClosedRange<Double>?
        /// Letters of the series it is significantly above (upper case: highest level).
        var letters: String
        var flag: BaseFlag?

        /// What stands in for a missing value: `**` when suppressed, a dash otherwise.
        var missingMark: String { flag == .suppressed ? "**" : "–" }

        /// A drawn value's label (`text`, escaped here): `*` after a low base, then its letters.
        func label(_ text: String) -> String {
            var label = HTMLText.escaped(text)
            if flag == .lowBase { label += "*" }
            if !letters.isEmpty { label += #"<tspan class="letters" dx="3">\#(HTMLText.escaped(letters))</tspan>"# }
            return label
        }
    }

    /// A series: a banner column (its code, label and test letter).
    struct Series: Equatable {
        var code: String
        var label: String
        var letter: String

        /// What a drawn value says of its series: `data-series` (the label) and `data-column` (the code).
        var attributes: String {
            #"data-series="\#(HTMLText.escaped(label))" data-column="\#(HTMLText.escaped(code))""#
        }
    }

    /// An answer and its points, one per series.
    struct Category: Equatable {
        var code: String
        var label: String
        var isNet: Bool
        var points: [Point]
    }

    /// `percent` (bars from 0 to 100) or `mean` (dots on the values' own scale).
    var statistic: String
    /// The banner whose columns are drawn.
    var banner: String
    var series: [Series]
    var categories: [Category]

    /// The largest value or interval end drawn, for a mean's scale.
    var largest: Double {
        categories.flatMap(\.points).compactMap { $0.interval?.upperBound ?? $0.value }.max() ?? 1
    }
}

extension ChartData {
    /// The chart of a table's rows: percentages (or, without them, means) in the total
    /// column of the table's first banner with one, or in `compare`'s columns; `answer`
    /// and `column` say a row's answer and column in the page's language.
    init(
        rows: [ResultRow], compare: String?, answer: (ResultRow) -> String = { $0.row.isEmpty ? "Mean" : $0.row },
        column: (ResultRow) -> String = \.column
    ) {
        let statistic = rows.contains { $0.statistic == "percent" } ? "percent" : "mean"
        self.statistic = statistic
        var series: [Series] = []
        let banner =
            compare ?? rows.first { $0.statistic == statistic && $0.columnCode == "total" }?.banner
            ?? rows.first { $0.statistic == statistic }?.banner ?? ""
        self.banner = banner
        var columns: [String] = []
        var answers: [String] = []
        var firstRows: [String: ResultRow] = [:]  // each answer's first row, by code
        var cells: [String: ResultRow] = [:]
        for row in rows
        where row.statistic == statistic && row.banner == banner
            && (compare == nil ? row.columnCode == "total" : row.columnCode != "total")
        {
            if !columns.contains(row.columnCode) {
                columns.append(row.columnCode)
                series.append(Series(code: row.columnCode, label: column(row), letter: row.columnLetter))
            }
            if firstRows[row.rowCode] == nil {
                answers.append(row.rowCode)
                firstRows[row.rowCode] = row
            }
            cells[row.columnCode + "\u{1}" + row.rowCode] = row
        }
        self.series = series
        let categories = answers.map { code in
            let first = firstRows[code]
            let isNet = code.hasPrefix("net") && code.dropFirst(3).allSatisfy(\.isNumber) && code.count > 3
            return Category(
                code: code, label: first.map(answer) ?? code, isNet: isNet,
                points: columns.map { column in
                    guard let row = cells[column + "\u{1}" + code] else {
                        return Point(value: nil, interval: nil, letters: "", flag: nil)
                    }
                    return Point(
                        value: row.value.number, interval: row.interval, letters: row.significantOver, flag: row.flag)
                })
        }
        self.categories = Self.ranked(categories, rows: rows)
    }

    /// A ranked table's answers in rank order (its total column's `rank` rows, 1 first),
    /// the unranked ones (nets) after them as they were; others as they are.
    static func ranked(_ categories: [Category], rows: [ResultRow]) -> [Category] {
        let total = rows.first { $0.statistic == "rank" && $0.columnCode == "total" }?.banner
        var ranks: [String: Double] = [:]
        for row in rows where row.statistic == "rank" && row.columnCode == "total" && row.banner == total {
            ranks[row.rowCode] = row.value.number
        }
        guard !ranks.isEmpty else { return categories }
        let ranked = categories.filter { ranks[$0.code] != nil }.enumerated().sorted { a, b in
            let (x, y) = (ranks[a.element.code] ?? 0, ranks[b.element.code] ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }
        return ranked.map(\.element) + categories.filter { ranks[$0.code] == nil }
    }
}
