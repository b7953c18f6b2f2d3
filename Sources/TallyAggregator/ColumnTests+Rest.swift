import TallyModel

extension ColumnTests {
    /// The z-test of a difference with its standard error: z = d / se.
    public static func difference(_ difference: Double, standardError: Double) -> Outcome? {
        guard standardError > 0, standardError.isFinite, difference.isFinite else { return nil }
        let z = difference / standardError
        return Outcome(z: z, p: twoSided(z))
    }

    /// A column's percentage against the rest of its banner's sample (the total
    /// without the column), with the two-proportion test on effective bases. The rest
    /// is worked out exactly from the two rows: its weighted base is the total's less
    /// the column's, its percentage the total's weighted sum less the column's, and its
    /// sum of squared weights, which an effective base (Σw)²/Σw² gives back, the
    /// total's less the column's. A column and its rest share no respondent, so the
    /// test is that of two independent columns.
    /// - Parameters:
    ///   - column: the column's row (statistic `percent`).
    ///   - total: the same table, banner and answer in the total column.
    /// - Returns: nil when either side has no estimate, no weight or no effective base
    ///   left, or when `proportions` has no test.
    public static func againstRest(_ column: ResultRow, total: ResultRow) -> Outcome? {
        guard let value = column.value.number, let totalValue = total.value.number,
            column.effectiveBase > 0, total.effectiveBase > 0
        else { return nil }
        let restWeight = total.weightedBase - column.weightedBase
        let squares =
            total.weightedBase * total.weightedBase / total.effectiveBase
            - column.weightedBase * column.weightedBase / column.effectiveBase
        guard restWeight > 0, squares > 0 else { return nil }
        let restValue = (total.weightedBase * totalValue - column.weightedBase * value) / restWeight
        return proportions(value / 100, column.effectiveBase, restValue / 100, restWeight * restWeight / squares)
    }
}

/// The test of two cells of a family, or of a cell against the rest of the sample,
/// by the declared method.
struct PairTester {
    let finished: FinishedRows
    /// The rows as flagged by the low-base rules.
    let rows: [ResultRow]
    let method: SignificanceSpec.Method

    /// The linearizations of a family's cells made ready for their pairs (none for
    /// the `effective_base` method, which reads the rows alone).
    func paired(_ members: [Int]) -> [Linearization.Paired?] {
        members.map { method == .design ? finished.paired($0) : nil }
    }

    /// The test of two cells, or nil when it is not tested (a side suppressed or
    /// without an estimate, or no variance).
    func test(
        _ first: Int, _ second: Int, paired: (Linearization.Paired?, Linearization.Paired?)
    ) -> ColumnTests.Outcome? {
        test(rows[first], rows[second]) { finished.differenceError(paired.0, paired.1) }
    }

    /// The test of a cell against the rest of the sample beside it, with that rest's
    /// row, or nil when the rest was not worked out, has a base below `minimumBase`, or
    /// is not tested.
    func testAgainstRest(
        _ index: Int, paired: Linearization.Paired?, minimumBase: Double, lowBase: LowBaseSpec
    ) -> (rest: ResultRow, outcome: ColumnTests.Outcome)? {
        guard let rest = finished.rest(of: index) else { return nil }
        let base = lowBase.base == .unweighted ? Double(rest.unweightedBase) : rest.effectiveBase
        guard base >= minimumBase,
            let outcome = test(
                rows[index], rest, designError: { finished.differenceError(paired, finished.pairedRest(of: index)) })
        else { return nil }
        return (rest, outcome)
    }

    private func test(
        _ first: ResultRow, _ second: ResultRow, designError: () -> Double?
    ) -> ColumnTests.Outcome? {
        guard first.flag != .suppressed, second.flag != .suppressed,
            case .real(let x) = first.value, case .real(let y) = second.value
        else { return nil }
        let isPercent = first.statistic == Statistic.percent.rawValue
        switch method {
        case .design:
            guard let error = designError() else { return nil }
            return ColumnTests.difference(x - y, standardError: isPercent ? 100 * error : error)
        case .effectiveBase:
            if isPercent {
                return ColumnTests.proportions(x / 100, first.effectiveBase, y / 100, second.effectiveBase)
            }
            guard let se1 = first.standardError, let se2 = second.standardError else { return nil }
            return ColumnTests.means(x, se1, y, se2)
        }
    }
}
