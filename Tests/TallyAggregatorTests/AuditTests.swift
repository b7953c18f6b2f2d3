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

    @Test("A published percentage stands for its rounding interval, met by the estimate's interval")
    func rounding() {
        let eighty = Self.figure("answer", column: "total", row: "net1", .percent, 80)
        #expect(eighty.roundingInterval == (79.5, 80.5))
        func entry(_ figure: PublishedFigure, _ lower: Double, _ upper: Double) -> AuditEntry {
            AuditEntry(figure: figure, table: "answer", estimate: (lower + upper) / 2, lower: lower, upper: upper, unweightedEstimate: nil)
        }
        #expect(entry(eighty, 79.9, 80.1).recovered)
        #expect(entry(eighty, 78.0, 79.5).recovered)  // touches 79.5
        #expect(!entry(eighty, 80.5, 81.0).recovered)  // 80.5 rounds to 81
        #expect(!entry(Self.figure("answer", column: "total", row: "net1", .percent, 81), 79.9, 80.1).recovered)
    }

    @Test("Percentages carry Wilson's interval on the effective base")
    func wilson() throws {
        // statsmodels' proportion_confint(4, 5, method="wilson") = (0.37553, 0.96378).
        let interval = try #require(Intervals.percent(80, effectiveBase: 5))
        #expect(abs(interval.lowerBound - 37.55346297625253) < 1e-9)
        #expect(abs(interval.upperBound - 96.37758913675698) < 1e-9)
        // Total net1: 80% weighted, 75% unweighted, effective base (1+2+1+1)²/(1+4+1+1) = 25/7.
        let entries = try Self.audit([Self.figure("answer", column: "total", row: "net1", .percent, 80)], [])
        #expect(entries.first?.estimate == 80)
        #expect(entries.first?.unweightedEstimate == 75)
        #expect(abs(try #require(entries.first?.lower) - 31.73001616510371) < 1e-9)
        #expect(abs(try #require(entries.first?.upper) - 97.1771697869485) < 1e-9)
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
        // Total: high 3 and low 1 of a base of 5 with effective base 25/7; log-scale interval.
        #expect(abs(try #require(entries[0].lower) - 0.20613823222449262) < 1e-9)
        #expect(abs(try #require(entries[0].upper) - 43.6600231935561) < 1e-9)
        #expect(entries[2].lower == 1 && entries[2].upper == 1)  // ranks carry no interval
    }

    @Test("A figure the data cannot estimate is reported without an estimate and not recovered")
    func missingEstimate() throws {
        let entries = try Self.audit([], [Self.figure("ranked", column: "B", row: "ratio", .ratio, 1.5, resolution: 0.1)])
        #expect(entries.first?.estimate == nil)
        #expect(entries.first?.recovered == false)
    }
}
