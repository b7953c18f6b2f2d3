import TallyModel

/// A table's finished rows, and the linearization of each percentage and mean among
/// them, by row index: what the design-based column tests need besides the rows.
public struct FinishedRows: Sendable {
    /// The tidy rows, in the table's order.
    public private(set) var rows: [ResultRow] = []
    /// The tests of independence of the table's answers and each banner's columns, in
    /// banner order (categorical tables by banners with a field).
    public internal(set) var independence: [IndependenceTest] = []
    /// The linearized estimate of the row at each index, where it is kept for the tests.
    private var estimates: [Linearization.Estimate?] = []
    /// The rest of the sample beside each lettered column's percentage or mean, by the
    /// column row's index, when the rest comparison is made.
    private var rests: [Int: FinishedRow] = [:]
    /// The design the estimates belong to; nil for unweighted rows.
    let linearization: Linearization?

    init(linearization: Linearization?) {
        self.linearization = linearization
    }

    /// Rows without linearizations (read back from files, or made by hand): the
    /// design-based tests have nothing to read, so only the effective-base tests apply.
    public init(rows: [ResultRow]) {
        self.rows = rows
        estimates = Array(repeating: nil, count: rows.count)
        linearization = nil
    }

    mutating func append(_ row: ResultRow, estimate: Linearization.Estimate? = nil) {
        estimates.append(estimate)
        rows.append(row)
    }

    mutating func append(contentsOf finished: [FinishedRow]) {
        for item in finished { append(item.row, estimate: item.estimate) }
    }

    /// Whether the rest of the sample was worked out beside some rows.
    var hasRests: Bool { !rests.isEmpty }

    /// The row at `index` with its linearization.
    func finishedRow(at index: Int) -> FinishedRow {
        FinishedRow(rows[index], estimate: estimates[index])
    }

    /// Sets the rest of the sample's estimate beside the row at `index`.
    mutating func setRest(_ rest: FinishedRow, of index: Int) {
        rests[index] = rest
    }

    /// The rest of the sample's row beside the row at `index`, if it was worked out.
    func rest(of index: Int) -> ResultRow? {
        rests[index]?.row
    }

    /// The linearization of the row at `index` made ready for pairs, or nil without one.
    func paired(_ index: Int) -> Linearization.Paired? {
        guard let linearization, let estimate = estimates[index] else { return nil }
        return linearization.paired(estimate)
    }

    /// The linearization of the rest of the sample beside the row at `index`, made
    /// ready for its pair, or nil without one.
    func pairedRest(of index: Int) -> Linearization.Paired? {
        guard let linearization, let estimate = rests[index]?.estimate else { return nil }
        return linearization.paired(estimate)
    }

    /// The standard error of the difference between two estimates whose domains share
    /// no respondent, from the design's linearization (their covariance included).
    func differenceError(_ first: Linearization.Paired?, _ second: Linearization.Paired?) -> Double? {
        guard let linearization, let first, let second else { return nil }
        return linearization.differenceError(first, second)
    }
}

/// One finished row and its linearization, when it is a percentage or a mean with one.
struct FinishedRow {
    var row: ResultRow
    var estimate: Linearization.Estimate?

    init(_ row: ResultRow, estimate: Linearization.Estimate? = nil) {
        self.row = row
        self.estimate = estimate
    }
}
