import Foundation
import TallyAggregator
import TallyModel

extension TabBook {
    /// A banner column of a sheet: its banner, its code, label and letter, and its bases.
    struct SheetColumn {
        var banner: String
        var code: String
        var label: String
        var letter: String
        var unweightedBase: Int
        var weightedBase: Double
        var effectiveBase: Double
        var flag: BaseFlag?

        /// The column a tidy row belongs to.
        init(_ row: ResultRow) {
            banner = row.banner
            code = row.columnCode
            label = row.column
            letter = row.columnLetter
            unweightedBase = row.unweightedBase
            weightedBase = row.weightedBase
            effectiveBase = row.effectiveBase
            flag = row.flag
        }
    }

    /// Where a value sits: banner, column, answer and statistic.
    struct CellKey: Hashable {
        var banner: String
        var column: String
        var row: String
        var statistic: String
    }

    /// The first columns of every sheet: the answer, then the statistic.
    static let labelColumns = 2

    /// A table's rows arranged for its sheet: the banner columns, the answers with
    /// their statistics, each in first-seen order, and every cell by its key.
    struct SheetContent {
        var columns: [SheetColumn] = []
        var answers: [(code: String, label: String)] = []
        var statistics: [String: [String]] = [:]
        var cells: [CellKey: ResultRow] = [:]

        init(table: Table, rows: [ResultRow]) {
            var seenColumns: Set<CellKey> = []
            var seenAnswers: Set<String> = []
            for banner in table.banners {
                for row in rows where row.banner == banner.name {
                    let columnKey = CellKey(banner: row.banner, column: row.columnCode, row: "", statistic: "")
                    if seenColumns.insert(columnKey).inserted { columns.append(SheetColumn(row)) }
                    if seenAnswers.insert(row.rowCode).inserted {
                        answers.append((row.rowCode, TabBook.answerLabel(row, question: table.question)))
                    }
                    if !(statistics[row.rowCode]?.contains(row.statistic) ?? false) {
                        statistics[row.rowCode, default: []].append(row.statistic)
                    }
                    let key = CellKey(
                        banner: row.banner, column: row.columnCode, row: row.rowCode, statistic: row.statistic)
                    cells[key] = row
                }
            }
        }

        /// The cells of one answer's statistic, one per column (nil where there is none).
        func line(answer: String, statistic: String) -> [ResultRow?] {
            columns.map { cells[CellKey(banner: $0.banner, column: $0.code, row: answer, statistic: statistic)] }
        }
    }

    /// The sheet of one table: title block, banner headings, column labels, test
    /// letters, bases, then each answer's statistics and a legend.
    func sheet(for table: Table, rows: [ResultRow]) -> Worksheet {
        let content = SheetContent(table: table, rows: rows)
        var sheet = Worksheet()
        sheet.widths = [36, 14, 12]
        appendTitle(of: table, to: &sheet)
        Self.appendHeadings(content.columns, banners: table.banners, to: &sheet)
        let flags = Self.appendBases(content.columns, to: &sheet)
        let lettered = Self.appendAnswers(content, to: &sheet)
        sheet.rows.append([])
        sheet.rows.append(
            contentsOf: legend(lettered: lettered, flagged: flags.flagged, suppressed: flags.suppressed))
        return sheet
    }

    /// The title block: the table's title, its question, its base filter and the survey.
    private func appendTitle(of table: Table, to sheet: inout Worksheet) {
        sheet.rows.append([.text(table.title, .bold)])
        sheet.rows.append([.text("Question: \(table.question) [\(table.questionKey)]")])
        if let filter = table.filter { sheet.rows.append([.text("Base: \(filter)")]) }
        sheet.rows.append([.text("\(title) (edition \(edition))", .note)])
        sheet.rows.append([])
    }

    /// Banner headings merged over their columns, then column labels and letters;
    /// the panes freeze below and beside them.
    private static func appendHeadings(_ columns: [SheetColumn], banners: [Banner], to sheet: inout Worksheet) {
        var headings: [SheetCell?] = Array(repeating: nil, count: labelColumns)
        var start = 0
        while start < columns.count {
            let banner = columns[start].banner
            var end = start
            while end + 1 < columns.count, columns[end + 1].banner == banner { end += 1 }
            headings.append(.text(banners.first { $0.name == banner }?.heading ?? banner, .bannerHeading))
            headings += Array(repeating: nil, count: end - start)
            if end > start {
                sheet.merges.append(
                    Worksheet.Merge(
                        row: sheet.rows.count, firstColumn: labelColumns + start, lastColumn: labelColumns + end))
            }
            start = end + 1
        }
        sheet.rows.append(headings)
        sheet.rows.append(line("", "", columns.map { .text($0.label, .columnLabel) }))
        sheet.rows.append(line("", "", columns.map { $0.letter.isEmpty ? nil : .text("(\($0.letter))", .centered) }))
        sheet.frozenRows = sheet.rows.count
        sheet.frozenColumns = labelColumns
    }

