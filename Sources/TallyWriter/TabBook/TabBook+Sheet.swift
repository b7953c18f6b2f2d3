import Foundation
import TallyAggregator
import TallyModel

extension TabBook {
    /// The rows at the top of every table sheet that print on every page: the title
    /// block (title, question, base, survey, a blank row) and the headings (banner
    /// headings, column labels, letters).
    static let headerRows = 8
    /// The width of the label column, in characters.
    static let labelWidth = 30.0
    /// The width of a number column, in characters (`14,104`, `100%`).
    static let numberWidth = 6.5

    /// The sheet of one table: title block, headings, bases (`bases`, or the tab
    /// book's), the answers' lines, the tests of independence by banner and a legend,
    /// set up to print.
    func sheet(
        for table: Table, rows: [ResultRow], bases: [TabBookSpec.BaseRow]? = nil,
        independence: [IndependenceTest] = []
    ) -> Worksheet {
        let presented = PresentedTable(table, rows: rows)
        let widths = Self.columnWidths(presented)
        var sheet = Worksheet()
        sheet.widths = widths
        appendTitle(of: presented, to: &sheet)
        let headings = sheet.rows.count
        appendBases(presented, rows: bases ?? self.bases, to: &sheet)
        Self.appendLines(presented, widths: widths, to: &sheet)
        let legend = independenceLines(independence, of: presented, rows: rows) + legend(for: presented)
        let layout = PrintLayout(
            labelWidth: Self.labelWidth,
            groups: presented.banners.map { span in
                span.columns.map { PrintLayout.Unit(width: Self.pairWidth(widths, column: $0), columns: 2) }
            },
            height: Self.height(of: sheet) + Double(3 + legend.count * 2) * TextFit.lineHeight)
        // The headings go in above the bases once the page breaks are known.
        var top = Worksheet()
        top.widths = widths
        Self.appendHeadings(presented, widths: widths, breaks: layout.breaks, to: &top)
        sheet.insert(top, at: headings)
        sheet.rows.append([])
        let firstPage = Array(widths.prefix(layout.breaks.first ?? widths.count))
        Self.appendLegend(legend, widths: firstPage, to: &sheet)
        sheet.print = Worksheet.Print(
            scale: layout.scale, columnBreaks: layout.breaks, footer: "\(title), edition \(edition): \(table.title)")
        return sheet
    }

