import Foundation
import TallyAggregator
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

/// A grid summary sheet made from two statement tables' rows, checked cell by cell.
@Suite("Tab book grid summaries")
struct GridSheetTests {
    typealias Column = (code: String, label: String, letter: String, base: Int)
    static let total: Column = ("total", "All", "", 400)
    static let consumers: Column = ("C", "Consumers", "A", 250)
    static let business: Column = ("B", "Business", "B", 150)

    /// A statement table's rows: `net1` (Agree) percent and a mean in each column, with
    /// `bases` per column; `over` gives Consumers' letters over Business.
    static func statement(_ table: String, agree: [Double], means: [Double], bases: [Int], over: String) -> [ResultRow]
    {
        zip([total, consumers, business], zip(agree, zip(means, bases))).flatMap { column, values in
            let (agree, (mean, base)) = values
            let withBase: Column = (column.code, column.label, column.letter, base)
            let own = column.code == "C" ? over : ""
            return [
                TabBookTests.row(
                    table: table, banner: "all", column: withBase, answer: ("4", "Agree"), statistic: "percent",
                    value: .real(agree - 10)),
                TabBookTests.row(
                    table: table, banner: "all", column: withBase, answer: ("net1", "Agree (top 2 box)"),
                    statistic: "percent", value: base == 0 ? .empty : .real(agree), over: own),
                TabBookTests.row(
                    table: table, banner: "all", column: withBase, answer: ("", ""), statistic: "mean",
                    value: base == 0 ? .empty : .real(mean)),
            ]
        }
    }

    static let book = TabBook(
        edition: "1", title: "Survey",
        tables: ["q1", "q2"].map { name in
            TabBook.Table(
                name: name, title: "Statement \(name)", question: "Q", questionKey: name, baseText: "All",
                banners: [TabBookTests.banners[0]], statistics: ["percent", "mean"])
        },
        significance: SignificanceSpec(levels: [0.95]), lowBase: LowBaseSpec(flag: 0, suppress: 0),
        grids: [
            TabBook.Grid(
                table: TabBook.Table(
                    name: "agreement", title: "Agreement", question: "Agree (top 2 box), % of each statement's base",
                    questionKey: "agreement", baseText: "All", banners: [TabBookTests.banners[0]],
                    statistics: ["percent", "mean", "n"]),
                statements: [
                    TabBook.Grid.Statement(table: 0, rowCode: "net1", label: "Statement q1"),
                    TabBook.Grid.Statement(table: 1, rowCode: "net1", label: "Statement q2"),
                ])
        ])

    @Test("One line per statement: the chosen net's percentages and letters, the mean, the statement's own base")
    func gridSheet() throws {
        let rows =
            Self.statement("q1", agree: [80, 85, 72], means: [4.1, 4.2, 3.9], bases: [400, 250, 150], over: "B")
            + Self.statement("q2", agree: [60, 62, 0], means: [3.5, 3.6, 0], bases: [250, 250, 0], over: "")
        let folder = try TemporaryFolder()
        let written = try Self.book.write(rows, under: folder.path)
        #expect(written.rows == 3)
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        #expect(workbook.sheets.map(\.name) == ["Contents", "Statement q1", "Statement q2", "Agreement"])
        #expect(workbook.sheets[0].cell("B7") == .text("Agreement"))
        #expect(workbook.sheets[0].cell("A2") == .text("Edition 1. 2 tables, 1 grid summary."))
        let sheet = workbook.sheets[3]
        #expect(sheet.cell("A1") == .text("Agreement"))
        #expect(sheet.cell("A2") == .text("Agree (top 2 box), % of each statement's base [agreement]"))
        // No base rows at the top: the first line under the headings (rows 6-8) is q1's.
        #expect(sheet.cell("A9") == .text("Statement q1"))
        #expect(TabBookTests.numbers(sheet, row: 9, columns: [1, 3, 5]) == [80, 85, 72])
        #expect(sheet.cell("E9") == .text("B"))
        #expect(sheet.cell("A10") == .text("Mean"))
        #expect(TabBookTests.numbers(sheet, row: 10, columns: [1, 3, 5]) == [4.1, 4.2, 3.9])
        #expect(sheet.cell("A11") == .text("Base (n)"))
        #expect(TabBookTests.numbers(sheet, row: 11, columns: [1, 3, 5]) == [400, 250, 150])
        // q2 has nobody in Business: a dash there, and its own bases.
        #expect(sheet.cell("A12") == .text("Statement q2"))
        #expect(TabBookTests.numbers(sheet, row: 12, columns: [1, 3]) == [60, 62])
        #expect(sheet.cell("F12") == .text("\u{2013}"))
        #expect(TabBookTests.numbers(sheet, row: 14, columns: [1, 3]) == [250, 250])
        #expect(sheet.cell("F14") == .text("\u{2013}"))
        let legend = sheet.rowNumbers.filter { $0 > 15 }.compactMap { sheet.cells[$0]?[0]?.text }
        #expect(legend.contains("\u{2013} not asked: no respondent of this table's base is in the column."))
    }
}
