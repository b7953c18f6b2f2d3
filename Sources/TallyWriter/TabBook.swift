import Foundation
import TallyAggregator
import TallyModel

/// The Excel tab book of one edition, `tabbook/edition=E.xlsx`: one sheet per
/// table with its banners side by side, as tab software lays them out.
///
/// Each sheet has a title block (the table's title, the question text and key,
/// and the filter that restricts the base where there is one), the banner
/// headings over their columns, the column labels and test letters, the
/// unweighted, weighted and effective bases, then for every answer one line per
/// statistic the table has, and under each `percent` or `mean` line the letters
/// of the columns it is significantly above. Low-base columns are marked `*` and
/// suppressed ones `**` (their estimates show `**`), with a legend at the foot.
/// Numbers are numeric cells in full precision (percentages in points, shown as
/// `46%`); text cells are made safe by `XMLText.cellText`.
public struct TabBook: Sendable {
    /// What a sheet shows about one table besides its rows.
    public struct Table: Sendable, Equatable {
        /// The table's name (the `table` column of the tidy files; the sheet's name).
        public var name: String
        /// The table's title, the sheet's first line.
        public var title: String
        /// The question text.
        public var question: String
        /// The stable question key.
        public var questionKey: String
        /// Who the base is restricted to, or nil for everyone who answered.
        public var filter: String?
        /// The banners, in order.
        public var banners: [Banner]

        /// A table's sheet description.
        public init(
            name: String, title: String, question: String, questionKey: String, filter: String?, banners: [Banner]
        ) {
            self.name = name
            self.title = title
            self.question = question
            self.questionKey = questionKey
            self.filter = filter
            self.banners = banners
        }
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
    /// The tables, one sheet each, in order.
    public var tables: [Table]
    /// The column tests' levels and correction, for the legend.
    public var significance: SignificanceSpec
    /// The low-base thresholds, for the legend.
    public var lowBase: LowBaseSpec

    /// A tab book of the given tables.
    public init(
        edition: String, title: String, tables: [Table], significance: SignificanceSpec, lowBase: LowBaseSpec
    ) {
        self.edition = edition
        self.title = title
        self.tables = tables
        self.significance = significance
        self.lowBase = lowBase
    }

    /// The tab book of every table of a definition. Banner headings are the
    /// banner field's label (the banner's name when it has no field).
    public init(definition: PipelineDefinition) {
        let tables = definition.tables.map { table in
            Table(
                name: table.name, title: table.title,
                question: definition.field(named: table.field)?.label ?? table.field,
                questionKey: table.questionKey, filter: table.filter?.label,
                banners: table.banners.map { name in
                    let banner = definition.banner(named: name)
                    let heading = banner?.field.flatMap { definition.field(named: $0)?.label } ?? name
                    return Banner(name: name, heading: heading)
                })
        }
        self.init(
            edition: definition.edition, title: definition.title, tables: tables,
            significance: definition.significance, lowBase: definition.lowBase)
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
        var byTable: [String: [ResultRow]] = [:]
        for row in rows { byTable[row.table, default: []].append(row) }
        return try write(under: root) { sheet(ofTable: $0, rows: byTable[tables[$0].name] ?? []) }
    }

    /// The sheet of the `index`-th table, made from the table's (marked) rows; sheets
    /// are made table by table, so that they can be made at once.
    public func sheet(ofTable index: Int, rows: [ResultRow]) -> TabBookSheet {
        TabBookSheet(xml: sheet(for: tables[index], rows: rows).xml)
    }

    /// Writes the tab book below `root`: one sheet per table, in order, each asked
    /// of `sheet` when its turn comes, so that the first sheets are packaged while
    /// the last are still being made.
    /// - Returns: the file written, relative to `root`, with its number of sheets as its rows.
    /// - Throws: `TallyError.cannotWrite` when the folder or file cannot be written;
    ///   an error `sheet` throws, as it is.
    public func write(under root: String, sheet: (_ table: Int) throws -> TabBookSheet) throws -> WrittenFile {
        try FileOutput.makeDirectories(root + "/tabbook")
        let path = root + "/" + relativePath
        let names = Self.sheetNames(tables.map(\.name))
        try FileOutput.write(path, bytes: try XLSXPackage.data(sheetNames: names, path: path) { try sheet($0).xml })
        return WrittenFile(path: relativePath, rows: tables.count)
    }

    /// Excel sheet names for table names: characters Excel forbids (`[]:*?/\`),
    /// control characters and apostrophes at either end become `_`, names are cut
    /// to 31 UTF-16 units, and a name equal (ignoring case) to an earlier one or
    /// to Excel's reserved `History` gets `~2`, `~3`… within the 31 units.
    static func sheetNames(_ names: [String]) -> [String] {
        var taken: Set<String> = ["history"]
        return names.map { name in
            var base = String(
                name.map { character in
                    "[]:*?/\\".contains(character) || character.unicodeScalars.contains { $0.value < 0x20 }
                        ? "_" : character
                })
            if base.hasPrefix("'") { base = "_" + base.dropFirst() }
            if base.hasSuffix("'") { base = base.dropLast() + "_" }
            if base.isEmpty { base = "Table" }
            base = truncated(base, to: 31)
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
    /// The worksheet's XML.
    var xml: String
}
