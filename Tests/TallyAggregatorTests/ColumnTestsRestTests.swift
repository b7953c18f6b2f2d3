import TallyModel
import Testing

@testable import TallyAggregator

/// A column against the rest of the sample, from the column's and the total's rows
/// alone, checked against the rest's respondents counted by hand.
@Suite("A column against the rest of the sample")
struct ColumnTestsRestTests {
    static func row(_ column: String, value: Double, weights: [Double]) -> ResultRow {
        let sum = weights.reduce(0, +)
        let squares = weights.map { $0 * $0 }.reduce(0, +)
        return ResultRow(
            banner: "market", table: "t", question: "t", columnCode: column, column: column, rowCode: "1", row: "Yes",
            statistic: "percent", value: .real(value), unweightedBase: weights.count, weightedBase: sum,
            effectiveBase: sum * sum / squares)
    }

    @Test("The rest's percentage and effective base come out of the total less the column")
    func rest() throws {
        // The column: weights 1, 2, 3, answers yes, yes, no: 3 of 6 = 50%, effective base 36/14.
        // The rest: weights 2, 2, 4, answers yes, no, no: 2 of 8 = 25%, effective base 64/24.
        // The total: all six, 5 of 14.
        let column = Self.row("AU", value: 50, weights: [1, 2, 3])
        let total = Self.row("total", value: 100 * 5 / 14, weights: [1, 2, 3, 2, 2, 4])
        let outcome = try #require(ColumnTests.againstRest(column, total: total))
        // By hand: pooled p = (0.5 · 36/14 + 0.25 · 64/24) / (36/14 + 64/24) = 0.372727;
        // variance 0.372727 · 0.627273 · (14/36 + 24/64) = 0.178598; z = 0.25 / √0.178598.
        #expect(abs(outcome.z - 0.591563) < 1e-6)
        let direct = try #require(ColumnTests.proportions(0.5, 36.0 / 14, 0.25, 64.0 / 24))
        #expect(abs(outcome.z - direct.z) < 1e-12)
        #expect(abs(outcome.p - direct.p) < 1e-12)
    }

    @Test("No test without a rest, an estimate or a share strictly between 0 and 100%")
    func untestable() {
        let column = Self.row("AU", value: 50, weights: [1, 2, 3])
        #expect(ColumnTests.againstRest(column, total: column) == nil)
        var empty = column
        empty.value = .empty
        #expect(ColumnTests.againstRest(empty, total: Self.row("total", value: 40, weights: [1, 2, 3, 4])) == nil)
        let all = Self.row("AU", value: 100, weights: [1, 1])
        #expect(ColumnTests.againstRest(all, total: Self.row("total", value: 50, weights: [1, 1, 1, 1])) == nil)
    }
}