    /// The lines of a table's tests of independence, each banner's headed by its heading,
    /// answers and columns named by their labels.
    private func independenceLines(
        _ tests: [IndependenceTest], of table: PresentedTable, rows: [ResultRow]
    ) -> [String] {
        guard !tests.isEmpty else { return [] }
        let headings = Dictionary(table.banners.map { ($0.name, $0.heading) }, uniquingKeysWith: { first, _ in first })
        let answers = Dictionary(rows.map { ($0.rowCode, $0.row) }, uniquingKeysWith: { first, _ in first })
        let columns = Dictionary(
            table.columns.map { ($0.banner + "\u{1}" + $0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
        return tests.map { test in
            Self.independenceLine(
                test, heading: headings[test.banner] ?? test.banner,
                significantAt: IndependenceFiles.significance(test.statistics?.pF, levels: significance.levels),
                answerLabel: { answers[$0] ?? $0 }, columnLabel: { columns[test.banner + "\u{1}" + $0] ?? $0 })
        }
    }

    /// The rows' height in points: their own, or a line's.
    static func height(of sheet: Worksheet) -> Double {
        sheet.rows.indices.reduce(0) { $0 + (sheet.heights[$1] ?? TextFit.lineHeight) }
    }

    /// The sheet column of a presented column's number; its letters are in the next one.
    static func numberColumn(_ column: Int) -> Int { 1 + 2 * column }

    /// The width of a table's number columns: `numberWidth`, or as wide as its largest
    /// count needs with its separators (bases and weighted counts grossed up to a
    /// population: `1,200,000`).
    static func numberWidth(of table: PresentedTable) -> Double {
        var largest = table.columns.map { max(Double($0.unweightedBase), $0.weightedBase, $0.effectiveBase) }.max() ?? 0
        for line in table.lines where line.statistic == "count" || line.statistic == "weighted_count" {
            for cell in line.cells {
                if case .number(let value) = cell.value { largest = max(largest, abs(value)) }
            }
        }
        let digits = largest.rounded() >= 10 ? Int(log10(largest.rounded())) + 1 : 1
        return max(numberWidth, Double(digits + (digits - 1) / 3) + 0.5)
    }

    /// The label column, then for every column a number column (`numberWidth(of:)`)
    /// and a letters column as wide as the longest letters of its banner need (wrapped
    /// beyond 4 characters), and together as wide as the longest word of the banner's
    /// column labels.
    static func columnWidths(_ table: PresentedTable) -> [Double] {
        var widths = [labelWidth]
        let width = numberWidth(of: table)
        for span in table.banners {
            let longest = table.lines.flatMap { line in span.columns.map { line.cells[$0].letters.count } }.max() ?? 0
            let flagged = span.columns.contains { column in
                table.columns[column].flag != nil || table.lines.contains { $0.cells[column].flag != nil }
            }
            let marker = flagged ? 2 : 0
            let word = span.columns.flatMap { table.columns[$0].label.split(separator: " ").map(\.count) }.max() ?? 0
            let letters = max(
                min(4, max(1.5, 0.8 * Double(max(longest, marker)) + 0.7)), Double(word) * labelScale + 1 - width)
            for _ in span.columns { widths += [width, letters] }
        }
        return widths
    }

    /// The width of a column label's character (8-point bold) in characters of the sheet's font.
    static let labelScale = 0.85
    /// The width of a test letter (8-point capitals) in characters of the sheet's font.
    static let letterScale = 1.0

    /// The points a column's number and letters take.
    static func pairWidth(_ widths: [Double], column: Int) -> Double {
        let number = numberColumn(column)
        return PrintLayout.points(widths[number]) + PrintLayout.points(widths[number + 1])
    }

    /// The title block: the table's title, its question and key, its base, the survey.
    private func appendTitle(of table: PresentedTable, to sheet: inout Worksheet) {
        sheet.rows.append([.text(table.title, CellStyle(.title))])
        sheet.rows.append([.text("\(table.question) [\(table.questionKey)]")])
        sheet.rows.append([.text("Base: \(table.baseText)", CellStyle(.baseLabel))])
        sheet.rows.append([.text("\(title), edition \(edition)", CellStyle(.note))])
        sheet.rows.append([])
    }

    /// Banner headings over their columns (merged, and repeated after a page break
    /// inside a banner), column labels over each number and its letters, and letters;
    /// the panes freeze below and beside them.
    private static func appendHeadings(
        _ table: PresentedTable, widths: [Double], breaks: [Int], to sheet: inout Worksheet
    ) {
        let width = 1 + 2 * table.columns.count
        var headings = [SheetCell?](repeating: .blank(CellStyle(.bannerHeading)), count: width)
        var labels = [SheetCell?](repeating: .blank(CellStyle(.columnLabel)), count: width)
        var letters = [SheetCell?](repeating: .blank(CellStyle(.columnLetter)), count: width)
        let row = sheet.rows.count
        for span in table.banners {
            let first = numberColumn(span.columns.lowerBound)
            let last = numberColumn(span.columns.upperBound - 1) + 1
            let pieces = ([first] + breaks.filter { $0 > first && $0 <= last }).map { $0 }
            for (index, start) in pieces.enumerated() {
                let end = index + 1 < pieces.count ? pieces[index + 1] - 1 : last
                let text = index == 0 ? span.heading : "\(span.heading) (continued)"
                headings[start] = .text(text, CellStyle(.bannerHeading))
                sheet.merges.append(Worksheet.Merge(row: row, firstColumn: start, lastColumn: end))
            }
        }
        for (index, column) in table.columns.enumerated() {
            let number = numberColumn(index)
            labels[number] = .text(column.label, CellStyle(.columnLabel))
            if !column.letter.isEmpty { letters[number] = .text(column.letter, CellStyle(.columnLetter)) }
            sheet.merges.append(Worksheet.Merge(row: row + 1, firstColumn: number, lastColumn: number + 1))
            sheet.merges.append(Worksheet.Merge(row: row + 2, firstColumn: number, lastColumn: number + 1))
        }
        let labelLines = table.columns.indices.map { index in
            let number = numberColumn(index)
            return TextFit.lines(
                table.columns[index].label, width: widths[number] + widths[number + 1], scale: labelScale)
        }
        sheet.heights[row + 1] = TextFit.height(lines: labelLines.max() ?? 1)
        sheet.rows += [headings, labels, letters]
    }

    /// The base rows the tab book shows; low-base markers beside the first one.
    private func appendBases(_ table: PresentedTable, rows bases: [TabBookSpec.BaseRow], to sheet: inout Worksheet) {
        for (index, base) in bases.enumerated() {
            var line: [SheetCell?] = [.text(Self.baseLabel(base), CellStyle(.baseLabel))]
            for column in table.columns {
                let value: Double
                switch base {
                case .unweighted: value = Double(column.unweightedBase)
                case .weighted: value = column.weightedBase
                case .effective: value = column.effectiveBase
                }
                line.append(.number(value, CellStyle(.baseNumber)))
                line.append(index == 0 ? column.flag.map { .text(Self.marker($0), CellStyle(.letters)) } : nil)
            }
            sheet.rows.append(line)
        }
    }

    /// Each answer's lines: the first (percentages, bold) with the answer's label,
    /// the others with the statistic's, every other answer banded.
    private static func appendLines(_ table: PresentedTable, widths: [Double], to sheet: inout Worksheet) {
        for line in table.lines {
            let labelLines = TextFit.lines(line.label, width: labelWidth)
            var letterLines = 1
            let banded = line.answer % 2 == 1
            let labelRole: CellRole = line.isFirst ? .answerLabel : .secondaryLabel
            var cells: [SheetCell?] = [.text(line.label, CellStyle(labelRole, banded: banded))]
            for cell in line.cells {
                cells.append(number(cell.value, statistic: line.statistic, banded: banded))
                var letters = cell.letters
                if cell.flag == .lowBase, case .number = cell.value {
                    letters = letters.isEmpty ? "*" : "* " + letters
                }
                // Capital letters in 8-point type are about as wide as digits in 10-point.
                letterLines = max(
                    letterLines, TextFit.lines(letters, width: widths[cells.count], scale: Self.letterScale))
                cells.append(
                    letters.isEmpty
                        ? .blank(CellStyle(.letters, banded: banded))
                        : .text(letters, CellStyle(.letters, banded: banded)))
            }
            let height = max(Double(labelLines) * TextFit.lineHeight, Double(letterLines) * TextFit.smallLineHeight)
            sheet.heights[sheet.rows.count] = height > TextFit.lineHeight ? height : nil
            sheet.rows.append(cells)
        }
    }

    /// A value's cell in its statistic's format; a dash or `**` centred in its place.
    static func number(_ value: PresentedTable.Value, statistic: String, banded: Bool) -> SheetCell {
        switch value {
        case .number(let number):
            let role: CellRole
            switch statistic {
            case "percent": role = .percent
            case "count", "weighted_count", Grid.baseStatistic: role = .count
            case "rank": role = .rank
            default: role = .decimal
            }
            return .number(number, CellStyle(role, banded: banded))
        case .suppressed: return .text(marker(.suppressed), CellStyle(.marker, banded: banded))
        case .dash: return .text("\u{2013}", CellStyle(.marker, banded: banded))
        case .empty: return .blank(CellStyle(.marker, banded: banded))
        }
    }

    /// The legend's lines, each merged across the columns of the first page (`widths`) and
    /// wrapped within them, so that it prints whole.
    private static func appendLegend(_ lines: [String], widths: [Double], to sheet: inout Worksheet) {
        let width = widths.reduce(0, +)
        for line in lines {
            sheet.merges.append(Worksheet.Merge(row: sheet.rows.count, firstColumn: 0, lastColumn: widths.count - 1))
            sheet.heights[sheet.rows.count] = TextFit.height(lines: TextFit.lines(line, width: width, scale: 0.9))
            sheet.rows.append([.text(line, CellStyle(.legend))])
        }
    }

    /// The legend under a table: the tests, then the markers it uses.
    func legend(for table: PresentedTable) -> [String] {
        var lines: [String] = []
        let base = lowBase.base == .unweighted ? "respondents" : "effective respondents"
        let minimum = significance.minimumBase ?? lowBase.flag
        if table.columns.contains(where: { !$0.letter.isEmpty }) {
            let levels = significance.levels.sorted(by: >).map { Self.percentText($0) }
            let test =
                significance.method == .design
                ? "two-sided z-test of the difference with its standard error from the design, the covariance through the weighting included"
                : "two-sided z-test on effective bases, as independent samples"
            var terms = "\(test), \(levels.first ?? "")"
            if significance.correction != .none {
                terms += "; \(significance.correction == .bonferroni ? "Bonferroni" : "Benjamini-Hochberg") correction"
            }
            var tests: [String] = []
            if significance.compare.contains(.columns) {
                let lower = levels.count > 1 ? "; lower case: \(levels[1]) only" : ""
                tests.append(
                    "Letters: the number is significantly above the lettered column of the same banner (\(terms)\(lower))."
                )
            }
            if significance.compare.contains(.rest) {
                let lower = levels.count > 1 ? "; △ ▽: \(levels[1]) only" : ""
                tests.append(
                    "▲ ▼: the number is significantly above or below the rest of the table's base, everyone outside the column (\(terms)\(lower))."
                )
            }
            tests[tests.count - 1] +=
                " The total is not tested"
                + (minimum > 0 ? ", nor columns with fewer than \(Self.count(minimum)) \(base)." : ".")
            lines += tests
        }
        let flags = table.flags
        if flags.contains(.lowBase) {
            lines.append("* low base: fewer than \(Self.count(lowBase.flag)) \(base); read with caution.")
        }
        if flags.contains(.suppressed) {
            lines.append("** suppressed: fewer than \(Self.count(lowBase.suppress)) \(base); estimates not shown.")
        }
        if table.hasDashes {
            lines.append("\u{2013} not asked: no respondent of this table's base is in the column.")
        }
        lines.append("Percentages are of each column's base.")
        return lines
    }

    /// A threshold for reading: `100`, `2,500`, `12.5`.
    static func count(_ value: Double) -> String {
        NumberText.grouped(value, fractionDigits: 2)
    }
}
