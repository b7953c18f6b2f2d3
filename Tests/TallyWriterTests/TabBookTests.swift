import Foundation
import TallyAggregator
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

@Suite("Excel tab book")
struct TabBookTests {
    /// Two banners: `all` (total + two lettered columns) and `region` (two lettered columns, no total).
    static let banners = [
        TabBook.Banner(name: "all", heading: "Customer type"), TabBook.Banner(name: "region", heading: "@Region"),
    ]

    /// One tidy row with the column's bases.
    static func row(
        table: String, banner: String, column: (code: String, label: String, letter: String, base: Int),
        answer: (code: String, label: String), statistic: String, value: ResultValue, over: String = "",
        flag: BaseFlag? = nil
    ) -> ResultRow {
        ResultRow(
            banner: banner, table: table, question: "q", columnCode: column.code, column: column.label,
            rowCode: answer.code, row: answer.label, statistic: statistic, value: value,
            unweightedBase: column.base, weightedBase: Double(column.base) * 1.25,
            effectiveBase: Double(column.base) * 0.8,
            columnLetter: column.letter, significantOver: over, flag: flag)
    }

    /// The rows of table `t1`: answers `1` ("=HYPERLINK(...)") and `2` ("Agree"), count and percent,
    /// in five columns; `region`'s `N` column is low-base and `S` suppressed.
    static func rows() -> [ResultRow] {
        let columns:
            [(banner: String, column: (code: String, label: String, letter: String, base: Int), flag: BaseFlag?)] = [
                ("all", ("total", "All", "", 400), nil),
                ("all", ("C", "Consumers", "A", 250), nil),
                ("all", ("B", "-Business", "B", 150), nil),
                ("region", ("N", "North", "A", 80), .lowBase),
                ("region", ("S", "South", "B", 20), .suppressed),
            ]
        let answers = [("1", "=HYPERLINK(\"http://x\")"), ("2", "Agree")]
        var rows: [ResultRow] = []
        for (index, (banner, column, flag)) in columns.enumerated() {
            for (answerIndex, answer) in answers.enumerated() {
                let count = 10 * (index + 1) + answerIndex
                let percent: ResultValue = flag == .suppressed ? .empty : .real(Double(count) / 3)
                let over = banner == "all" && column.code == "C" && answer.0 == "2" ? "B" : ""
                rows.append(
                    row(
                        table: "t1", banner: banner, column: column, answer: answer, statistic: "count",
                        value: .integer(count), flag: flag))
                rows.append(
                    row(
                        table: "t1", banner: banner, column: column, answer: answer, statistic: "percent",
                        value: percent, over: over, flag: flag))
            }
        }
        return rows
    }

    static let book = TabBook(
        edition: "2024/1", title: "Survey 2024",
        tables: [
            TabBook.Table(
                name: "t1", title: "+First table", question: "Which?", questionKey: "q",
                filter: "has a favourite brand",
                banners: banners),
            TabBook.Table(
                name: "a[very]:long*name?with/forbidden\\characters", title: "Second", question: "Q2",
                questionKey: "q2", filter: nil, banners: [banners[0]]),
            TabBook.Table(
                name: "a_very__long_name_with_forbidden_characters_too", title: "Third", question: "Q3",
                questionKey: "q3", filter: nil, banners: [banners[0]]),
        ],
        significance: SignificanceSpec(levels: [0.95, 0.9]), lowBase: LowBaseSpec(flag: 100, suppress: 30))

    /// The numbers of a row's cells in these 0-based columns (nil where a cell is not a number).
    static func numbers(_ sheet: XLSXWorkbook.Sheet, row: Int, columns: ClosedRange<Int>) -> [Double?] {
        columns.map { sheet.cells[row]?[$0]?.number }
    }

