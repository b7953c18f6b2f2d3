extension ColumnTests {
    /// A column's percentage against the rest of its banner's sample (the total
    /// without the column), with the two-proportion test the columns use, on
    /// effective bases. The rest is worked out exactly from the two rows: its weighted
    /// base is the total's less the column's, its percentage the total's weighted sum
    /// less the column's, and its sum of squared weights, which an effective base
    /// (Σw)²/Σw² gives back, the total's less the column's. A column and its rest share
    /// no respondent, so the test is that of two independent columns.
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
