/// One worksheet: its rows of cells (nil is an empty cell), cells merged across
/// columns, column widths, the rows and columns frozen at the top left, links to
/// other sheets, and how it prints.
struct Worksheet: Sendable {
    /// A run of cells of one row merged into one (0-based row and columns).
    struct Merge: Sendable, Equatable {
        var row: Int
        var firstColumn: Int
        var lastColumn: Int
    }

    /// A cell that links to the top of another sheet of the workbook.
    struct Link: Sendable, Equatable {
        var row: Int
        var column: Int
        var sheet: String
    }

    /// How the sheet prints: landscape A4 at `scale` percent, new pages before
    /// `columnBreaks` (0-based columns), and a footer.
    struct Print: Sendable, Equatable {
        var scale: Int
        var columnBreaks: [Int]
        /// The footer's left part (the survey and edition); the page number is on the right.
        var footer: String
    }

    var rows: [[SheetCell?]] = []
    var merges: [Merge] = []
    /// Widths in characters, by 0-based column; later columns take the last width.
    var widths: [Double] = []
    /// Row heights in points, by 0-based row, for rows of wrapped text (others take the default).
    var heights: [Int: Double] = [:]
    var frozenRows = 0
    var frozenColumns = 0
    var links: [Link] = []
    var print: Print?
    /// The rows a filter's buttons head (0-based, first to last) across the sheet's columns.
    var filter: ClosedRange<Int>?

    /// The worksheet's XML.
    var xml: String {
        var text = XLSXPackage.declaration
        text += #"<worksheet xmlns="\#(XLSXPackage.mainNamespace)" xmlns:r="\#(XLSXPackage.relationshipNamespace)">"#
        let columnCount = rows.map(\.count).max() ?? 0
        text += sheetViews
        text += columns(count: columnCount)
        text += sheetData(columnCount: columnCount)
        text += autoFilter(columnCount: columnCount) + mergeCells + hyperlinks + printSetup
        return text + "</worksheet>"
    }

    private var sheetViews: String {
        guard frozenRows > 0 || frozenColumns > 0 else { return "" }
        let corner = XLSXPackage.reference(row: frozenRows, column: frozenColumns)
        var pane = ""
        if frozenColumns > 0 { pane += #" xSplit="\#(frozenColumns)""# }
        if frozenRows > 0 { pane += #" ySplit="\#(frozenRows)""# }
        let active = frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : frozenRows > 0 ? "bottomLeft" : "topRight"
        return
            #"<sheetViews><sheetView workbookViewId="0"><pane\#(pane) topLeftCell="\#(corner)" activePane="\#(active)" state="frozen"/></sheetView></sheetViews>"#
    }

    private func columns(count: Int) -> String {
        guard !widths.isEmpty, count > 0 else { return "" }
        var text = "<cols>"
        for (index, width) in widths.enumerated() where index < count {
            let last = index == widths.count - 1 ? count : index + 1
            text += #"<col min="\#(index + 1)" max="\#(last)" width="\#(width)" customWidth="1"/>"#
        }
        return text + "</cols>"
    }

    private func sheetData(columnCount: Int) -> String {
        var text = "<sheetData>"
        // References are made from each column's letters, found once, and each row's number.
        let columnNames = (0..<columnCount).map(XLSXPackage.columnName)
        for (rowIndex, row) in rows.enumerated() where row.contains(where: { $0 != nil }) {
            let rowNumber = String(rowIndex + 1)
            let height = heights[rowIndex].map { #" ht="\#($0)" customHeight="1""# } ?? ""
            text += #"<row r="\#(rowNumber)"\#(height)>"#
            for (columnIndex, cell) in row.enumerated() {
                guard let cell else { continue }
                text += XLSXPackage.cell(cell, reference: columnNames[columnIndex] + rowNumber)
            }
            text += "</row>"
        }
        return text + "</sheetData>"
    }

    private func autoFilter(columnCount: Int) -> String {
        guard let filter, columnCount > 0 else { return "" }
        let first = XLSXPackage.reference(row: filter.lowerBound, column: 0)
        let last = XLSXPackage.reference(row: filter.upperBound, column: columnCount - 1)
        return #"<autoFilter ref="\#(first):\#(last)"/>"#
    }

    private var mergeCells: String {
        guard !merges.isEmpty else { return "" }
        var text = #"<mergeCells count="\#(merges.count)">"#
        for merge in merges {
            let first = XLSXPackage.reference(row: merge.row, column: merge.firstColumn)
            let last = XLSXPackage.reference(row: merge.row, column: merge.lastColumn)
            text += #"<mergeCell ref="\#(first):\#(last)"/>"#
        }
        return text + "</mergeCells>"
    }

    private var hyperlinks: String {
        guard !links.isEmpty else { return "" }
        var text = "<hyperlinks>"
        for link in links {
            let location = XMLText.escaped("'\(link.sheet.replacingOccurrences(of: "'", with: "''"))'!A1")
            text +=
                #"<hyperlink ref="\#(XLSXPackage.reference(row: link.row, column: link.column))" location="\#(location)"/>"#
        }
        return text + "</hyperlinks>"
    }

    private var printSetup: String {
        guard let print else { return "" }
        var text =
            #"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>"#
            + #"<pageSetup paperSize="9" scale="\#(print.scale)" orientation="landscape"/>"#
        let footer = XMLText.escaped(print.footer.replacingOccurrences(of: "&", with: "&&"))
        text +=
            #"<headerFooter><oddFooter>&amp;L&amp;8\#(footer)&amp;R&amp;8Page &amp;P of &amp;N</oddFooter></headerFooter>"#
        if !print.columnBreaks.isEmpty {
            text += #"<colBreaks count="\#(print.columnBreaks.count)" manualBreakCount="\#(print.columnBreaks.count)">"#
            for column in print.columnBreaks { text += #"<brk id="\#(column)" max="1048575" man="1"/>"# }
            text += "</colBreaks>"
        }
        return text
    }
}

extension Worksheet {
    /// Puts another sheet's rows (with their merges and heights) in before row `index`,
    /// moving the rows below down; the panes freeze below them and beside the first column.
    mutating func insert(_ other: Worksheet, at index: Int) {
        let count = other.rows.count
        rows.insert(contentsOf: other.rows, at: index)
        merges =
            merges.map { merge in
                var moved = merge
                if merge.row >= index { moved.row += count }
                return moved
            } + other.merges.map { Merge(row: $0.row + index, firstColumn: $0.firstColumn, lastColumn: $0.lastColumn) }
        var moved: [Int: Double] = [:]
        for (row, height) in heights { moved[row >= index ? row + count : row] = height }
        for (row, height) in other.heights { moved[row + index] = height }
        heights = moved
        frozenRows = index + count
        frozenColumns = 1
    }
}
