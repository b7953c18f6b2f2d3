import TallyAggregator
import Testing

@testable import TallyReport

/// What a chart draws from a table's rows.
@Suite("Chart data")
struct ChartDataTests {
    static func row(_ code: String, _ statistic: String, _ value: ResultValue) -> ResultRow {
        ResultRow(
            banner: "customer", table: "t", question: "t", columnCode: "total", column: "All", rowCode: code,
            row: code.uppercased(), statistic: statistic, value: value, unweightedBase: 100, weightedBase: 100,
            effectiveBase: 100)
    }

    @Test("A ranked table's answers in rank order, its nets after them")
    func ranked() {
        // Percentages 20, 50, 30 for a, b, c (ranks 3, 1, 2) and a net of 80.
        let rows = [
            Self.row("a", "percent", .real(20)), Self.row("a", "rank", .integer(3)),
            Self.row("b", "percent", .real(50)), Self.row("b", "rank", .integer(1)),
            Self.row("c", "percent", .real(30)), Self.row("c", "rank", .integer(2)),
            Self.row("net1", "percent", .real(80)),
        ]
        let data = ChartData(rows: rows, compare: nil)
        #expect(data.categories.map(\.code) == ["b", "c", "a", "net1"])
        #expect(data.categories.map { $0.points[0].value } == [50, 30, 20, 80])
    }

    @Test("An unranked table keeps its answers' order")
    func unranked() {
        let rows = [Self.row("a", "percent", .real(20)), Self.row("b", "percent", .real(50))]
        #expect(ChartData(rows: rows, compare: nil).categories.map(\.code) == ["a", "b"])
    }
}
