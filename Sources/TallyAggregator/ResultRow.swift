/// A value in a result table: a whole count, a real number, or nothing (a
/// percentage of an empty base, a standard deviation of one respondent).
public enum ResultValue: Sendable, Equatable {
    case integer(Int)
    case real(Double)
    case empty

    /// The value as a number; nil when empty.
    public var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .empty: return nil
        }
    }
}

/// One cell of one table in tidy form: a statistic of one row in one banner column.
public struct ResultRow: Sendable, Equatable {
    public var banner: String
    public var table: String
    /// The stable question key.
    public var question: String
    /// The banner column's category code, or `total`.
    public var columnCode: String
    public var column: String
    /// The category code, option column, or `net1`, `net2`...; empty for numeric summaries.
    public var rowCode: String
    public var row: String
    public var statistic: String
    public var value: ResultValue
    /// Respondents in the column's base.
    public var unweightedBase: Int
    /// Their summed weights.
    public var weightedBase: Double
    /// Kish's effective base of the column, (Σw)² / Σw².
    public var effectiveBase: Double
    /// The standard error by linearization (percentages in points), or nil.
    public var standardError: Double?
    /// The 95% confidence interval, or nil.
    public var interval: ClosedRange<Double>?
    /// The banner column's test letter (`A`, `B`, … `Z`, `AA`…); empty for the total.
    public var columnLetter: String
    /// Letters of the columns this cell is significantly above: upper case at the
    /// highest confidence level, lower case at the lower level only; set by `ColumnTests`.
    public var significantOver: String
    /// The column's low-base flag, set by `ColumnTests`.
    public var flag: BaseFlag?
    /// A percentage's or mean's design effect: its variance under the design over its
    /// variance under simple random sampling with replacement of the same size (R
    /// survey's `deff = "replace"`); nil for other rows and where it is undefined.
    public var designEffect: Double?

    public init(
        banner: String, table: String, question: String, columnCode: String, column: String, rowCode: String,
        row: String, statistic: String, value: ResultValue, unweightedBase: Int, weightedBase: Double,
        effectiveBase: Double, standardError: Double? = nil, interval: ClosedRange<Double>? = nil,
        columnLetter: String = "", significantOver: String = "", flag: BaseFlag? = nil, designEffect: Double? = nil
    ) {
        self.banner = banner
        self.table = table
        self.question = question
        self.columnCode = columnCode
        self.column = column
        self.rowCode = rowCode
        self.row = row
        self.statistic = statistic
        self.value = value
        self.unweightedBase = unweightedBase
        self.weightedBase = weightedBase
        self.effectiveBase = effectiveBase
        self.standardError = standardError
        self.interval = interval
        self.columnLetter = columnLetter
        self.significantOver = significantOver
        self.flag = flag
        self.designEffect = designEffect
    }
}

/// Why a cell's column is marked: its base is below `low_base.flag` or below `low_base.suppress`.
public enum BaseFlag: String, Sendable, Equatable {
    case lowBase = "low_base"
    /// The estimates are left empty; counts stay.
    case suppressed
}
