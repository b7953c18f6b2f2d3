import TallyModel
import Testing

@testable import TallyAggregator

/// The sums of the hand-worked survey (`HandWorkedSurvey`), whose cells are the
/// group's codes: 0 = A, 1 = B, 2 = missing. The answer field has five slots per
/// cell (four categories, then missing).
@Suite("Cell sums: counts alone while every base weight is 1, three sums after")
struct CellSumsTests {
    let plan: AggregationPlan

    init() throws {
        plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
    }

    /// The sums of the answer field (the first sums of the plan).
    func answerSums(_ state: AggregateState) -> CellSums? {
        guard case .counts(let sums) = state.fields[0] else { return nil }
        return sums
    }

    @Test("Weights of 1 only: the weight and square sums are the counts")
    func unitWeights() throws {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<1, to: &state, plan: plan)  // r1: A, answer 1, weight 1
        HandWorkedSurvey.add(2..<3, to: &state, plan: plan)  // r3: B, answer 2, weight 1
        HandWorkedSurvey.add(4..<6, to: &state, plan: plan)  // r5: missing group, answer 3; r6: B, no answer
        #expect(state.census.counts == [1, 2, 1])
        #expect(state.census.weights == [1, 2, 1])
        #expect(state.census.squares == [1, 2, 1])
        let answer = try #require(answerSums(state))
        // Cell A: slot 0 (r1). Cell B: slot 1 (r3), slot 4 missing (r6). Cell missing: slot 2 (r5).
        let expected = [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
        #expect(answer.counts == expected)
        #expect(answer.weights == expected.map(Double.init))
        #expect(answer.squares == expected.map(Double.init))
        #expect(state.minimumBase == [1, 1, 1])
        #expect(state.maximumBase == [1, 1, 1])
        // Channels (x, y, net Any, base): r1 x in A; r3 answered in B, mentioning nothing; r5 y in the
        // missing-group cell; r6 did not answer. The one-row batches add to the counts directly, the
        // two-row batch through a table of batch counters (12 slots for 2 rows).
        guard case .counts(let channels) = state.fields[1] else {
            Issue.record("the channels field has no counts")
            return
        }
        #expect(channels.counts == [1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1])
        #expect(channels.squares == [1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1])
    }

