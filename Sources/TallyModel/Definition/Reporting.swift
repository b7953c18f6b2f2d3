/// A table's base restricted to respondents with certain answers to another
/// question ("consumers who have a favorite brand", "customers who used social
/// media to engage").
public struct TableFilter: Sendable, Equatable {
    /// The filtering field: categorical or multi-select.
    public var field: String
    /// Category indices (categorical field) or option indices (multi-select, any mentioned).
    public var members: [Int]
    /// A description for readers, e.g. "has a favorite brand".
    public var label: String

    public init(field: String, members: [Int], label: String) {
        self.field = field
        self.members = members
        self.label = label
    }
}

/// A likelihood ratio between two sets of answers among those who gave either
/// ("important vs. unimportant": weighted important / weighted unimportant).
public struct RatioSpec: Sendable, Equatable {
    public var label: String
    /// Category indices counted above the line.
    public var numerator: [Int]
    /// Category indices counted below the line.
    public var denominator: [Int]

    public init(label: String, numerator: [Int], denominator: [Int]) {
        self.label = label
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// A figure a report published, recorded beside the table that reproduces it, so
/// every run can audit its estimate against it.
public struct PublishedFigure: Sendable, Equatable {
    /// What the report says, e.g. "the experience a company provides is as important as its products".
    public var figure: String
    /// The banner column: `total` or a category code of the banner's field.
    public var column: String
    /// The banner the column belongs to.
    public var banner: String
    /// The row: a category code, an option column, `net1`…, `ratio`, or empty for a mean.
    public var row: String
    /// `percent`, `ratio` or `mean`.
    public var statistic: Statistic
    /// The published number on the report's scale (80 for 80%, 2.1 for "2.1x").
    public var value: Double
    /// True when a ratio below 1 was published as its inverse ("1.1x less likely").
    public var lessLikely: Bool
    /// The unit of the published number's last digit (1 for "80", 0.1 for "2.1"): the
    /// report's rounding means the figure stands for `value ± resolution / 2`.
    public var resolution: Double

    public init(
        figure: String, column: String, banner: String, row: String, statistic: Statistic, value: Double,
        lessLikely: Bool, resolution: Double
    ) {
        self.figure = figure
        self.column = column
        self.banner = banner
        self.row = row
        self.statistic = statistic
        self.value = value
        self.lessLikely = lessLikely
        self.resolution = resolution
    }

    /// The interval of true values the published number stands for, `[low, high)`.
    public var roundingInterval: (low: Double, high: Double) {
        (value - resolution / 2, value + resolution / 2)
    }
}

/// What the tab book shows of each table (`tab_book`): which statistics, one line
/// each under every answer in this order, and which base rows.
public struct TabBookSpec: Sendable, Equatable {
    /// A base row under the column headings.
    public enum BaseRow: String, Sendable, CaseIterable {
        case unweighted, weighted, effective
    }

    /// The statistics shown when a table has them: percentages first.
    public static let defaultStatistics: [Statistic] = [.percent, .mean, .standardDeviation, .ratio, .lessLikely]

    /// The statistics shown, in order, of those a table reports.
    public var statistics: [Statistic]
    /// The base rows, in order.
    public var bases: [BaseRow]
    /// Grid summary sheets, after the tables' sheets.
    public var grids: [GridSummary]

    public init(
        statistics: [Statistic] = defaultStatistics, bases: [BaseRow] = [.unweighted, .weighted],
        grids: [GridSummary] = []
    ) {
        self.statistics = statistics
        self.bases = bases
        self.grids = grids
    }

    /// The statistics a table's sheet shows: its own choice, else these; when none
    /// of them is reported, every statistic the table reports.
    public func statistics(of table: Table) -> [Statistic] {
        if let own = table.tabBookStatistics { return own }
        let shown = statistics.filter(table.statistics.contains)
        return shown.isEmpty ? table.statistics : shown
    }
}

/// A grid summary sheet (`tab_book.grids`): the statements of a grid (tables of
/// fields that share their answers) one per line, each with the same answer or net
/// (top-2 box) and, when its table reports one, its mean score.
public struct GridSummary: Sendable, Equatable {
    public var name: String
    public var title: String
    /// The statement tables, in order.
    public var tables: [String]
    /// Each statement table's row code of the answer shown (`net1`, `4`).
    public var rowCodes: [String]
    /// The answer's label as written (`Agree (top 2 box)`).
    public var rowLabel: String

    public init(name: String, title: String, tables: [String], rowCodes: [String], rowLabel: String) {
        self.name = name
        self.title = title
        self.tables = tables
        self.rowCodes = rowCodes
        self.rowLabel = rowLabel
    }
}
