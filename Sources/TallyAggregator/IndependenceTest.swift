/// The test of independence of a categorical table's answers and a banner's columns:
/// Rao-Scott's corrections of Pearson's chi-square under the design, over the table's
/// base with an answer in the banner's field.
///
/// Answers and columns without respondents are left out of the test, as R's
/// `svychisq` leaves out levels absent from the data, and named; with fewer than two
/// of either left, when the design leaves the shares no variance, or when the
/// banner's columns overlap, the test is undefined and says why.
public struct IndependenceTest: Sendable, Equatable {
    /// Why a table has no test.
    public enum Undefined: String, Error, Sendable, Equatable {
        /// Fewer than two of the table's answers have respondents.
        case fewerThanTwoRows = "fewer than two answers have respondents"
        /// Fewer than two of the banner's columns have respondents.
        case fewerThanTwoColumns = "fewer than two columns have respondents"
        /// The shares' covariance under the design is zero or not finite.
        case noVariance = "the design leaves the shares no variance"
        /// The banner's columns share respondents (a multi-answer field's options): the
        /// table is not a cross-classification.
        case overlappingColumns = "the banner's columns overlap (a multi-answer banner)"
    }

    /// A test as it was worked out (read back from a file, or made by hand); exactly one
    /// of `statistics` and `undefined` is given.
    public init(
        banner: String, table: String, question: String, rows: Int, columns: Int, respondents: Int,
        emptyRows: [String] = [], emptyColumns: [String] = [], statistics: RaoScott? = nil,
        undefined: Undefined? = nil
    ) {
        precondition((statistics == nil) != (undefined == nil), "a test or why there is none")
        self.banner = banner
        self.table = table
        self.question = question
        self.rows = rows
        self.columns = columns
        self.respondents = respondents
        self.emptyRows = emptyRows
        self.emptyColumns = emptyColumns
        self.statistics = statistics
        self.undefined = undefined
    }

    /// The banner, the table and its question key.
    public var banner: String
    public var table: String
    public var question: String
    /// The answers (rows) and columns tested.
    public var rows: Int
    public var columns: Int
    /// The respondents tested: the table's base with an answer in the banner's field.
    public var respondents: Int
    /// The codes of the answers and columns left out for having no respondents.
    public var emptyRows: [String]
    public var emptyColumns: [String]
    /// The test's statistics; nil when it is undefined.
    public var statistics: RaoScott?
    /// Why the test is undefined; nil when it was made.
    public var undefined: Undefined?
}
