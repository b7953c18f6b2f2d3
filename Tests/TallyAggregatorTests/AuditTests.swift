import TallyModel
import Testing

@testable import TallyAggregator

@Suite("Audit of published figures")
struct AuditTests {
    static func figure(_ table: String, column: String, row: String, _ statistic: Statistic, _ value: Double,
                       resolution: Double = 1, lessLikely: Bool = false) -> PublishedFigure {
        PublishedFigure(
            figure: "\(table) \(row)", column: column, banner: "group", row: row, statistic: statistic, value: value,
            lessLikely: lessLikely, resolution: resolution)
    }

    /// The hand-worked survey with published figures on two tables, finished weighted and unweighted.
    static func audit(_ answer: [PublishedFigure], _ ranked: [PublishedFigure]) throws -> [AuditEntry] {
        var definition = HandWorkedSurvey.definition
        definition.tables[0].published = answer
        definition.tables[3].published = ranked
        let plan = try AggregationPlan(definition: definition, layout: HandWorkedSurvey.layout)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let factors = Array(repeating: 1.0, count: plan.cellSpace.cellCount)
        return Audit.entries(
            definition: definition, weighted: TableFinisher(plan: plan).rows(state: state, cellFactors: factors),
            unweighted: TableFinisher(plan: plan, unweighted: true).rows(state: state, cellFactors: factors))
    }

    @Test("A published percentage stands for its rounding interval")
    func rounding() throws {
        // Total net1 (mid or high) is 80% weighted (4 of 5) and 75% unweighted (3 of 4).
        let entries = try Self.audit(
            [
                Self.figure("answer", column: "total", row: "net1", .percent, 80),
                Self.figure("answer", column: "total", row: "net1", .percent, 81),
                Self.figure("answer", column: "total", row: "net1", .percent, 79.6, resolution: 0.1),
            ], [])
        #expect(entries.map(\.estimate) == [80, 80, 80])
        #expect(entries.map(\.unweightedEstimate) == [75, 75, 75])
        #expect(entries.map(\.recovered) == [true, false, false])
        let interval = Self.figure("answer", column: "total", row: "net1", .percent, 80).roundingInterval
        #expect(interval.low == 79.5 && interval.high == 80.5)
    }

    @Test("A ratio published as less likely is compared through its inverse")
    func lessLikely() throws {
        // Column A: high 2 / low 1 = 2. A report would print it inverted as "0.5x less likely".
        let entries = try Self.audit(
            [],
            [
                Self.figure("ranked", column: "total", row: "ratio", .ratio, 3.0, resolution: 0.1),
                Self.figure("ranked", column: "A", row: "ratio", .ratio, 0.5, resolution: 0.1, lessLikely: true),
                Self.figure("ranked", column: "total", row: "3", .rank, 1),
            ])
        #expect(entries.map(\.estimate) == [3, 0.5, 1])
        #expect(entries.map(\.recovered) == [true, true, true])
    }

    @Test("A figure the data cannot estimate is reported without an estimate and not recovered")
    func missingEstimate() throws {
        let entries = try Self.audit([], [Self.figure("ranked", column: "B", row: "ratio", .ratio, 1.5, resolution: 0.1)])
        #expect(entries.first?.estimate == nil)
        #expect(entries.first?.recovered == false)
    }
}
