import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A cell read back from an `.xlsx` file: a number or a text.
public enum XLSXCell: Sendable, Equatable {
    case number(Double)
    case text(String)

    /// The number, when the cell is numeric.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The text, when the cell holds text.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// An `.xlsx` workbook read back for tests with ZIPFoundation and `XMLParser`:
/// the sheet names in order and each sheet's cells, numeric or inline/shared strings.
public struct XLSXWorkbook: Sendable {
    /// One worksheet: its cells by 1-based row and 0-based column, its merged ranges and its raw XML.
    public struct Sheet: Sendable {
        public var name: String
        public var cells: [Int: [Int: XLSXCell]]
        /// Merged ranges as written (`C5:E5`).
        public var merges: [String]
        /// Style indices (`s`) by cell reference.
        public var styles: [String: Int]
        public var xml: String

        /// The cell at an A1 reference.
        public func cell(_ reference: String) -> XLSXCell? {
            guard let (row, column) = XLSXWorkbook.position(reference) else { return nil }
            return cells[row]?[column]
        }

        /// The row numbers in order.
        public var rowNumbers: [Int] { cells.keys.sorted() }

        /// The first row (at or after `from`) whose cell in `column` holds this text.
        public func row(where column: Int, is text: String, from: Int = 1) -> Int? {
            rowNumbers.first { $0 >= from && cells[$0]?[column] == .text(text) }
        }
    }

    /// A defined name of the workbook (`_xlnm.Print_Titles`…), the sheet it belongs to and its formula.
    public struct DefinedName: Sendable, Equatable {
        public var name: String
        public var sheet: Int?
        public var formula: String
    }

    /// The zip entries' paths, in archive order.
    public var entries: [String]
    /// The workbook's defined names, in order.
    public var definedNames: [DefinedName] = []
    /// The zip entries' modification dates, in archive order.
    public var dates: [Date]
    public var sheets: [Sheet]

    /// Reads a workbook file.
    public init(path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var parts: [String: Data] = [:]
        entries = []
        dates = []
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
            entries.append(entry.path)
            dates.append(entry.fileAttributes[.modificationDate] as? Date ?? .distantPast)
        }
        func part(_ name: String) throws -> Data {
            guard let data = parts[name] else { throw ReadError.missingPart(name) }
            return data
        }
        let workbook = try XMLElements(try part("xl/workbook.xml"))
        definedNames = workbook.elements.filter { $0.name == "definedName" }.map { element in
            DefinedName(
                name: element.attributes["name"] ?? "", sheet: element.attributes["localSheetId"].flatMap(Int.init),
                formula: element.value)
        }
        let relationships = try XMLElements(try part("xl/_rels/workbook.xml.rels"))
        var targets: [String: String] = [:]
        for element in relationships.elements where element.name == "Relationship" {
            targets[element.attributes["Id"] ?? ""] = element.attributes["Target"]
        }
        let shared: [String]
        if let data = parts["xl/sharedStrings.xml"] {
            shared = try XMLElements(data).texts(of: "si")
        } else {
            shared = []
        }
        sheets = []
        for element in workbook.elements where element.name == "sheet" {
            let name = element.attributes["name"] ?? ""
            guard let target = targets[element.attributes["r:id"] ?? ""] else { throw ReadError.missingPart(name) }
            let data = try part(target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
            sheets.append(try Self.sheet(name: name, data: data, shared: shared))
        }
    }

    /// Errors reading a workbook.
    public enum ReadError: Error {
        case missingPart(String)
        case badXML(String)
    }

    static func sheet(name: String, data: Data, shared: [String]) throws -> Sheet {
        let document = try XMLElements(data)
        var sheet = Sheet(
            name: name, cells: [:], merges: [], styles: [:], xml: String(decoding: data, as: UTF8.self))
        for element in document.elements {
            if element.name == "mergeCell" { sheet.merges.append(element.attributes["ref"] ?? "") }
            guard element.name == "c", let reference = element.attributes["r"],
                let (row, column) = position(reference)
            else { continue }
            if let style = element.attributes["s"].flatMap(Int.init) { sheet.styles[reference] = style }
            let cell: XLSXCell
            switch element.attributes["t"] {
            case "inlineStr", "str": cell = .text(element.text)
            case "s": cell = .text(Int(element.value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "")
            case nil where element.value.isEmpty:
                // A cell with a style and no value (a shaded blank).
                continue
            default:
                guard let value = Double(element.value) else { throw ReadError.badXML("cell \(reference) of \(name)") }
                cell = .number(value)
            }
            sheet.cells[row, default: [:]][column] = cell
        }
        return sheet
    }

    /// The 1-based row and 0-based column of an A1 reference.
    public static func position(_ reference: String) -> (Int, Int)? {
        let letters = reference.prefix { $0.isLetter }
        guard !letters.isEmpty, let row = Int(reference.dropFirst(letters.count)) else { return nil }
        var column = 0
        for letter in letters.uppercased().unicodeScalars { column = column * 26 + Int(letter.value) - 64 }
        return (row, column - 1)
    }
}

/// The elements of an XML document flattened in document order, each with its
/// attributes, the text of its `<t>` descendants (`text`) and its `<v>` child (`value`,
/// or a `<definedName>`'s own text).
struct XMLElements {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var value = ""
    }

    var elements: [Element] = []

    init(_ data: Data) throws {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw XLSXWorkbook.ReadError.badXML(parser.parserError.map { "\($0)" } ?? "unknown error")
        }
        elements = collector.elements
    }

    /// The concatenated `<t>` texts of each element with this name.
    func texts(of name: String) -> [String] {
        elements.filter { $0.name == name }.map(\.text)
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        /// Indices of the open elements, innermost last.
        var open: [Int] = []
        var characters = ""

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            open.append(elements.count)
            elements.append(Element(name: elementName, attributes: attributes))
            characters = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            characters += string
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            let closed = open.removeLast()
            if elementName == "t" {
                for index in open { elements[index].text += characters }
            } else if elementName == "v", let parent = open.last {
                elements[parent].value = characters
            } else if elementName == "definedName" {
                elements[closed].value = characters
            }
            characters = ""
        }
    }
}