    /// The base rows, and a base note row when a column is flagged.
    /// - Returns: whether any column is flagged, and whether any is suppressed.
    private static func appendBases(
        _ columns: [SheetColumn], to sheet: inout Worksheet
    ) -> (flagged: Bool, suppressed: Bool) {
        sheet.rows.append(line("Unweighted base", "", columns.map { .number(Double($0.unweightedBase), .integer) }))
        sheet.rows.append(line("Weighted base", "", columns.map { .number($0.weightedBase, .oneDecimal) }))
        sheet.rows.append(line("Effective base", "", columns.map { .number($0.effectiveBase, .oneDecimal) }))
        let flagged = columns.contains { $0.flag != nil }
        if flagged {
            sheet.rows.append(line("Base note", "", columns.map { $0.flag.map { .text(marker($0), .centered) } }))
        }
        return (flagged, columns.contains { $0.flag == .suppressed })
    }

    /// Each answer's statistics, a line each, with a line of significance letters
    /// under a statistic that has any.
    /// - Returns: whether any letters were written.
    private static func appendAnswers(_ content: SheetContent, to sheet: inout Worksheet) -> Bool {
        var lettered = false
        for answer in content.answers {
            for (index, statistic) in (content.statistics[answer.code] ?? []).enumerated() {
                let found = content.line(answer: answer.code, statistic: statistic)
                let label = index == 0 ? answer.label : ""
                sheet.rows.append(line(label, statisticLabel(statistic), found.map { $0.flatMap(cell) }))
                let letters = found.map { row -> SheetCell? in
                    guard let over = row?.significantOver, !over.isEmpty else { return nil }
                    return .text(over, .centered)
                }
                if letters.contains(where: { $0 != nil }) {
                    lettered = true
                    sheet.rows.append(line("", "significantly above", letters))
                }
            }
        }
        return lettered
    }

    /// The legend lines under a table.
    func legend(lettered: Bool, flagged: Bool, suppressed: Bool) -> [[SheetCell?]] {
        var lines: [String] = []
        let levels = significance.levels.sorted(by: >).map { Self.percentText($0) }
        let correction = significance.correction == .none ? "" : ", \(significance.correction.rawValue) correction"
        var letters =
            "Letters: the column is significantly above the lettered column of the same banner at \(levels.first ?? "")"
        if levels.count > 1 { letters += " (lower case: at \(levels[1]) only)" }
        letters += "\(correction); the total is not tested."
        if lettered { lines.append(letters) }
        let base = lowBase.base == .unweighted ? "unweighted base" : "effective base"
        if flagged {
            lines.append("* low base: \(base) below \(String(format: "%g", lowBase.flag)), read with caution.")
        }
        if suppressed {
            lines.append("** suppressed: \(base) below \(String(format: "%g", lowBase.suppress)), estimates not shown.")
        }
        lines.append("Percentages are of the column's base; cells hold them in points.")
        return lines.map { [.text($0, .note)] }
    }

    /// A row of a sheet: the answer and statistic labels, then one cell per banner column.
    static func line(_ answer: String, _ statistic: String, _ values: [SheetCell?]) -> [SheetCell?] {
        [answer.isEmpty ? nil : .text(answer), statistic.isEmpty ? nil : .text(statistic)] + values
    }

    /// The cell of one tidy row: its value in the statistic's format, `**` for
    /// an estimate suppressed for a low base, empty for an undefined value.
    static func cell(_ row: ResultRow) -> SheetCell? {
        let style: CellStyle
        switch row.statistic {
        case "count", "rank": style = .integer
        case "weighted_count": style = .oneDecimal
        case "percent": style = .percent
        default: style = .twoDecimals
        }
        switch row.value {
        case .integer(let value): return .number(Double(value), style)
        case .real(let value): return .number(value, style)
        case .empty: return row.flag == .suppressed ? .text(marker(.suppressed), .centered) : nil
        }
    }

    /// An answer's label: `Net: ` before a net's (whose row code is `net1`, `net2`…), the
    /// question for a numeric summary.
    static func answerLabel(_ row: ResultRow, question: String) -> String {
        if row.row.isEmpty { return question }
        let isNet =
            row.rowCode.hasPrefix("net") && row.rowCode.count > 3 && row.rowCode.dropFirst(3).allSatisfy(\.isNumber)
        return isNet ? "Net: " + row.row : row.row
    }

    static func marker(_ flag: BaseFlag) -> String {
        flag == .suppressed ? "**" : "*"
    }

    /// How a statistic is labelled on its line.
    static func statisticLabel(_ statistic: String) -> String {
        switch statistic {
        case "count": return "Count"
        case "weighted_count": return "Weighted count"
        case "percent": return "%"
        case "rank": return "Rank"
        case "ratio": return "Ratio"
        case "less_likely": return "x less likely"
        case "mean": return "Mean"
        case "sd": return "Std. dev."
        default: return statistic
        }
    }

    /// A confidence level as a percentage: `95%`, `99.5%`.
    static func percentText(_ level: Double) -> String {
        String(format: "%g%%", level * 100)
    }
}
