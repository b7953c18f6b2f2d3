import Foundation
import TallyModel
import ZIPFoundation

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

    /// A worksheet made and ready to be packaged: its XML and what the workbook says of it.
    struct Part: Sendable {
        var xml: String
        /// The rows at its top that print on every page, with its first column
        /// (Excel's print titles); 0 for none.
        var titleRows = 0
        /// The columns and rows printed, from the first; 0 columns for the sheet's own extent.
        var printColumns = 0
        var printRows = 0
    }

    /// The package's bytes for worksheets named `sheetNames`, in order, each asked
    /// of `sheet` (by index) when its turn comes; the workbook, which names their
    /// print titles and areas, comes after them.
    /// - Throws: `TallyError.cannotWrite` naming `path` when the archive cannot be
    ///   built; an error `sheet` throws, as it is.
    static func data(sheetNames: [String], path: String, sheet: (Int) throws -> Part) throws -> Data {
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
        try add("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheetNames.count))
        try add("xl/styles.xml", StyleSheet.xml)
        var parts: [Part] = []
        for index in sheetNames.indices {
            var part = try sheet(index)
            try add("xl/worksheets/sheet\(index + 1).xml", part.xml)
            part.xml = ""
            parts.append(part)
        }
        try add("xl/workbook.xml", workbook(sheetNames: sheetNames, parts: parts))
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

    /// The workbook: its sheets, and each sheet's print titles and print area.
    static func workbook(sheetNames: [String], parts: [Part]) -> String {
        var text =
            declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (index, name) in sheetNames.enumerated() {
            text += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        text += "</sheets>"
        var names = ""
        for (index, part) in parts.enumerated() {
            let sheet = "'" + sheetNames[index].replacingOccurrences(of: "'", with: "''") + "'"
            if part.printColumns > 0 {
                let corner = "$\(columnName(part.printColumns - 1))$\(max(1, part.printRows))"
                let area = XMLText.escaped("\(sheet)!$A$1:\(corner)")
                names += #"<definedName name="_xlnm.Print_Area" localSheetId="\#(index)">\#(area)</definedName>"#
            }
            if part.titleRows > 0 {
                let titles = XMLText.escaped("\(sheet)!$A:$A,\(sheet)!$1:$\(part.titleRows)")
                names += #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(index)">\#(titles)</definedName>"#
            }
        }
        if !names.isEmpty { text += "<definedNames>\(names)</definedNames>" }
        return text + "</workbook>"
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

    /// A `<c>` element: numbers as numeric cells, text as an inline string made safe by `XMLText.cellText`.
    static func cell(_ cell: SheetCell, reference: String) -> String {
        let style = cell.style.index == 0 ? "" : #" s="\#(cell.style.index)""#
        switch cell.content {
        case .number(let value):
            guard value.isFinite else { return "" }
            let text = value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : value.description
            return #"<c r="\#(reference)"\#(style)><v>\#(text)</v></c>"#
        case .blank:
            return #"<c r="\#(reference)"\#(style)/>"#
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