    @Test("One sheet per table, with valid, unique names of at most 31 characters")
    func sheets() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(Self.rows(), under: folder.path)
        #expect(written == WrittenFile(path: "tabbook/edition=2024_1.xlsx", rows: 3))
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        #expect(workbook.sheets.count == 3)
        let names = workbook.sheets.map(\.name)
        #expect(names[0] == "t1")
        #expect(names[1] == "a_very__long_name_with_forbidde")
        #expect(names[2] == "a_very__long_name_with_forbid~2")
        for name in names {
            #expect(name.utf16.count <= 31)
            #expect(!name.contains { "[]:*?/\\".contains($0) })
        }
        #expect(
            workbook.entries == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
            ])
        // Every entry carries the fixed timestamp 1980-01-01 00:00:00 UTC.
        #expect(workbook.dates.allSatisfy { $0 == Date(timeIntervalSince1970: 315_532_800) })
    }

    @Test(
        "Title block, banner headings, labels, letters, bases, values, letters and markers where tab software puts them"
    )
    func layout() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(Self.rows(), under: folder.path)
        let sheet = try XLSXWorkbook(path: folder.file(written.path)).sheets[0]
        // Text that would start a formula gets a leading apostrophe.
        #expect(sheet.cell("A1") == .text("'+First table"))
        #expect(sheet.cell("A2") == .text("Question: Which? [q]"))
        #expect(sheet.cell("A3") == .text("Base: has a favourite brand"))
        #expect(sheet.cell("A4") == .text("Survey 2024 (edition 2024/1)"))
        // Banner headings over their columns (C..E and F..G), labels and letters.
        #expect(sheet.cell("C6") == .text("Customer type"))
        #expect(sheet.cell("F6") == .text("'@Region"))
        #expect(sheet.merges == ["C6:E6", "F6:G6"])
        #expect(
            sheet.cells[7]?.values.compactMap(\.text).sorted() == ["'-Business", "All", "Consumers", "North", "South"])
        #expect(sheet.cell("C8") == nil)
        #expect(sheet.cell("D8") == .text("(A)"))
        #expect(sheet.cell("G8") == .text("(B)"))
        // Bases, then the low-base markers.
        #expect(sheet.cell("A9") == .text("Unweighted base"))
        #expect(Self.numbers(sheet, row: 9, columns: 2...6) == [400, 250, 150, 80, 20])
        #expect(Self.numbers(sheet, row: 10, columns: 2...6) == [500, 312.5, 187.5, 100, 25])
        #expect(Self.numbers(sheet, row: 11, columns: 2...6) == [320, 200, 120, 64, 16])
        #expect(sheet.cell("A12") == .text("Base note"))
        #expect(sheet.cell("E12") == nil)
        #expect(sheet.cell("F12") == .text("*"))
        #expect(sheet.cell("G12") == .text("**"))
        // Answer 1: its label escaped, counts and percentages as numbers; suppressed shows **.
        #expect(sheet.cell("A13") == .text("'=HYPERLINK(\"http://x\")"))
        #expect(sheet.cell("B13") == .text("Count"))
        #expect(Self.numbers(sheet, row: 13, columns: 2...6) == [10, 20, 30, 40, 50])
        #expect(sheet.cell("B14") == .text("%"))
        let percents: [Double?] = [10.0 / 3, 20.0 / 3, 30.0 / 3, 40.0 / 3]
        #expect(Self.numbers(sheet, row: 14, columns: 2...5) == percents)
        #expect(sheet.cell("G14") == .text("**"))
        // Answer 2: the letters row sits under the percentages, in Consumers' column.
        #expect(sheet.cell("A15") == .text("Agree"))
        #expect(sheet.cell("B17") == .text("significantly above"))
        #expect(sheet.cell("D17") == .text("B"))
        #expect(sheet.cells[17]?.count == 2)
        // The legend explains letters and markers.
        let legend = sheet.rowNumbers.filter { $0 > 17 }.compactMap { sheet.cells[$0]?[0]?.text }
        #expect(legend.contains { $0.hasPrefix("Letters:") && $0.contains("95%") && $0.contains("90% only") })
        #expect(legend.contains("* low base: unweighted base below 100, read with caution."))
        #expect(legend.contains("** suppressed: unweighted base below 30, estimates not shown."))
        // Styles: percentages use the percent format, counts the integer format.
        #expect(sheet.styles["C14"] == CellStyle.percent.rawValue)
        #expect(sheet.styles["C13"] == CellStyle.integer.rawValue)
    }

    @Test("XML special and invalid characters, and _xHHHH_ sequences, are written safely")
    func escaping() throws {
        #expect(XMLText.cellText("=1+1") == "'=1+1")
        #expect(XMLText.cellText("+44 20") == "'+44 20")
        #expect(XMLText.cellText("-5") == "'-5")
        #expect(XMLText.cellText("@SUM(A1)") == "'@SUM(A1)")
        #expect(XMLText.cellText("\tx") == "'\tx")
        #expect(XMLText.cellText("a=b") == "a=b")
        // A control character is dropped first, so it cannot hide a formula behind it.
        #expect(XMLText.cellText("\u{1}=x") == "'=x")
        #expect(XMLText.cellText("_x0041_ and _xZZ") == "_x005F_x0041_ and _xZZ")
        #expect(XMLText.escaped("<a & \"b\" 'c'>\u{0}\u{FFFE}") == "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;")

        let rows = [
            Self.row(
                table: "t", banner: "all", column: ("total", "<All & \"every\u{7}one\">", "", 5),
                answer: ("1", "_x0041_"), statistic: "count", value: .integer(5))
        ]
        let book = TabBook(
            edition: "e", title: "T",
            tables: [
                TabBook.Table(
                    name: "t", title: "t", question: "q", questionKey: "q", filter: nil, banners: [Self.banners[0]])
            ], significance: SignificanceSpec(), lowBase: LowBaseSpec())
        let folder = try TemporaryFolder()
        let written = try book.write(rows, under: folder.path)
        let sheet = try XLSXWorkbook(path: folder.file(written.path)).sheets[0]
        #expect(sheet.cells[6]?[2] == .text("<All & \"everyone\">"))
        #expect(sheet.xml.contains("_x005F_x0041_"))
        // No letters and no low bases: the legend has neither line.
        #expect(!sheet.xml.contains("Letters:"))
        #expect(!sheet.xml.contains("low base"))
    }

    @Test("The same rows give byte-identical files")
    func deterministic() throws {
        let first = try TemporaryFolder()
        let second = try TemporaryFolder()
        let a = try Self.book.write(Self.rows(), under: first.path)
        let b = try Self.book.write(Self.rows(), under: second.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first.file(a.path)))
        #expect(!bytes.isEmpty)
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second.file(b.path)))))
    }

    @Test("An unwritable folder is a cannotWrite error (exit 73)")
    func unwritable() throws {
        let folder = try TemporaryFolder()
        try folder.write("tabbook", "a file where the folder should be")
        let error = #expect(throws: TallyError.self) { try Self.book.write(Self.rows(), under: folder.path) }
        #expect(error?.exitCode == 73)
    }
}
