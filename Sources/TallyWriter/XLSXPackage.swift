import Foundation
import TallyModel
import ZIPFoundation

/// One cell of a worksheet: text or a number, with a style.
struct SheetCell: Sendable, Equatable {
    /// What a cell holds.
    enum Content: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    var content: Content
    var style: CellStyle

    static func text(_ text: String, _ style: CellStyle = .plain) -> SheetCell {
        SheetCell(content: .text(text), style: style)
    }

    static func number(_ value: Double, _ style: CellStyle) -> SheetCell {
        SheetCell(content: .number(value), style: style)
    }
}

/// The cell formats of `xl/styles.xml`; the raw value is the index into `cellXfs`.
enum CellStyle: Int, Sendable, CaseIterable {
    case plain = 0
    case bold
    /// A banner's heading, bold and centred over its columns.
    case bannerHeading
    /// A column label: bold, centred, wrapped.
    case columnLabel
    /// Centred text: test letters and markers.
    case centered
    /// Whole numbers (`0`).
    case integer
    /// One decimal (`0.0`).
    case oneDecimal
    /// Two decimals (`0.00`).
    case twoDecimals
    /// A percentage held in points (`45.6` shows as `46%`).
    case percent
    /// Notes and legend lines (italic).
    case note

    /// The `<xf>` element of this style in `cellXfs`.
    var xf: String {
        let alignment: String
        switch self {
        case .bannerHeading, .centered: alignment = #"<alignment horizontal="center"/>"#
        case .columnLabel: alignment = #"<alignment horizontal="center" vertical="top" wrapText="1"/>"#
        default: alignment = ""
        }
        let (numberFormat, font): (Int, Int)
        switch self {
        case .plain, .centered: (numberFormat, font) = (0, 0)
        case .bold, .bannerHeading, .columnLabel: (numberFormat, font) = (0, 1)
        case .integer: (numberFormat, font) = (1, 0)
        case .oneDecimal: (numberFormat, font) = (164, 0)
        case .twoDecimals: (numberFormat, font) = (2, 0)
        case .percent: (numberFormat, font) = (165, 0)
        case .note: (numberFormat, font) = (0, 2)
        }
        var attributes = #"numFmtId="\#(numberFormat)" fontId="\#(font)" fillId="0" borderId="0" xfId="0""#
        if numberFormat != 0 { attributes += #" applyNumberFormat="1""# }
        if font != 0 { attributes += #" applyFont="1""# }
        if alignment.isEmpty { return "<xf \(attributes)/>" }
        return #"<xf \#(attributes) applyAlignment="1">\#(alignment)</xf>"#
    }
}

/// One worksheet: its rows of cells (nil is an empty cell), cells merged
/// across columns, column widths and the rows and columns frozen at the top left.
struct Worksheet: Sendable {
    /// A run of cells of one row merged into one (0-based row and columns).
    struct Merge: Sendable, Equatable {
        var row: Int
        var firstColumn: Int
        var lastColumn: Int
    }

    var rows: [[SheetCell?]] = []
    var merges: [Merge] = []
    /// Widths in characters, by 0-based column; later columns take the last width.
    var widths: [Double] = []
    var frozenRows = 0
    var frozenColumns = 0

    /// The worksheet's XML.
    var xml: String {
        var text = XLSXPackage.declaration
        text += #"<worksheet xmlns="\#(XLSXPackage.mainNamespace)" xmlns:r="\#(XLSXPackage.relationshipNamespace)">"#
        let columnCount = rows.map(\.count).max() ?? 0
        if frozenRows > 0 || frozenColumns > 0 {
            let corner = XLSXPackage.reference(row: frozenRows, column: frozenColumns)
            var pane = ""
            if frozenColumns > 0 { pane += #" xSplit="\#(frozenColumns)""# }
            if frozenRows > 0 { pane += #" ySplit="\#(frozenRows)""# }
            let active =
                frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : frozenRows > 0 ? "bottomLeft" : "topRight"
            text +=
                #"<sheetViews><sheetView workbookViewId="0"><pane\#(pane) topLeftCell="\#(corner)" activePane="\#(active)" state="frozen"/></sheetView></sheetViews>"#
        }
        if !widths.isEmpty, columnCount > 0 {
            text += "<cols>"
            for (index, width) in widths.enumerated() where index < columnCount {
                let last = index == widths.count - 1 ? columnCount : index + 1
                text += #"<col min="\#(index + 1)" max="\#(last)" width="\#(width)" customWidth="1"/>"#
            }
            text += "</cols>"
        }
        text += "<sheetData>"
        // References are made from each column's letters, found once, and each row's number.
        let columnNames = (0..<columnCount).map(XLSXPackage.columnName)
        for (rowIndex, row) in rows.enumerated() where row.contains(where: { $0 != nil }) {
            let rowNumber = String(rowIndex + 1)
            text += #"<row r="\#(rowNumber)">"#
            for (columnIndex, cell) in row.enumerated() {
                guard let cell else { continue }
                text += XLSXPackage.cell(cell, reference: columnNames[columnIndex] + rowNumber)
            }
            text += "</row>"
        }
        text += "</sheetData>"
        if !merges.isEmpty {
            text += #"<mergeCells count="\#(merges.count)">"#
            for merge in merges {
                let first = XLSXPackage.reference(row: merge.row, column: merge.firstColumn)
                let last = XLSXPackage.reference(row: merge.row, column: merge.lastColumn)
                text += #"<mergeCell ref="\#(first):\#(last)"/>"#
            }
            text += "</mergeCells>"
        }
        return text + "</worksheet>"
    }
}

/// A minimal Office Open XML spreadsheet package (`.xlsx`): content types, package
/// and workbook relationships, the workbook, a style sheet and one part per
/// worksheet, with inline strings. Entries carry a fixed timestamp, so the same
/// sheets always give the same bytes.
enum XLSXPackage {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    /// Every entry's modification time: 1980-01-01 00:00:00 UTC, the earliest a zip can hold.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)

    /// The package's bytes for worksheets named `sheetNames`, in order, each asked
    /// of `sheetXML` (by index) when its turn comes.
    /// - Throws: `TallyError.cannotWrite` naming `path` when the archive cannot be
    ///   built; an error `sheetXML` throws, as it is.
    static func data(sheetNames: [String], path: String, sheetXML: (Int) throws -> String) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw TallyError.cannotWrite(path: path, message: "cannot build the zip archive: \(error)", errno: nil)
        }
        func add(_ name: String, _ text: String) throws {
            let bytes = Data(text.utf8)
            do {
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: timestamp,
                    permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw TallyError.cannotWrite(path: path, message: "cannot build the zip archive: \(error)", errno: nil)
            }
        }
        try add("[Content_Types].xml", contentTypes(sheetCount: sheetNames.count))
        try add("_rels/.rels", packageRelationships)
        try add("xl/workbook.xml", workbook(sheetNames: sheetNames))
        try add("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheetNames.count))
        try add("xl/styles.xml", styles)
        for index in sheetNames.indices {
            try add("xl/worksheets/sheet\(index + 1).xml", try sheetXML(index))
        }
        guard let data = archive.data else {
            throw TallyError.cannotWrite(path: path, message: "the zip archive has no data", errno: nil)
        }
        return data
    }

    static func contentTypes(sheetCount: Int) -> String {
        var text =
            declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in 0..<sheetCount {
            text +=
                #"<Override PartName="/xl/worksheets/sheet\#(index + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return text + "</Types>"
    }

    static let packageRelationships =
        declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(sheetNames: [String]) -> String {
        var text =
            declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (index, name) in sheetNames.enumerated() {
            text += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return text + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var text = declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        for index in 0..<sheetCount {
            text +=
                #"<Relationship Id="rId\#(index + 1)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        text +=
            #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        return text + "</Relationships>"
    }

    static let styles: String = {
        let font = { (face: String) in #"<font>\#(face)<sz val="11"/><name val="Calibri"/><family val="2"/></font>"# }
        let xfs = CellStyle.allCases.map(\.xf).joined()
        return declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
            + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0&quot;%&quot;"/></numFmts>"#
            + #"<fonts count="3">\#(font(""))\#(font("<b/>"))\#(font("<i/>"))</fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="\#(CellStyle.allCases.count)">\#(xfs)</cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }()

    /// A `<c>` element: numbers as numeric cells, text as an inline string made safe by `XMLText.cellText`.
    static func cell(_ cell: SheetCell, reference: String) -> String {
        let style = cell.style == .plain ? "" : #" s="\#(cell.style.rawValue)""#
        switch cell.content {
        case .number(let value):
            guard value.isFinite else { return "" }
            let text = value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : value.description
            return #"<c r="\#(reference)"\#(style)><v>\#(text)</v></c>"#
        case .text(let text):
            let safe = XMLText.escaped(XMLText.cellText(text))
            return #"<c r="\#(reference)"\#(style) t="inlineStr"><is><t xml:space="preserve">\#(safe)</t></is></c>"#
        }
    }

    /// An A1 reference for a 0-based row and column (`A1`, `AB12`).
    static func reference(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// The letters of a 0-based column: `A`…`Z`, `AA`…
    static func columnName(_ column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }
}

/// Text made safe for a spreadsheet cell and for XML.
enum XMLText {
    /// The characters that make a spreadsheet (or a CSV exported from it) read a
    /// text cell as a formula when they come first.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell's text with characters XML 1.0 cannot hold dropped, `_xHHHH_`
    /// sequences protected (Excel would decode them) and, when it would start
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return, a leading apostrophe `'`.
    static func cellText(_ text: String) -> String {
        var clean = String(String.UnicodeScalarView(text.unicodeScalars.filter(isAllowed)))
        clean = protectingEscapes(clean)
        if let first = clean.first, formulaStarts.contains(first) { clean = "'" + clean }
        return clean
    }

    /// Text escaped for XML character data and attribute values, with characters XML 1.0 cannot hold dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether XML 1.0 allows the character: tab, line feed, carriage return, and
    /// everything from U+0020 except U+FFFE and U+FFFF (Swift strings hold no surrogates).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// `_x0041_` in a cell is read by Excel as the character U+0041; the
    /// underscore of such a sequence is written as `_x005F_` so the text reads back as written.
    static func protectingEscapes(_ text: String) -> String {
        guard text.contains("_x") || text.contains("_X") else { return text }
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_", index + 6 < characters.count,
                characters[index + 1] == "x" || characters[index + 1] == "X",
                characters[(index + 2)...(index + 5)].allSatisfy(\.isHexDigit), characters[index + 6] == "_"
            {
                result += "_x005F_"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
