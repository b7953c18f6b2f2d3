import TallyModel
import Testing

@testable import TallyAggregator

@Suite("Audit of published figures")
struct AuditTests {
    static func figure(
        _ table: String, column: String, row: String, _ statistic: Statistic, _ value: Double,
        resolution: Double = 1, lessLikely: Bool = false
    ) -> PublishedFigure {
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
        let linearization = Linearization(margins: [], census: state.census, factors: factors)
        return Audit.entries(
            definition: definition,
            weighted: [
                TableFinisher(plan: plan, linearization: linearization).rows(state: state, cellFactors: factors)
            ],
            unweighted: [TableFinisher(plan: plan, unweighted: true).rows(state: state, cellFactors: factors)])
    }

    @Test("A published percentage stands for its rounding interval, met by the estimate's interval")
    func rounding() {
        let eighty = Self.figure("answer", column: "total", row: "net1", .percent, 80)
        #expect(eighty.roundingInterval == (79.5, 80.5))
        func entry(_ figure: PublishedFigure, _ lower: Double, _ upper: Double) -> AuditEntry {
            AuditEntry(
                figure: figure, table: "answer", estimate: (lower + upper) / 2, lower: lower, upper: upper,
                unweightedEstimate: nil)
        }
        #expect(entry(eighty, 79.9, 80.1).recovered)
        #expect(entry(eighty, 78.0, 79.5).recovered)  // touches 79.5
        #expect(!entry(eighty, 80.5, 81.0).recovered)  // 80.5 rounds to 81
        #expect(!entry(Self.figure("answer", column: "total", row: "net1", .percent, 81), 79.9, 80.1).recovered)
    }

    @Test("Percentages carry a logit interval from their linearized standard error")
    func logitInterval() throws {
        // Total net1: 80% weighted (75% unweighted). Influence values z = w (1{net} - 0.8) / 5 are
        // -0.16 (r1), 0.08 (r2), 0.04 (r3), 0.04 (r5), 0 (r4, r6): Var = 6/5 · 0.0352, SE = 20.55 points;
        // logit(0.8) ± 1.96 · 0.2055 / 0.16 gives [24.39, 98.02].
        let entries = try Self.audit([Self.figure("answer", column: "total", row: "net1", .percent, 80)], [])
        #expect(entries.first?.estimate == 80)
        #expect(entries.first?.unweightedEstimate == 75)
        #expect(abs(try #require(entries.first?.lower) - 24.391666682807433) < 1e-9)
        #expect(abs(try #require(entries.first?.upper) - 98.0235659525905) < 1e-9)
        #expect(Intervals.percent(0, standardError: 1) == nil)
        #expect(Intervals.percent(100, standardError: 1) == nil)
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
        // Total: high 3 (r2, r5) over low 1 (r1): z = w (1{high} - 3 · 1{low}) / 1 is -3, 2, 1,
        // Var = 6/5 · 14, SE = 4.0988; the interval is 3 · exp(±1.96 · SE / 3).
        #expect(abs(try #require(entries[0].lower) - 0.20613823222449262) < 1e-9)
        #expect(abs(try #require(entries[0].upper) - 43.6600231935561) < 1e-9)
        #expect(entries[2].lower == 1 && entries[2].upper == 1)  // ranks carry no interval
    }

    @Test("A figure the data cannot estimate is reported without an estimate and not recovered")
    func missingEstimate() throws {
        let entries = try Self.audit(
            [], [Self.figure("ranked", column: "B", row: "ratio", .ratio, 1.5, resolution: 0.1)])
        #expect(entries.first?.estimate == nil)
        #expect(entries.first?.recovered == false)
    }
}
