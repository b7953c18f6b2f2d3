import TallyAggregator
import TallyModel

/// One table laid out as a person reads it: one total column, then every banner's
/// columns with test letters unique across the table, the base rows, and under
/// each answer the statistics shown (percentages first), each cell with the
/// letters of the columns it is significantly above.
///
/// The tab book draws it as a sheet; it is made from the table's tidy rows (as
/// written, after the column tests and low-base rules), so it shows what the
/// tidy files hold.
public struct PresentedTable: Sendable {
    /// A column: the total, or a category of a banner's field.
    public struct Column: Sendable, Equatable {
        /// The banner it belongs to; the total's is its first banner's.
        public var banner: String
        public var code: String
        public var label: String
        /// The sheet-wide test letter (`A`, `B`… `AA`); empty for the total.
        public var letter: String
        public var unweightedBase: Int
        public var weightedBase: Double
        public var effectiveBase: Double
        public var flag: BaseFlag?

        /// Whether no respondent of the table's base is in the column (routing or a
        /// filter leaves it out): its cells show a dash, not 0.
        public var isEmpty: Bool { unweightedBase == 0 }
    }

    /// The columns of one banner heading, `columns` indices into `PresentedTable.columns`.
    public struct BannerSpan: Sendable, Equatable {
        public var name: String
        public var heading: String
        public var columns: Range<Int>
    }

    /// What a cell shows.
    public enum Value: Sendable, Equatable {
        case number(Double)
        /// `**`: an estimate suppressed for a low base.
        case suppressed
        /// `–`: a column without respondents.
        case dash
        /// Nothing (an undefined value, or no row for the cell).
        case empty
    }

    /// A cell: its value, the sheet letters it is significantly above (empty for none)
    /// and its base's flag.
    public struct Cell: Sendable, Equatable {
        public var value: Value
        public var letters: String
        public var flag: BaseFlag? = nil
    }

    /// The flags of the columns and cells: what the legend explains.
    var flags: Set<BaseFlag> {
        Set(columns.compactMap(\.flag) + lines.flatMap { $0.cells.compactMap(\.flag) })
    }

    /// Whether some cell shows a dash (no respondent of its base in the column).
    var hasDashes: Bool {
        lines.contains { $0.cells.contains { $0.value == .dash } } || columns.contains(where: \.isEmpty)
    }

    /// One line under the bases: an answer's statistic.
    public struct Line: Sendable, Equatable {
        /// The answer's label on its first line; the statistic's name on the lines after.
        public var label: String
        public var statistic: String
        /// Whether it is the answer's first line (the others are secondary, in smaller type).
        public var isFirst: Bool
        /// The answer's position among the answers, for banding.
        public var answer: Int
        public var cells: [Cell]
    }

    public var title: String
    public var question: String
    public var questionKey: String
    /// Who the percentages are of, in words.
    public var baseText: String
    /// The total first, then every banner's columns in banner order.
    public var columns: [Column]
    /// One span per heading: `Total` over the total, then each banner's heading.
    public var banners: [BannerSpan]
    public var lines: [Line]
    /// Whether the letters of a cell are separated by spaces: they are when some letter
    /// has two characters (`Z AA`), so that every letter can be read back.
    public var lettersAreSpaced: Bool
}

extension PresentedTable {
    /// Lays out a table's tidy rows.
    /// - Parameters:
    ///   - table: what the sheet shows besides the rows, and which statistics.
    ///   - rows: the table's rows, marked by the column tests and low-base rules.
    public init(_ table: TabBook.Table, rows: [ResultRow]) {
        let columns = SheetColumns(banners: table.banners, rows: rows)
        self.init(
            title: table.title, question: table.question, questionKey: table.questionKey, baseText: table.baseText,
            columns: columns.columns, banners: columns.spans,
            lines: Self.lines(of: table, rows: rows, columns: columns),
            lettersAreSpaced: columns.lettersAreSpaced)
    }

    /// Each answer's lines, answers in first-seen order with every net after its last member.
    private static func lines(of table: TabBook.Table, rows: [ResultRow], columns: SheetColumns) -> [Line] {
        var answers: [(code: String, label: String)] = []
        var seen: Set<String> = []
        var cells: [String: ResultRow] = [:]
        for row in rows {
            if seen.insert(row.rowCode).inserted {
                answers.append((row.rowCode, TabBook.answerLabel(row, question: table.question)))
            }
            cells[SheetColumns.key(row.banner, row.columnCode, row.rowCode, row.statistic)] = row
        }
        var lines: [Line] = []
        for (position, answer) in table.ordered(answers).enumerated() {
            let shown = table.statistics.filter { statistic in
                columns.columns.contains { cells[columns.key(of: $0, row: answer.code, statistic: statistic)] != nil }
            }
            for (index, statistic) in shown.enumerated() {
                let values = columns.columns.map { column in
                    columns.cell(cells[columns.key(of: column, row: answer.code, statistic: statistic)], in: column)
                }
                // A numeric summary's lines are its statistics (`Mean`, `Std. dev.`): the title says what of.
                let label = index == 0 && !answer.code.isEmpty ? answer.label : TabBook.statisticLabel(statistic)
                lines.append(
                    Line(label: label, statistic: statistic, isFirst: index == 0, answer: position, cells: values))
            }
        }
        return lines
    }
}

