import Foundation
import TallyAggregator
import TallyModel

/// The Excel tab book of one edition, `tabbook/edition=E.xlsx`: a contents sheet,
/// then one sheet per table, laid out as market-research tab books are.
///
/// Each table's sheet (see `PresentedTable`) has a title block (title, question,
/// base text), one total column and then every banner's columns, with test
/// letters unique across the sheet printed under the column labels and beside
/// every number they qualify; the base rows; and under each answer the statistics
/// the definition's `tab_book` shows, percentages first. Columns without
/// respondents show a dash, suppressed estimates `**`, low-base columns `*`
/// beside their numbers; a legend says the test, its level and correction. Every
/// sheet is set up to print: landscape A4, the title block and the label column
/// repeated on every page, page breaks between banners, scaled so that a table
/// fits in as few pages as it can at a readable size (see `PrintLayout`).
/// Numbers are numeric cells in full precision (percentages in points, shown as
/// `46%`); text cells are made safe by `XMLText.cellText`.
public struct TabBook: Sendable {
    /// What a sheet shows about one table besides its rows.
    public struct Table: Sendable, Equatable {
        /// The table's name (the `table_name` column of the tidy files).
        public var name: String
        /// The table's title, the sheet's first line and the base of its name.
        public var title: String
        /// The question text.
        public var question: String
        /// The stable question key.
        public var questionKey: String
        /// Who the percentages are of, in words.
        public var baseText: String
        /// The banners, in order.
        public var banners: [Banner]
        /// The statistics shown under each answer, in order (`percent`, `count`…).
        public var statistics: [String]
        /// Where each net goes, by its row code (`net1`…); nets not named stay where they are.
        public var netPlaces: [String: NetPlace]

        /// A table's sheet description.
        public init(
            name: String, title: String, question: String, questionKey: String, baseText: String,
            banners: [Banner], statistics: [String] = ["percent", "mean", "sd", "ratio", "less_likely"],
            netPlaces: [String: NetPlace] = [:]
        ) {
            self.name = name
            self.title = title
            self.question = question
            self.questionKey = questionKey
            self.baseText = baseText
            self.banners = banners
            self.statistics = statistics
            self.netPlaces = netPlaces
        }

        /// Answers (row codes and labels, in first-seen order) with every net moved to
        /// its place, nets of one place in their own order; nets without a place, or
        /// whose member is not among the answers, stay where they are.
        func ordered(_ answers: [(code: String, label: String)]) -> [(code: String, label: String)] {
            var ordered = answers.filter { netPlaces[$0.code] == nil }
            var topCount = 0
            for answer in answers {
                guard let place = netPlaces[answer.code] else { continue }
                switch place {
                case .top:
                    ordered.insert(answer, at: topCount)
                    topCount += 1
                case .bottom:
                    ordered.append(answer)
                case .before(let code):
                    let index = ordered.firstIndex { $0.code == code }
                    ordered.insert(answer, at: index ?? ordered.count)
                case .after(let code):
                    guard var position = ordered.firstIndex(where: { $0.code == code }).map({ $0 + 1 }) else {
                        ordered.append(answer)
                        continue
                    }
                    // After the member and the nets already put after it.
                    while position < ordered.count, netPlaces[ordered[position].code] == place { position += 1 }
                    ordered.insert(answer, at: position)
                }
            }
            return ordered
        }
    }

    /// Where a net's row goes among a table's answers.
    public enum NetPlace: Sendable, Equatable {
        /// Just after the answer with this row code.
        case after(String)
        /// Just before the answer with this row code.
        case before(String)
        /// Above every answer.
        case top
        /// Below every answer.
        case bottom
    }

    /// A banner of a table: its name in the rows and the heading shown over its columns.
    public struct Banner: Sendable, Equatable {
        /// The banner's name, as in the `banner=` partitions.
        public var name: String
        /// The heading over its columns.
        public var heading: String

        /// A banner of a sheet.
        public init(name: String, heading: String) {
            self.name = name
            self.heading = heading
        }
    }

