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

    /// The sheet of one table: title block, banner headings, column labels, test
    /// letters, bases, then each answer's statistics and a legend.
    func sheet(for table: Table, rows: [ResultRow]) -> Worksheet {
        var columns: [SheetColumn] = []
        var seenColumns: Set<CellKey> = []
        var answers: [(code: String, label: String)] = []
        var seenAnswers: Set<String> = []
        var statistics: [String: [String]] = [:]
        var cells: [CellKey: ResultRow] = [:]
        for banner in table.banners {
            for row in rows where row.banner == banner.name {
                let columnKey = CellKey(banner: row.banner, column: row.columnCode, row: "", statistic: "")
                if seenColumns.insert(columnKey).inserted {
                    columns.append(
                        SheetColumn(
                            banner: row.banner, code: row.columnCode, label: row.column, letter: row.columnLetter,
                            unweightedBase: row.unweightedBase, weightedBase: row.weightedBase,
                            effectiveBase: row.effectiveBase, flag: row.flag))
                }
                if seenAnswers.insert(row.rowCode).inserted {
                    answers.append((row.rowCode, Self.answerLabel(row, question: table.question)))
                }
                if !(statistics[row.rowCode]?.contains(row.statistic) ?? false) {
                    statistics[row.rowCode, default: []].append(row.statistic)
                }
                cells[CellKey(banner: row.banner, column: row.columnCode, row: row.rowCode, statistic: row.statistic)] =
                    row
            }
        }

        var sheet = Worksheet()
        sheet.widths = [36, 14, 12]
        sheet.rows.append([.text(table.title, .bold)])
        sheet.rows.append([.text("Question: \(table.question) [\(table.questionKey)]")])
        if let filter = table.filter { sheet.rows.append([.text("Base: \(filter)")]) }
        sheet.rows.append([.text("\(title) (edition \(edition))", .note)])
        sheet.rows.append([])

        // Banner headings over their columns, then labels and letters.
        var headings: [SheetCell?] = Array(repeating: nil, count: Self.labelColumns)
        var start = 0
        while start < columns.count {
            let banner = columns[start].banner
            var end = start
            while end + 1 < columns.count, columns[end + 1].banner == banner { end += 1 }
            let heading = table.banners.first { $0.name == banner }?.heading ?? banner
            headings.append(.text(heading, .bannerHeading))
            headings += Array(repeating: nil, count: end - start)
            if end > start {
                sheet.merges.append(
                    Worksheet.Merge(
                        row: sheet.rows.count, firstColumn: Self.labelColumns + start,
                        lastColumn: Self.labelColumns + end))
            }
            start = end + 1
        }
        sheet.rows.append(headings)
        sheet.rows.append(Self.line("", "", columns.map { .text($0.label, .columnLabel) }))
        sheet.rows.append(
            Self.line("", "", columns.map { $0.letter.isEmpty ? nil : .text("(\($0.letter))", .centered) }))
        sheet.frozenRows = sheet.rows.count
        sheet.frozenColumns = Self.labelColumns

        sheet.rows.append(
            Self.line("Unweighted base", "", columns.map { .number(Double($0.unweightedBase), .integer) }))
        sheet.rows.append(Self.line("Weighted base", "", columns.map { .number($0.weightedBase, .oneDecimal) }))
        sheet.rows.append(Self.line("Effective base", "", columns.map { .number($0.effectiveBase, .oneDecimal) }))
        let flagged = columns.contains { $0.flag != nil }
        let suppressed = columns.contains { $0.flag == .suppressed }
        if flagged {
            sheet.rows.append(
                Self.line("Base note", "", columns.map { $0.flag.map { .text(Self.marker($0), .centered) } }))
        }

        var lettered = false
        for answer in answers {
            var first = true
            for statistic in statistics[answer.code] ?? [] {
                let found = columns.map { column in
                    cells[CellKey(banner: column.banner, column: column.code, row: answer.code, statistic: statistic)]
                }
                let values = found.map { $0.flatMap(Self.cell) }
                sheet.rows.append(Self.line(first ? answer.label : "", Self.statisticLabel(statistic), values))
                first = false
                let letters = found.map { row -> SheetCell? in
                    guard let over = row?.significantOver, !over.isEmpty else { return nil }
                    return .text(over, .centered)
                }
                if letters.contains(where: { $0 != nil }) {
                    lettered = true
                    sheet.rows.append(Self.line("", "significantly above", letters))
                }
            }
        }

        sheet.rows.append([])
        sheet.rows.append(contentsOf: legend(lettered: lettered, flagged: flagged, suppressed: suppressed))
        return sheet
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