    @Test("A batch with another weight after batches of 1s: sums of b and b² from then on")
    func switchToWeights() throws {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<1, to: &state, plan: plan)  // r1: A, weight 1
        HandWorkedSurvey.add(1..<4, to: &state, plan: plan)  // r2: A, weight 2; r3: B, 1; r4: B, 3
        // Census: A = r1 + r2 (1 + 2, 1 + 4), B = r3 + r4 (1 + 3, 1 + 9).
        #expect(state.census.counts == [2, 2, 0])
        #expect(state.census.weights == [3, 4, 0])
        #expect(state.census.squares == [5, 10, 0])
        #expect(state.minimumBase == [1, 1, .infinity])
        #expect(state.maximumBase == [2, 3, 0])
        let answer = try #require(answerSums(state))
        // A: r1 answer 1 (slot 0), r2 answer 3 (slot 2, weight 2). B: r3 answer 2 (slot 1), r4 "9" (slot 3, weight 3).
        #expect(answer.count(at: 0) == 1 && answer.weight(at: 0) == 1 && answer.square(at: 0) == 1)
        #expect(answer.count(at: 2) == 1 && answer.weight(at: 2) == 2 && answer.square(at: 2) == 4)
        #expect(answer.count(at: 6) == 1 && answer.weight(at: 6) == 1 && answer.square(at: 6) == 1)
        #expect(answer.count(at: 8) == 1 && answer.weight(at: 8) == 3 && answer.square(at: 8) == 9)
        #expect(answer.counts.reduce(0, +) == 4)
        #expect(answer.weights.reduce(0, +) == 7)
        #expect(answer.squares.reduce(0, +) == 15)
        // The channels (x, y, net Any, base): r1 x; r2 x and y; r3 (B) answered, mentioning nothing; r4 did not answer.
        guard case .counts(let channels) = state.fields[1] else {
            Issue.record("the channels field has no counts")
            return
        }
        #expect(channels.counts == [2, 1, 2, 2, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(channels.weights == [3, 2, 3, 3, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(channels.squares == [5, 4, 5, 5, 0, 0, 0, 1, 0, 0, 0, 0])
    }

    @Test("Sums kept as counts and the same sums read back as three arrays are equal, and merge")
    func representations() throws {
        var unit = plan.makeState()
        HandWorkedSurvey.add(0..<1, to: &unit, plan: plan)
        let answer = try #require(answerSums(unit))
        let readBack = try #require(
            CellSums(width: answer.width, counts: answer.counts, weights: answer.weights, squares: answer.squares))
        #expect(readBack == answer)
        var weighted = plan.makeState()
        HandWorkedSurvey.add(1..<2, to: &weighted, plan: plan)  // r2: A, answer 3, weight 2
        var merged = answer
        merged.merge(try #require(answerSums(weighted)))
        #expect(merged.counts == [1, 0, 1, 0, 0] + Array(repeating: 0, count: 10))
        #expect(merged.weights == [1, 0, 2, 0, 0] + Array(repeating: 0, count: 10))
        #expect(merged.squares == [1, 0, 4, 0, 0] + Array(repeating: 0, count: 10))
        #expect(merged != answer)
    }

    @Test("Numeric moments: n, Σy and Σy² stand for all nine while every weight is 1, all nine after")
    func numericMoments() throws {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<1, to: &state, plan: plan)  // r1: A, 10, weight 1
        guard case .moments(let unit) = state.fields[2] else {
            Issue.record("the number field has no moments")
            return
        }
        // n, Σb, Σb², Σby, Σby², Σy, Σy², Σb²y, Σb²y² of r1 alone.
        #expect(Array(unit.moments[0..<9]) == [1, 1, 1, 10, 100, 10, 100, 10, 100])
        #expect(unit.moments[9...].allSatisfy { $0 == 0 })
        HandWorkedSurvey.add(1..<2, to: &state, plan: plan)  // r2: A, 20, weight 2
        guard case .moments(let weighted) = state.fields[2] else {
            Issue.record("the number field has no moments")
            return
        }
        // Adding b = 2, y = 20: b² = 4, by = 40, by² = 800, b²y = 80, b²y² = 1600.
        #expect(Array(weighted.moments[0..<9]) == [2, 3, 5, 50, 900, 30, 500, 90, 1700])
        #expect(weighted.weightedSum(cell: 0) == 50 && weighted.squaredWeightSumOfSquares(cell: 0) == 1700)
        var merged = unit
        merged.merge(weighted)
        #expect(merged.count(cell: 0) == 3 && merged.weight(cell: 0) == 4 && merged.sumOfSquares(cell: 0) == 600)
        #expect(NumericSums(moments: unit.moments) == unit)
    }

    @Test("Tables under one filter share it; each field's sums count only the respondents it admits")
    func sharedFilter() throws {
        var definition = HandWorkedSurvey.definition
        let usesX = TableFilter(field: "channels", members: [0], label: "uses X")
        definition.tables.append(
            Table(
                name: "number_x", title: "Number, X users", questionKey: "number", field: "number",
                banners: ["group"], statistics: [.mean], filter: usesX))
        let plan = try AggregationPlan(definition: definition, layout: HandWorkedSurvey.layout)
        #expect(plan.filterPlans.count == 1)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let rows = TableFinisher(plan: plan).rows(
            state: state, cellFactors: Array(repeating: 1, count: plan.cellSpace.cellCount))
        // X users: r1 (10, weight 1) and r2 (20, weight 2), both in A: (10 + 40) / 3.
        let mean = rows.first { $0.table == "number_x" && $0.columnCode == "total" && $0.statistic == "mean" }
        #expect(mean?.value == .real(50.0 / 3))
        #expect(mean?.unweightedBase == 2)
        let meanInB = rows.first { $0.table == "number_x" && $0.columnCode == "B" && $0.statistic == "mean" }
        #expect(meanInB?.unweightedBase == 0)
        // The filtered answer table under the same filter: r1 answer 1 (1 of 3), r2 answer 3 (2 of 3).
        let high = rows.first {
            $0.table == "filtered" && $0.columnCode == "total" && $0.rowCode == "3" && $0.statistic == "percent"
        }
        #expect(high?.value == .real(200.0 / 3))
    }
}
