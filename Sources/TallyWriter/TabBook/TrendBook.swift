import Foundation
import TallyModel

/// The trends of a multi-edition run as a workbook people read:
/// `tabbook/trends.xlsx`, one sheet per pair of consecutive editions, every
/// percentage and mean both share (by question key) with the change and whether
/// it is significant, under a heading line per question, filterable and set up
/// to print.
///
/// The editions' own tab books stay as a single run writes them; the numbers are
/// those of `trends/part-00000.csv`.
public struct TrendBook: Sendable {
    /// One estimate both editions have.
    public struct Row: Sendable, Equatable {
        public var title: String
        public var question: String
        public var banner: String
        public var columnLabel: String
        public var rowLabel: String
        /// `percent` or `mean`.
        public var statistic: String
        public var old: Double?
        public var new: Double?
        /// new − old (points for percentages).
        public var difference: Double?
        /// `99%`, `95%` or empty.
        public var significant: String

        public init(
            title: String, question: String, banner: String, columnLabel: String, rowLabel: String,
            statistic: String, old: Double?, new: Double?, difference: Double?, significant: String
        ) {
            (self.title, self.question, self.banner, self.columnLabel, self.rowLabel) =
                (title, question, banner, columnLabel, rowLabel)
            (self.statistic, self.old, self.new, self.difference, self.significant) =
                (statistic, old, new, difference, significant)
        }
    }

    /// Two consecutive editions and their shared estimates, in the trend file's order.
    public struct Comparison: Sendable, Equatable {
        public var oldEdition: String
        public var newEdition: String
        public var rows: [Row]

        public init(oldEdition: String, newEdition: String, rows: [Row]) {
            (self.oldEdition, self.newEdition, self.rows) = (oldEdition, newEdition, rows)
        }
    }

    /// The survey's name, for the titles.
    public var survey: String
    public var comparisons: [Comparison]

    public init(survey: String, comparisons: [Comparison]) {
        self.survey = survey
        self.comparisons = comparisons
    }

    /// Where the workbook goes below a multi-edition output folder.
    public static let relativePath = "tabbook/trends.xlsx"

    /// The heading row's columns and their widths in characters.
    static let headings: [(String, Double)] = [
        ("Question key", 24), ("Banner", 12), ("Column", 22), ("Answer", 32), ("Statistic", 8), ("", 8), ("", 8),
        ("Change", 8), ("Significant", 11),
    ]
    /// The rows above the first estimate: title, note, blank, headings.
    static let headerRows = 4

    /// Writes the workbook below `root`.
    /// - Returns: the file written, relative to `root`, with its number of sheets as its rows.
    /// - Throws: `TallyError.cannotWrite` when the folder or file cannot be written.
    public func write(under root: String) throws -> WrittenFile {
        try FileOutput.makeDirectories(root + "/tabbook")
        let path = root + "/" + Self.relativePath
        let names = TabBook.sheetNames(comparisons.map { "\($0.oldEdition) to \($0.newEdition)" })
        let data = try XLSXPackage.data(sheetNames: names, path: path) { index in
            let sheet = sheet(for: comparisons[index])
            return XLSXPackage.Part(
                xml: sheet.xml, titleRows: Self.headerRows, printColumns: sheet.widths.count,
                printRows: sheet.rows.count)
        }
        try FileOutput.write(path, bytes: data)
        return WrittenFile(path: Self.relativePath, rows: comparisons.count)
    }

    /// One pair of editions: a title, how to read it, the headings (filterable,
    /// frozen, printed on every page), then a line per estimate, banded by question.
    func sheet(for comparison: Comparison) -> Worksheet {
        var sheet = Worksheet()
        sheet.widths = Self.headings.map(\.1)
        let (old, new) = (comparison.oldEdition, comparison.newEdition)
        sheet.rows.append([.text("\(survey): edition \(old) to edition \(new)", CellStyle(.title))])
        let significant = comparison.rows.count { !$0.significant.isEmpty }
        let note =
            "\(comparison.rows.count) estimates of questions both editions ask (by question key), \(significant) changed significantly. Change: \(new) minus \(old), in points for percentages; significant: two-sided z-test of independent samples, \u{25B2} up, \u{25BC} down."
        let lastColumn = Self.headings.count - 1
        sheet.merges.append(Worksheet.Merge(row: 1, firstColumn: 0, lastColumn: lastColumn))
        let width = Self.headings.reduce(0) { $0 + $1.1 }
        sheet.heights[1] = TextFit.height(lines: TextFit.lines(note, width: width, scale: 0.9))
        sheet.rows.append([.text(note, CellStyle(.legend))])
        sheet.rows.append([])
        var headings = Self.headings.map { SheetCell.text($0.0, CellStyle(.listHeading)) }
        (headings[5], headings[6]) = (.text(old, CellStyle(.listHeading)), .text(new, CellStyle(.listHeading)))
        sheet.rows.append(headings)
        sheet.frozenRows = Self.headerRows
        for (index, row) in comparison.rows.enumerated() {
            if index == 0 || comparison.rows[index - 1].question != row.question {
                // The question's title over its estimates, across the sheet.
                sheet.merges.append(Worksheet.Merge(row: sheet.rows.count, firstColumn: 0, lastColumn: lastColumn))
                sheet.rows.append([.text(row.title.isEmpty ? row.question : row.title, CellStyle(.bannerHeading))])
            }
            sheet.rows.append(Self.line(row))
        }
        sheet.filter = (Self.headerRows - 1)...(sheet.rows.count - 1)
        let points = Self.headings.reduce(0) { $0 + PrintLayout.points($1.1) }
        let scale = max(PrintLayout.smallestScale, min(100, Int(PrintLayout.pageWidth * 100 / points) / 5 * 5))
        sheet.print = Worksheet.Print(
            scale: scale, columnBreaks: [], footer: "\(survey): trends, edition \(old) to \(new)")
        return sheet
    }

    /// An estimate's line: its keys and words, both editions' values, the change and
    /// its significance; a significant change's line is shaded.
    static func line(_ row: Row) -> [SheetCell?] {
        let isPercent = row.statistic == "percent"
        let banded = !row.significant.isEmpty
        func value(_ number: Double?, _ role: CellRole) -> SheetCell {
            guard let number else { return .blank(CellStyle(.marker, banded: banded)) }
            return .number(number, CellStyle(role, banded: banded))
        }
        var mark = ""
        if !row.significant.isEmpty, let difference = row.difference {
            mark = (difference > 0 ? "\u{25B2} " : "\u{25BC} ") + row.significant
        }
        let values: CellRole = isPercent ? .percent : .decimal
        return [
            .text(row.question, CellStyle(.secondaryLabel, banded: banded)),
            .text(row.banner, CellStyle(.answerLabel, banded: banded)),
            .text(row.columnLabel, CellStyle(.answerLabel, banded: banded)),
            .text(
                row.rowLabel.isEmpty ? TabBook.statisticLabel(row.statistic) : row.rowLabel,
                CellStyle(.answerLabel, banded: banded)),
            .text(isPercent ? "%" : TabBook.statisticLabel(row.statistic), CellStyle(.secondaryLabel, banded: banded)),
            value(row.old, values), value(row.new, values),
            value(row.difference, isPercent ? .change : .meanChange),
            .text(mark, CellStyle(.letters, banded: banded)),
        ]
    }
}
