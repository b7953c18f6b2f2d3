import Foundation
import TallyAggregator
import TallyModel
import TallyTestSupport
import Testing
import ZIPFoundation

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
        edition: "2024/1", title: "Survey 2024", fieldwork: Fieldwork(start: "2024-01-01", end: "2024-02-01"),
        tables: [
            TabBook.Table(
                name: "t1", title: "+First table", question: "Which?", questionKey: "q",
                baseText: "Has a favourite brand", banners: banners, statistics: ["percent", "count"]),
            TabBook.Table(
                name: "t2", title: "A title [with] forbidden: characters* and more words than fit", question: "Q2",
                questionKey: "q2", baseText: "All respondents", banners: [banners[0]]),
            TabBook.Table(
                name: "t3", title: "A title [with] forbidden: characters* and more words than fit too",
                question: "Q3", questionKey: "q3", baseText: "All respondents", banners: [banners[0]]),
        ],
        significance: SignificanceSpec(levels: [0.95, 0.9], method: .effectiveBase),
        lowBase: LowBaseSpec(flag: 100, suppress: 30))

    /// The numbers of a row's cells in these 0-based columns (nil where a cell is not a number).
    static func numbers(_ sheet: XLSXWorkbook.Sheet, row: Int, columns: [Int]) -> [Double?] {
        columns.map { sheet.cells[row]?[$0]?.number }
    }

    /// The number formats and cell formats of a workbook's `xl/styles.xml`, read with regular expressions.
    struct Styles {
        struct Format {
            var format: Int
            var bold: Bool
        }
        var formats: [Int: String]
        var xfs: [Format]
    }

    static func styleSheet(_ path: String) throws -> Styles {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let entry = try #require(archive["xl/styles.xml"])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        let xml = String(decoding: data, as: UTF8.self)
        func matches(_ pattern: String, in text: String) -> [[String]] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
                (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
            }
        }
        var formats: [Int: String] = [:]
        for match in matches(#"<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/>"#, in: xml) {
            formats[Int(match[0])!] = match[1].replacingOccurrences(of: "&quot;", with: "\"")
        }
        let fonts = matches(#"<font>(.*?)</font>"#, in: xml).map { $0[0].contains("<b/>") }
        let cellXfs = matches(#"<cellXfs[^>]*>(.*)</cellXfs>"#, in: xml).first?.first ?? ""
        let xfs = matches(#"<xf numFmtId="(\d+)" fontId="(\d+)""#, in: cellXfs).map {
            Styles.Format(format: Int($0[0])!, bold: fonts[Int($0[1])!])
        }
        return Styles(formats: formats, xfs: xfs)
    }

    @Test("A contents sheet, then one sheet per table named from its title: valid, unique, at most 31 characters")
    func sheets() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(Self.rows(), under: folder.path)
        #expect(written == WrittenFile(path: "tabbook/edition=2024_1.xlsx", rows: 3))
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        let names = workbook.sheets.map(\.name)
        #expect(names == ["Contents", "+First table", "A title _with_ forbidden_…", "A title _with_ forbidden_…~2"])
        for name in names {
            #expect(name.utf16.count <= 31)
            #expect(!name.contains { "[]:*?/\\".contains($0) })
        }
        #expect(
            workbook.entries == [
                "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                "xl/worksheets/sheet4.xml", "xl/workbook.xml",
            ])
        // Every entry carries the fixed timestamp 1980-01-01 00:00:00 UTC.
        #expect(workbook.dates.allSatisfy { $0 == Date(timeIntervalSince1970: 315_532_800) })

        // The contents: a row per table, its title a link to the top of its sheet.
        let contents = workbook.sheets[0]
        #expect(contents.cell("A1") == .text("Survey 2024"))
        #expect(contents.cell("A2") == .text("Edition 2024/1, fieldwork 2024-01-01 to 2024-02-01. 3 tables."))
        #expect(contents.cell("B5") == .text("'+First table"))
        #expect(contents.cell("C5") == .text("Which? [q]"))
        #expect(contents.cell("D5") == .text("Has a favourite brand"))
        #expect(contents.cell("E5") == .text("Customer type, @Region"))
        #expect(contents.xml.contains(#"<hyperlink ref="B5" location="&apos;+First table&apos;!A1"/>"#))
        #expect(contents.xml.contains(#"location="&apos;A title _with_ forbidden_…~2&apos;!A1""#))
    }

    /// The sheet of `t1`: columns B-C the total (number, letters), D-E Consumers (A),
    /// F-G -Business (B), H-I North (C, low base), J-K South (D, suppressed).
    @Test("One total column, then every banner's columns lettered across the sheet, letters beside their numbers")
    func layout() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(Self.rows(), under: folder.path)
        let sheet = try XLSXWorkbook(path: folder.file(written.path)).sheets[1]
        // Text that would start a formula gets a leading apostrophe.
        #expect(sheet.cell("A1") == .text("'+First table"))
        #expect(sheet.cell("A2") == .text("Which? [q]"))
        #expect(sheet.cell("A3") == .text("Base: Has a favourite brand"))
        #expect(sheet.cell("A4") == .text("Survey 2024, edition 2024/1"))
        // One total, then the banners' headings over their columns' numbers and letters.
        #expect(sheet.cell("B6") == .text("Total"))
        #expect(sheet.cell("D6") == .text("Customer type"))
        #expect(sheet.cell("H6") == .text("'@Region"))
        #expect(sheet.merges.prefix(3) == ["B6:C6", "D6:G6", "H6:K6"])
        #expect(sheet.cell("B7") == .text("All"))
        #expect(sheet.cell("F7") == .text("'-Business"))
        #expect(sheet.cell("J7") == .text("South"))
        // Letters run across the sheet: region's own A and B are C and D here.
        #expect(
            [sheet.cell("B8"), sheet.cell("D8"), sheet.cell("F8"), sheet.cell("H8"), sheet.cell("J8")] == [
                nil, .text("A"), .text("B"), .text("C"), .text("D"),
            ])
        // Bases with separators' format, low-base markers beside them.
        #expect(sheet.cell("A9") == .text("Unweighted base"))
        #expect(Self.numbers(sheet, row: 9, columns: [1, 3, 5, 7, 9]) == [400, 250, 150, 80, 20])
        #expect(sheet.cell("I9") == .text("*"))
        #expect(sheet.cell("K9") == .text("**"))
        #expect(sheet.cell("A10") == .text("Weighted base"))
        #expect(Self.numbers(sheet, row: 10, columns: [1, 3, 5, 7, 9]) == [500, 312.5, 187.5, 100, 25])
        // Answer 1: percentages first (the label escaped), then counts; suppressed shows **.
        #expect(sheet.cell("A11") == .text("'=HYPERLINK(\"http://x\")"))
        let percents: [Double?] = [10.0 / 3, 20.0 / 3, 30.0 / 3, 40.0 / 3]
        #expect(Self.numbers(sheet, row: 11, columns: [1, 3, 5, 7]) == percents)
        #expect(sheet.cell("I11") == .text("*"))
        #expect(sheet.cell("J11") == .text("**"))
        #expect(sheet.cell("A12") == .text("Count"))
        #expect(Self.numbers(sheet, row: 12, columns: [1, 3, 5, 7, 9]) == [10, 20, 30, 40, 50])
        // Answer 2: Consumers is above -Business, whose letter is B, beside its percentage.
        #expect(sheet.cell("A13") == .text("Agree"))
        #expect(sheet.cell("E13") == .text("B"))
        #expect(sheet.cell("G13") == nil)
        // The legend explains the test, the letters' case, and the markers used.
        let legend = sheet.rowNumbers.filter { $0 > 15 }.compactMap { sheet.cells[$0]?[0]?.text }
        #expect(
            legend.first
                == "Letters: the number is significantly above the lettered column of the same banner (two-sided z-test on effective bases, as independent samples, 95%; lower case: 90% only). The total is not tested, nor columns with fewer than 100 respondents."
        )
        #expect(legend.contains("* low base: fewer than 100 respondents; read with caution."))
        #expect(legend.contains("** suppressed: fewer than 30 respondents; estimates not shown."))
        // Percentages in the points format (0"%") and bold; counts with thousands separators.
        let styles = try Self.styleSheet(folder.file(written.path))
        #expect(styles.formats[styles.xfs[sheet.styles["B11"] ?? 0].format] == #"0"%""#)
        #expect(styles.xfs[sheet.styles["B11"] ?? 0].bold)
        #expect(styles.xfs[sheet.styles["B12"] ?? 0].format == 3)
    }

    @Test("Print setup: landscape A4, title block and labels repeated, the print area, a footer")
    func printSetup() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(Self.rows(), under: folder.path)
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        let sheet = workbook.sheets[1]
        #expect(sheet.xml.contains(#"<pageSetup paperSize="9" scale="100" orientation="landscape"/>"#))
        #expect(sheet.xml.contains("&amp;L&amp;8Survey 2024, edition 2024/1: +First table"))
        #expect(sheet.xml.contains("Page &amp;P of &amp;N"))
        // Frozen below the letters row (8) and beside the labels.
        #expect(sheet.xml.contains(#"<pane xSplit="1" ySplit="8" topLeftCell="B9""#))
        let names = workbook.definedNames.filter { $0.sheet == 1 }
        #expect(
            names.map(\.name) == ["_xlnm.Print_Area", "_xlnm.Print_Titles"]
                && names.last?.formula == "'+First table'!$A:$A,'+First table'!$1:$8")
        // Eleven columns (labels, then five numbers and their letters), every row down to the legend.
        #expect(names.first?.formula == "'+First table'!$A$1:$K$\(sheet.rowNumbers.last ?? 0)")
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
                    name: "t", title: "t", question: "q", questionKey: "q", baseText: "All",
                    banners: [Self.banners[0]], statistics: ["count"])
            ], significance: SignificanceSpec(), lowBase: LowBaseSpec())
        let folder = try TemporaryFolder()
        let written = try book.write(rows, under: folder.path)
        let sheet = try XLSXWorkbook(path: folder.file(written.path)).sheets[1]
        #expect(sheet.cells[7]?[1] == .text("<All & \"everyone\">"))
        #expect(sheet.xml.contains("_x005F_x0041_"))
        // No letters and no low bases: the legend has neither line.
        #expect(!sheet.xml.contains("Letters:"))
        #expect(!sheet.xml.contains("low base"))
    }

    @Test("The design's test and the rest of the sample: the legend says both, a cell its letters then ▲")
    func designAndRest() throws {
        var book = Self.book
        book.significance = SignificanceSpec(levels: [0.95, 0.9], method: .design, compare: [.columns, .rest])
        let rows = Self.rows().map { row in
            var row = row
            if row.columnCode == "C" && row.rowCode == "2" && row.statistic == "percent" { row.significantOver = "B▲" }
            if row.columnCode == "B" && row.rowCode == "2" && row.statistic == "percent" { row.significantOver = "▽" }
            return row
        }
        let folder = try TemporaryFolder()
        let written = try book.write(rows, under: folder.path)
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        let sheet = workbook.sheets[1]
        #expect(workbook.sheets[0].xml.contains("▲ or ▼ beside a number: the number is significantly above or below"))
        #expect(sheet.cell("E13") == .text("B▲"))
        #expect(sheet.cell("G13") == .text("▽"))
        let legend = sheet.rowNumbers.filter { $0 > 15 }.compactMap { sheet.cells[$0]?[0]?.text }
        #expect(
            legend.prefix(2) == [
                "Letters: the number is significantly above the lettered column of the same banner (two-sided z-test of the difference with its standard error from the design, the covariance through the weighting included, 95%; lower case: 90% only).",
                "▲ ▼: the number is significantly above or below the rest of the table's base, everyone outside the column (two-sided z-test of the difference with its standard error from the design, the covariance through the weighting included, 95%; △ ▽: 90% only). The total is not tested, nor columns with fewer than 100 respondents.",
            ])
    }

    @Test("A table's tests of independence are lines under it, above the legend; an undefined one says why")
    func independence() throws {
        // The hand-made sample's experience by country (R's svychisq, rounded).
        let tested = IndependenceTest(
            banner: "all", table: "t1", question: "q", rows: 5, columns: 5, respondents: 248,
            statistics: RaoScott(
                chiSquare: 29.716013, degreesOfFreedom: 16, pChiSquare: 0.0195317, f: 1.8572508,
                numeratorDegrees: 13.792463, denominatorDegrees: 3861.8896, pF: 0.0270070, meanDesignEffect: 1.3674490))
        let undefined = IndependenceTest(
            banner: "region", table: "t1", question: "q", rows: 1, columns: 1, respondents: 80, emptyRows: ["2"],
            emptyColumns: ["S", "X"], undefined: .fewerThanTwoRows)
        let rows = Self.rows()
        let folder = try TemporaryFolder()
        let written = try Self.book.write(under: folder.path) { index in
            Self.book.sheet(
                ofTable: index, rows: rows.filter { $0.table == "t\(index + 1)" },
                independence: index == 0 ? [tested, undefined] : [])
        }
        let sheet = try XLSXWorkbook(path: folder.file(written.path)).sheets[1]
        let legend = sheet.rowNumbers.filter { $0 > 15 }.compactMap { sheet.cells[$0]?[0]?.text }
        #expect(
            Array(legend.prefix(3)) == [
                "Independence of answers and Customer type: Rao-Scott F(13.79, 3861.9) = 1.86, p = 0.027, significant at 95%; first-order χ²(16) = 29.72, p = 0.020; mean design effect 1.37.",
                "Independence of answers and @Region: not tested: fewer than two answers have respondents. Left out, without respondents: answers Agree; columns South, X.",
                "Letters: the number is significantly above the lettered column of the same banner (two-sided z-test on effective bases, as independent samples, 95%; lower case: 90% only). The total is not tested, nor columns with fewer than 100 respondents.",
            ])
        // Significant at the lower level only, not at all, and a p-value below 0.001.
        func line(_ p: Double, _ levels: [Double]) -> String {
            var test = tested
            test.statistics?.pF = p
            return TabBook.independenceLine(
                test, heading: "X", significantAt: IndependenceFiles.significance(p, levels: levels))
        }
        #expect(line(0.07, [0.95, 0.9]).contains("p = 0.070, significant at 90%;"))
        #expect(line(0.2, [0.95, 0.9]).contains("p = 0.200, not significant;"))
        #expect(line(0.0004, [0.95]).contains("p < 0.001, significant at 95%;"))
    }

    @Test("Number columns widen for counts grossed up to a population (1,200,000), and only then")
    func wideNumbers() throws {
        let table = Self.book.tables[0]
        #expect(Self.book.sheet(for: table, rows: Self.rows()).widths[1] == TabBook.numberWidth)
        let grossed = Self.rows().map { row in
            var row = row
            row.weightedBase *= 10_000  // the total's 500 becomes 5,000,000: 9 characters
            return row
        }
        let widths = Self.book.sheet(for: table, rows: grossed).widths
        #expect(widths[1] == 9.5)
        #expect(widths.indices.filter { $0 % 2 == 1 }.allSatisfy { widths[$0] == 9.5 })
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
