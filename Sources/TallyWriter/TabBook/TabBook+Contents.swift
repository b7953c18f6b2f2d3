import TallyModel

extension TabBook {
    /// The contents sheet's name; no table sheet takes it.
    static let contentsName = "Contents"

    /// The first sheet: the survey, then every table's number, title (a link to its
    /// sheet), question, base and banners, then how the sheets are read.
    func contents(sheetNames: [String]) -> Worksheet {
        var sheet = Worksheet()
        sheet.widths = [5, 46, 52, 34, 34]
        sheet.rows.append([.text(title, CellStyle(.title))])
        var about = "Edition \(edition)"
        if let fieldwork { about += ", fieldwork \(fieldwork.start) to \(fieldwork.end)" }
        let sheetTables = sheetTables
        let counted = grids.isEmpty ? "" : ", \(grids.count) grid summar\(grids.count == 1 ? "y" : "ies")"
        sheet.rows.append([.text(about + ". \(tables.count) tables\(counted).", CellStyle(.note))])
        sheet.rows.append([])
        sheet.rows.append(
            ["#", "Table", "Question", "Base", "Banners"].map { .text($0, CellStyle(.listHeading)) })
        sheet.frozenRows = sheet.rows.count
        for (index, table) in sheetTables.enumerated() {
            let banded = index % 2 == 1
            let row = sheet.rows.count
            sheet.rows.append([
                .number(Double(index + 1), CellStyle(.rank, banded: banded)),
                .text(table.title, CellStyle(.link, banded: banded)),
                .text("\(table.question) [\(table.questionKey)]", CellStyle(.answerLabel, banded: banded)),
                .text(table.baseText, CellStyle(.answerLabel, banded: banded)),
                .text(table.banners.map(\.heading).joined(separator: ", "), CellStyle(.answerLabel, banded: banded)),
            ])
            sheet.links.append(Worksheet.Link(row: row, column: 1, sheet: sheetNames[index + 1]))
            let lines = zip(sheet.rows[row].dropFirst(), sheet.widths.dropFirst()).map { cell, width in
                guard case .text(let text) = cell?.content else { return 1 }
                return TextFit.lines(text, width: width)
            }
            sheet.heights[row] = TextFit.height(lines: lines.max() ?? 1)
        }
        sheet.rows.append([])
        var notes = [
            "Each sheet shows one table: the total, then every banner's columns, each lettered (A, B, C…) under its label."
        ]
        if significance.compare.contains(.columns) {
            notes.append(
                "A letter beside a number: the number is significantly above that column's (see the legend under each table)."
            )
        }
        if significance.compare.contains(.rest) {
            notes.append(
                "▲ or ▼ beside a number: the number is significantly above or below the rest of the table's base (see the legend under each table)."
            )
        }
        notes.append("Percentages are of each column's base; the base rows give unweighted and weighted respondents.")
        for line in notes {
            sheet.rows.append([nil, .text(line, CellStyle(.note))])
        }
        sheet.print = Worksheet.Print(
            scale: 80, columnBreaks: [], footer: "\(title), edition \(edition): contents")
        return sheet
    }
}
