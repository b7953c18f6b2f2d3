import Foundation
import TallyTestSupport
import Testing

/// End-to-end: `tally run` writes `tabbook/edition=E.xlsx`, and reading it back
/// gives the numbers, letters and bases of the tidy tables.
@Suite("tally run, the Excel tab book")
struct TabBookCommandTests {
    /// The tidy rows of every banner of the hand-made run, keyed by header name.
    static func tidyRows(in output: String) throws -> [[String: String]] {
        var rows: [[String: String]] = []
        for banner in ["customer", "generation", "country"] {
            let csv = try readCSV(output + "/tables/edition=handmade/banner=\(banner)/part-00000.csv")
            guard let header = csv.first else { continue }
            for line in csv.dropFirst() {
                var row = Dictionary(zip(header, line), uniquingKeysWith: { first, _ in first })
                row["banner"] = banner
                rows.append(row)
            }
        }
        return rows
    }

    /// The 0-based sheet column of a banner column, found by the banner heading
    /// above (its first column) and the column label in the labels row.
    static func column(
        _ sheet: XLSXWorkbook.Sheet, heading: String, label: String, headingRow: Int
    ) throws -> Int {
        let headings = try #require(sheet.cells[headingRow])
        let start = try #require(headings.first { $0.value == .text(heading) }?.key)
        let labels = try #require(sheet.cells[headingRow + 1])
        return try #require(labels.filter { $0.key >= start && $0.value == .text(label) }.map(\.key).min())
    }

    @Test("One sheet per table; values, letters and bases equal the tables CSV; reruns are byte-identical")
    func handmade() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("first")
        let second = folder.file("second")
        for output in [first, second] {
            let result = try TallyCommand.run(["run", "Fixtures/handmade/pipeline.yaml", "--output", output])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let path = first + "/tabbook/edition=handmade.xlsx"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second + "/tabbook/edition=handmade.xlsx"))))
        let manifest = try String(contentsOfFile: first + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"path\" : \"tabbook/edition=handmade.xlsx\""))

        let workbook = try XLSXWorkbook(path: path)
        let rows = try Self.tidyRows(in: first)
        var tables: [String] = []
        for row in rows where !tables.contains(row["table_name"]!) { tables.append(row["table_name"]!) }
        #expect(workbook.sheets.count == tables.count)
        #expect(Set(workbook.sheets.map(\.name)) == Set(tables))

        let sheet = try #require(workbook.sheets.first { $0.name == "experience" })
        #expect(sheet.cell("A1") == .text("Experience is as important as products and services"))
        let headingRow = try #require(sheet.row(where: 2, is: "Customer type"))
        let consumers = try Self.column(sheet, heading: "Customer type", label: "Consumers", headingRow: headingRow)
        let japan = try Self.column(sheet, heading: "Country", label: "Japan", headingRow: headingRow)
        let total = try Self.column(sheet, heading: "Customer type", label: "Customers", headingRow: headingRow)
        #expect(sheet.cells[headingRow + 2]?[consumers] == .text("(A)"))
        #expect(sheet.cells[headingRow + 2]?[total] == nil)

        // Bases and values from the tidy tables, compared cell by cell.
        func tidy(_ banner: String, _ column: String, _ row: String, _ statistic: String) throws -> [String: String] {
            try #require(
                rows.first {
                    $0["table_name"] == "experience" && $0["banner"] == banner && $0["column_code"] == column
                        && $0["row_code"] == row && $0["statistic"] == statistic
                })
        }
        let agreeConsumers = try tidy("customer", "C", "4", "percent")
        let unweighted = try #require(sheet.row(where: 0, is: "Unweighted base"))
        #expect(sheet.cells[unweighted]?[consumers]?.number == Double(agreeConsumers["unweighted_base"]!))
        #expect(sheet.cells[unweighted + 1]?[consumers]?.number == Double(agreeConsumers["weighted_base"]!))
        #expect(sheet.cells[unweighted + 2]?[consumers]?.number == Double(agreeConsumers["effective_base"]!))

        let agree = try #require(sheet.row(where: 0, is: "Agree"))
        let count = try tidy("customer", "C", "4", "count")
        #expect(sheet.cells[agree]?[1] == .text("Count"))
        #expect(sheet.cells[agree]?[consumers]?.number == Double(count["value"]!))
        #expect(sheet.cells[agree + 1]?[1] == .text("Weighted count"))
        #expect(sheet.cells[agree + 2]?[1] == .text("%"))
        #expect(sheet.cells[agree + 2]?[consumers]?.number == Double(agreeConsumers["value"]!))
        let agreeJapan = try tidy("country", "JP", "4", "percent")
        #expect(sheet.cells[agree + 2]?[japan]?.number == Double(agreeJapan["value"]!))

        // Every significance letter of the CSV is under its percentage, and no other.
        var lettered = 0
        for label in ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"] {
            let line = try #require(sheet.row(where: 0, is: label))
            let percent = try #require(sheet.row(where: 1, is: "%", from: line))
            let code = rows.first { $0["table_name"] == "experience" && $0["row_label"] == label }!["row_code"]!
            let letters = sheet.cells[percent + 1]?[1] == .text("significantly above") ? sheet.cells[percent + 1] : nil
            for (heading, banner) in [
                ("Customer type", "customer"), ("Generation", "generation"), ("Country", "country"),
            ] {
                for row in rows
                where row["table_name"] == "experience" && row["banner"] == banner && row["row_code"] == code
                    && row["statistic"] == "percent"
                {
                    let column = try Self.column(
                        sheet, heading: heading, label: row["column_label"]!, headingRow: headingRow)
                    let over = row["significant_over"]!
                    #expect(letters?[column] == (over.isEmpty ? nil : .text(over)), "\(label) \(row["column_label"]!)")
                    if !over.isEmpty { lettered += 1 }
                }
            }
        }
        #expect(lettered > 0)
        // Low-base columns (every generation column has fewer than 100 respondents) are marked.
        let note = try #require(sheet.row(where: 0, is: "Base note"))
        let boomers = try Self.column(sheet, heading: "Generation", label: "Baby boomers", headingRow: headingRow)
        #expect(sheet.cells[note]?[boomers] == .text("*"))
        #expect(sheet.cells[note]?[consumers] == nil)
    }
}
