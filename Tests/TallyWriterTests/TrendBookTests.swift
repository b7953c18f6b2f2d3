import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

/// The trends workbook of a multi-edition run, read back cell by cell.
@Suite("Trends workbook")
struct TrendBookTests {
    static func row(
        _ question: String, _ title: String, column: String, answer: String, statistic: String = "percent",
        old: Double?, new: Double?, significant: String = ""
    ) -> TrendBook.Row {
        TrendBook.Row(
            title: title, question: question, banner: "customer", columnLabel: column, rowLabel: answer,
            statistic: statistic, old: old, new: new, difference: old.flatMap { o in new.map { $0 - o } },
            significant: significant)
    }

    static let book = TrendBook(
        survey: "demo",
        comparisons: [
            TrendBook.Comparison(
                oldEdition: "2018", newEdition: "2023",
                rows: [
                    row("q1", "First question", column: "All", answer: "Agree", old: 40, new: 46, significant: "99%"),
                    row("q1", "First question", column: "All", answer: "Disagree", old: 30, new: 29),
                    row("q2", "", column: "All", answer: "", statistic: "mean", old: 3.5, new: 3.2, significant: "95%"),
                ]),
            TrendBook.Comparison(oldEdition: "2023", newEdition: "2024", rows: []),
        ])

    @Test("A sheet per pair of editions; a heading line per question, then its estimates with change and significance")
    func sheets() throws {
        let folder = try TemporaryFolder()
        let written = try Self.book.write(under: folder.path)
        #expect(written == WrittenFile(path: "tabbook/trends.xlsx", rows: 2))
        let workbook = try XLSXWorkbook(path: folder.file(written.path))
        #expect(workbook.sheets.map(\.name) == ["2018 to 2023", "2023 to 2024"])
        let sheet = workbook.sheets[0]
        #expect(sheet.cell("A1") == .text("demo: edition 2018 to edition 2023"))
        #expect(sheet.cell("A2")?.text?.hasPrefix("3 estimates of questions both editions ask") == true)
        #expect(sheet.cell("A2")?.text?.contains("2 changed significantly") == true)
        #expect(sheet.cell("F4") == .text("2018") && sheet.cell("G4") == .text("2023"))
        #expect(sheet.cell("A5") == .text("First question"))
        #expect(sheet.merges.contains("A5:I5"))
        // Agree: 40% to 46%, +6 points, up at 99%.
        #expect(sheet.cell("A6") == .text("q1") && sheet.cell("D6") == .text("Agree"))
        #expect(TabBookTests.numbers(sheet, row: 6, columns: [5, 6, 7]) == [40, 46, 6])
        #expect(sheet.cell("I6") == .text("\u{25B2} 99%"))
        #expect(sheet.cell("I7") == nil || sheet.cell("I7") == .text(""))
        // A question without a title is headed by its key; a mean's line is labelled Mean, down at 95%.
        #expect(sheet.cell("A8") == .text("q2"))
        #expect(sheet.cell("D9") == .text("Mean") && sheet.cell("E9") == .text("Mean"))
        let change = try #require(sheet.cell("H9")?.number)
        #expect(abs(change - -0.3) < 1e-12)
        #expect(sheet.cell("I9") == .text("\u{25BC} 95%"))
        // Filter buttons on the headings over every line; headings frozen and printed on every page.
        #expect(sheet.xml.contains(#"<autoFilter ref="A4:I9"/>"#))
        #expect(sheet.xml.contains(#"ySplit="4""#))
        let titles = workbook.definedNames.first { $0.name == "_xlnm.Print_Titles" && $0.sheet == 0 }
        #expect(titles?.formula.hasSuffix("!$1:$4") == true, "\(String(describing: titles))")
        // Percent points and signed changes.
        let styles = try TabBookTests.styleSheet(folder.file(written.path))
        #expect(styles.formats[styles.xfs[sheet.styles["H6"] ?? 0].format] == "+0.0;-0.0;0.0")
        #expect(styles.formats[styles.xfs[sheet.styles["H9"] ?? 0].format] == "+0.00;-0.00;0.00")
        #expect(styles.formats[styles.xfs[sheet.styles["F6"] ?? 0].format] == #"0"%""#)
    }
}