    /// The edition, as in `edition=E`.
    public var edition: String
    /// The survey edition's title.
    public var title: String
    /// Fieldwork dates, for the contents sheet.
    public var fieldwork: Fieldwork?
    /// The tables, one sheet each, in order.
    public var tables: [Table]
    /// The column tests' levels, correction and minimum base, for the legend.
    public var significance: SignificanceSpec
    /// The low-base thresholds, for the legend.
    public var lowBase: LowBaseSpec
    /// The base rows every table sheet shows.
    public var bases: [TabBookSpec.BaseRow]
    /// The grid summaries, one sheet each after the tables'.
    public var grids: [Grid]

    /// A tab book of the given tables.
    public init(
        edition: String, title: String, fieldwork: Fieldwork? = nil, tables: [Table],
        significance: SignificanceSpec, lowBase: LowBaseSpec, bases: [TabBookSpec.BaseRow] = [.unweighted, .weighted],
        grids: [Grid] = []
    ) {
        self.edition = edition
        self.title = title
        self.fieldwork = fieldwork
        self.tables = tables
        self.grids = grids
        self.significance = significance
        self.lowBase = lowBase
        self.bases = bases
    }

    /// The tab book of every table of a definition. Banner headings are the
    /// banner field's label (the banner's name when it has no field).
    public init(definition: PipelineDefinition) {
        let tables = definition.tables.map { table in
            let field = definition.field(named: table.field)
            return Table(
                name: table.name, title: table.title, question: field?.label ?? table.field,
                questionKey: table.questionKey, baseText: definition.baseText(of: table),
                banners: table.banners.map { name in
                    let banner = definition.banner(named: name)
                    let heading = banner?.field.flatMap { definition.field(named: $0)?.label } ?? name
                    return Banner(name: name, heading: heading)
                },
                statistics: Self.shown(definition.tabBook.statistics(of: table)),
                netPlaces: field.map(Self.netPlaces) ?? [:])
        }
        self.init(
            edition: definition.edition, title: definition.title, fieldwork: definition.fieldwork, tables: tables,
            significance: definition.significance, lowBase: definition.lowBase, bases: definition.tabBook.bases,
            grids: definition.tabBook.grids.map { Grid($0, definition: definition, tables: tables) })
    }

    /// What every sheet after the contents shows, in order: the tables, then the grids.
    var sheetTables: [Table] {
        tables + grids.map(\.table)
    }

    /// The statistics' names; a ratio's inverse ("x less likely") comes with it.
    public static func shown(_ statistics: [Statistic]) -> [String] {
        var names = statistics.map(\.rawValue)
        if statistics.contains(.ratio), !statistics.contains(.lessLikely),
            let index = names.firstIndex(of: Statistic.ratio.rawValue)
        {
            names.insert(Statistic.lessLikely.rawValue, at: index + 1)
        }
        return names
    }

    /// Each net's row code (`net1`…) and its place: by its `position`, next to its
    /// last or first member, or above or below every answer.
    static func netPlaces(of field: Field) -> [String: NetPlace] {
        var places: [String: NetPlace] = [:]
        for (index, net) in field.nets.enumerated() {
            guard let first = net.members.min(), let last = net.members.max() else { continue }
            func code(_ member: Int) -> String {
                if case .multi(let spec) = field.kind { return spec.options[member].column }
                return field.categories[member].code
            }
            let place: NetPlace
            switch net.position {
            case .after: place = .after(code(last))
            case .before: place = .before(code(first))
            case .top: place = .top
            case .bottom: place = .bottom
            }
            places["net\(index + 1)"] = place
        }
        return places
    }

    /// The tab book's path below an output folder: `tabbook/edition=E.xlsx`, with
    /// the edition sanitised as partition values are.
    public var relativePath: String {
        "tabbook/edition=\(PartitionName.sanitized(edition)).xlsx"
    }

    /// Writes the tab book of these (marked) rows below `root`.
    /// - Returns: the file written, relative to `root`, with its number of sheets as its rows.
    /// - Throws: `TallyError.cannotWrite` when the folder or file cannot be written.
    public func write(_ rows: [ResultRow], under root: String) throws -> WrittenFile {
        var byTable: [Int: [ResultRow]] = [:]
        let indices = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
        for row in rows {
            if let index = indices[row.table] { byTable[index, default: []].append(row) }
        }
        return try write(under: root) { index in
            index < tables.count
                ? sheet(ofTable: index, rows: byTable[index] ?? [])
                : sheet(ofGrid: index - tables.count) { byTable[$0] ?? [] }
        }
    }