/// The columns of a sheet as they are found in the rows: the total once, then each
/// banner's columns, lettered across the sheet.
struct SheetColumns {
    var columns: [PresentedTable.Column] = []
    var spans: [PresentedTable.BannerSpan] = []
    /// The sheet letter of each banner's own letter, by banner.
    private var sheetLetters: [String: [String: String]] = [:]
    /// Each banner's own letters in column order, for reading `significant_over`.
    private var bannerLetters: [String: [String]] = [:]
    /// The banner whose total row stands for the total column.
    private var totalBanner = ""
    let lettersAreSpaced: Bool

    init(banners: [TabBook.Banner], rows: [ResultRow]) {
        let totals = banners.lazy.compactMap { banner in
            rows.first { $0.banner == banner.name && $0.columnLetter.isEmpty }
        }
        if let total = totals.first {
            totalBanner = total.banner
            columns.append(Self.column(total, letter: ""))
            spans.append(PresentedTable.BannerSpan(name: "", heading: "Total", columns: 0..<1))
        }
        var letterCount = 0
        for banner in banners {
            let start = columns.count
            var seen: Set<String> = []
            for row in rows where row.banner == banner.name && !row.columnLetter.isEmpty {
                guard seen.insert(row.columnCode).inserted else { continue }
                let letter = ColumnTests.letter(letterCount)
                letterCount += 1
                sheetLetters[banner.name, default: [:]][row.columnLetter] = letter
                bannerLetters[banner.name, default: []].append(row.columnLetter)
                columns.append(Self.column(row, letter: letter))
            }
            if columns.count > start {
                spans.append(
                    PresentedTable.BannerSpan(
                        name: banner.name, heading: banner.heading, columns: start..<columns.count))
            }
        }
        lettersAreSpaced = letterCount > 26
    }

    /// The column a tidy row belongs to, with its sheet letter.
    private static func column(_ row: ResultRow, letter: String) -> PresentedTable.Column {
        PresentedTable.Column(
            banner: row.banner, code: row.columnCode, label: row.column, letter: letter,
            unweightedBase: row.unweightedBase, weightedBase: row.weightedBase, effectiveBase: row.effectiveBase,
            flag: row.flag)
    }

    /// The key of a tidy row in the cell map.
    static func key(_ banner: String, _ column: String, _ row: String, _ statistic: String) -> String {
        [banner, column, row, statistic].joined(separator: "\u{1}")
    }

    /// The key of a column's row for an answer's statistic (the total's from its banner).
    func key(of column: PresentedTable.Column, row: String, statistic: String) -> String {
        Self.key(column.letter.isEmpty ? totalBanner : column.banner, column.code, row, statistic)
    }

    /// The cell of a column made from its tidy row: a dash in a column without respondents.
    func cell(_ row: ResultRow?, in column: PresentedTable.Column) -> PresentedTable.Cell {
        guard let row else { return PresentedTable.Cell(value: column.isEmpty ? .dash : .empty, letters: "") }
        // The row's own base: a grid's statements each have theirs.
        guard row.unweightedBase > 0 else { return PresentedTable.Cell(value: .dash, letters: "") }
        let value: PresentedTable.Value
        switch row.value {
        case .integer(let number): value = .number(Double(number))
        case .real(let number): value = .number(number)
        case .empty: value = row.flag == .suppressed ? .suppressed : .empty
        }
        return PresentedTable.Cell(value: value, letters: letters(of: row), flag: row.flag)
    }

    /// A row's `significant_over` in sheet letters, in the same case, then its marker
    /// against the rest of the sample.
    private func letters(of row: ResultRow) -> String {
        guard !row.significantOver.isEmpty, let own = bannerLetters[row.banner],
            let map = sheetLetters[row.banner]
        else { return "" }
        let (written, marker) = SignificanceLetters.marker(of: row.significantOver)
        var letters = SignificanceLetters.split(written, letters: own).map { letter in
            let sheet = map[letter.uppercased()] ?? letter
            return letter == letter.uppercased() ? sheet : sheet.lowercased()
        }
        if !marker.isEmpty { letters.append(marker) }
        return letters.joined(separator: lettersAreSpaced ? " " : "")
    }
}