    /// The sheet of the `index`-th table, made from the table's (marked) rows and its
    /// tests of independence by banner (footer lines); sheets are made table by table,
    /// so that they can be made at once.
    public func sheet(ofTable index: Int, rows: [ResultRow], independence: [IndependenceTest] = []) -> TabBookSheet {
        Self.package(sheet(for: tables[index], rows: rows, independence: independence))
    }

    /// A table or grid's worksheet, ready to be packaged with its print titles and area.
    static func package(_ worksheet: Worksheet) -> TabBookSheet {
        TabBookSheet(
            part: XLSXPackage.Part(
                xml: worksheet.xml, titleRows: headerRows, printColumns: worksheet.widths.count,
                printRows: worksheet.rows.count))
    }

    /// Writes the tab book below `root`: the contents, then one sheet per table and
    /// grid, in order, each asked of `sheet` when its turn comes (grids after the
    /// tables, numbered on from them), so that the first sheets are packaged while
    /// the last are still being made.
    /// - Returns: the file written, relative to `root`, with its number of table and grid sheets as its rows.
    /// - Throws: `TallyError.cannotWrite` when the folder or file cannot be written;
    ///   an error `sheet` throws, as it is.
    public func write(under root: String, sheet: (_ table: Int) throws -> TabBookSheet) throws -> WrittenFile {
        try FileOutput.makeDirectories(root + "/tabbook")
        let path = root + "/" + relativePath
        let sheetTables = sheetTables
        let names = [Self.contentsName] + Self.sheetNames(sheetTables.map(\.title), reserved: [Self.contentsName])
        let contents = contents(sheetNames: names)
        let data = try XLSXPackage.data(sheetNames: names, path: path) { index in
            index == 0
                ? XLSXPackage.Part(
                    xml: contents.xml, printColumns: contents.widths.count, printRows: contents.rows.count)
                : try sheet(index - 1).part
        }
        try FileOutput.write(path, bytes: data)
        return WrittenFile(path: relativePath, rows: sheetTables.count)
    }

    /// Excel sheet names for table titles: characters Excel forbids (`[]:*?/\`),
    /// control characters and apostrophes at either end become `_`; a title longer
    /// than 31 UTF-16 units is cut at a word and ends with `…`; a name equal
    /// (ignoring case) to an earlier one, to a reserved one or to Excel's `History`
    /// gets `~2`, `~3`… within the 31 units.
    static func sheetNames(_ titles: [String], reserved: [String] = []) -> [String] {
        var taken = Set((["History"] + reserved).map { $0.lowercased() })
        return titles.map { title in
            var base = String(
                title.map { character in
                    "[]:*?/\\".contains(character) || character.unicodeScalars.contains { $0.value < 0x20 }
                        ? "_" : character
                })
            if base.hasPrefix("'") { base = "_" + base.dropFirst() }
            if base.hasSuffix("'") { base = base.dropLast() + "_" }
            if base.isEmpty { base = "Table" }
            base = shortened(base, to: 31)
            var candidate = base
            var number = 1
            while taken.contains(candidate.lowercased()) {
                number += 1
                let suffix = "~\(number)"
                candidate = truncated(base, to: 31 - suffix.utf16.count) + suffix
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    /// A name within `limit` UTF-16 units: as it is when it fits, else cut after its
    /// last whole word that leaves room for `…` (or mid-word when the first word is too long).
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        let cut = truncated(text, to: limit - 1)
        let words = cut.split(separator: " ", omittingEmptySubsequences: false)
        let whole =
            words.count > 1 && text.dropFirst(cut.count).first != " " ? words.dropLast().joined(separator: " ") : cut
        return (whole.isEmpty ? cut : whole).trimmingCharacters(in: .whitespaces) + "\u{2026}"
    }

    /// The longest prefix of whole characters within `limit` UTF-16 units.
    static func truncated(_ text: String, to limit: Int) -> String {
        var result = ""
        for character in text {
            guard result.utf16.count + character.utf16.count <= limit else { break }
            result.append(character)
        }
        return result
    }
}

/// One table's sheet of a tab book, made and ready to be packaged.
public struct TabBookSheet: Sendable {
    /// The worksheet, with its print titles and area.
    var part: XLSXPackage.Part
}
