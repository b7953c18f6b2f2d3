import TallyModel
import Testing

@testable import TallyAggregator

/// Six respondents whose tables are worked out by hand in the comments below.
///
/// | id | group | answer | channels (x, y) | number | base weight |
/// |----|-------|--------|-----------------|--------|-------------|
/// | r1 | A     | 1      | 1, 0            | 10     | 1 |
/// | r2 | A     | 3      | 1, 1            | 20     | 2 |
/// | r3 | B     | 2      | 0, 0            | 30     | 1 |
/// | r4 | B     | 9 (not rated) | blank    | blank  | 3 |
/// | r5 | blank | 3      | blank, 1        | 40     | 1 |
/// | r6 | B     | blank  | blank           | 50     | 1 |
struct HandWorkedSurvey {
    static let definition = PipelineDefinition(
        sourcePath: "test.yaml", survey: "test", edition: "1", title: "Hand-worked", fieldwork: nil,
        input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: "w"),
        fields: [
            Field(
                name: "group", label: "Group",
                kind: .single(
                    CategoricalSpec(
                        column: "group",
                        categories: [Category(code: "A", label: "Group A"), Category(code: "B", label: "Group B")],
                        nets: [], isScale: false))),
            Field(
                name: "answer", label: "Answer",
                kind: .single(
                    CategoricalSpec(
                        column: "answer",
                        categories: [
                            Category(code: "1", label: "Low", score: 1), Category(code: "2", label: "Mid", score: 2),
                            Category(code: "3", label: "High", score: 3),
                            Category(code: "9", label: "Not rated", inBase: false, score: 9),
                        ],
                        nets: [Net(label: "Mid or high", members: [1, 2])], isScale: true))),
            Field(
                name: "channels", label: "Channels",
                kind: .multi(
                    MultiSelectSpec(
                        options: [
                            MultiSelectOption(column: "x", label: "X"), MultiSelectOption(column: "y", label: "Y"),
                        ],
                        nets: [Net(label: "Any", members: [0, 1])]))),
            Field(name: "number", label: "Number", kind: .numeric(NumericSpec(column: "number", range: nil))),
        ],
        banners: [Banner(name: "group", totalLabel: "Everyone", field: "group")],
        tables: [
            Table(
                name: "answer", title: "Answer", questionKey: "q_answer", field: "answer", banners: ["group"],
                statistics: [.count, .weightedCount, .percent]),
            Table(
                name: "channels", title: "Channels", questionKey: "channels", field: "channels", banners: ["group"],
                statistics: [.percent]),
            Table(
                name: "number", title: "Number", questionKey: "number", field: "number", banners: ["group"],
                statistics: [.mean, .standardDeviation]),
            Table(
                name: "ranked", title: "Ranked", questionKey: "q_answer", field: "answer", banners: ["group"],
                statistics: [.rank, .ratio], ratio: RatioSpec(label: "High vs low", numerator: [2], denominator: [0])),
            Table(
                name: "filtered", title: "Filtered", questionKey: "q_answer", field: "answer", banners: ["group"],
                statistics: [.percent], filter: TableFilter(field: "channels", members: [0], label: "uses X")),
            Table(
                name: "inverse", title: "Inverse", questionKey: "q_answer", field: "answer", banners: ["group"],
                statistics: [.ratio], ratio: RatioSpec(label: "Low vs high", numerator: [0], denominator: [2])),
            Table(
                name: "scored", title: "Scored", questionKey: "q_answer", field: "answer", banners: ["group"],
                statistics: [.mean, .standardDeviation]),
        ],
        output: OutputSpec(partitionBy: [.banner]), quality: QualitySpec(maxRejectedShare: 0))

    static let layout = ColumnLayout(fields: definition.fields)
    static let missing = CategoryCode.missing

    /// group, answer, (mentioned, answered), number, weight
    static let respondents: [(UInt16, UInt16, UInt64, UInt64, Double, Double)] = [
        (0, 0, 0b01, 0b11, 10, 1),
        (0, 2, 0b11, 0b11, 20, 2),
        (1, 1, 0b00, 0b11, 30, 1),
        (1, 3, 0b00, 0b00, .nan, 3),
        (missing, 2, 0b10, 0b10, 40, 1),
        (1, missing, 0b00, 0b00, 50, 1),
    ]

    /// Aggregates the respondents in `range` into a state.
    static func add(_ range: Range<Int>, to state: inout AggregateState, plan: AggregationPlan) {
        let batch = batch(range)
        state.add(batch, cells: plan.cellSpace.cells(of: batch), plan: plan)
    }

    /// A batch of the respondents in `range`.
    static func batch(_ range: Range<Int>) -> ColumnBatch {
        var batch = ColumnBatch(layout: layout, fileIndex: 0, capacity: range.count)
        for index in range {
            let (group, answer, mentioned, answered, number, weight) = respondents[index]
            batch.appendEmptyRow(line: index + 2, id: Array("r\(index + 1)".utf8))
            batch.categorical[0][batch.count - 1] = group
            batch.categorical[1][batch.count - 1] = answer
            batch.mentioned[0][batch.count - 1] = mentioned
            batch.answered[0][batch.count - 1] = answered
            batch.numeric[0][batch.count - 1] = number
            batch.baseWeights[batch.count - 1] = weight
        }
        return batch
    }
}

@Suite("Table finisher against hand-worked tables")
struct TableFinisherTests {
    let plan: AggregationPlan
    let rows: [ResultRow]

    init() throws {
        plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        rows = TableFinisher(plan: plan).rows(
            state: state, cellFactors: Array(repeating: 1, count: plan.cellSpace.cellCount))
    }

    func value(_ table: String, _ column: String, _ row: String, _ statistic: String) -> ResultRow? {
        rows.first { $0.table == table && $0.columnCode == column && $0.rowCode == row && $0.statistic == statistic }
    }

    @Test("The total column's base is the weighted respondents who rated: r1 + r2 + r3 + r5 = 1 + 2 + 1 + 1")
    func totalBase() throws {
        let low = try #require(value("answer", "total", "1", "percent"))
        #expect(low.unweightedBase == 4)
        #expect(low.weightedBase == 5)
        #expect(low.effectiveBase == 25.0 / 7)  // (1 + 2 + 1 + 1)² / (1 + 4 + 1 + 1)
        #expect(low.value == .real(20))  // r1: 1 of 5
        #expect(value("answer", "total", "3", "percent")?.value == .real(60))  // r2 + r5: 3 of 5
        #expect(value("answer", "total", "net1", "percent")?.value == .real(80))  // r2 + r3 + r5: 4 of 5
        #expect(value("answer", "total", "3", "count")?.value == .integer(2))
        #expect(value("answer", "total", "3", "weighted_count")?.value == .real(3))
    }

    /// Every respondent's rows with standard errors, unweighted (every factor 1, no raking).
    func rowsWithStandardErrors() -> [ResultRow] {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let factors = Array(repeating: 1.0, count: plan.cellSpace.cellCount)
        return TableFinisher(
            plan: plan, linearization: Linearization(margins: [], census: state.census, factors: factors)
        )
        .rows(state: state, cellFactors: factors)
    }

    @Test("Standard errors follow R survey's svymean for a one-stage design (ids = ~1), worked by hand")
    func standardErrors() throws {
        let rows = rowsWithStandardErrors()
        func find(_ table: String, _ column: String, _ row: String, _ statistic: String) -> ResultRow? {
            rows.first {
                $0.table == table && $0.columnCode == column && $0.rowCode == row && $0.statistic == statistic
            }
        }
        // net1 in the total: z = w (1{net} - 0.8) / 5 over the rated; n = 6 respondents in all.
        let net = try #require(find("answer", "total", "net1", "percent")?.standardError)
        #expect(abs(net - 20.552372125864206) < 1e-9)
        // The mean of 10, 20, 30, 40, 50 with weights 1, 2, 1, 1, 1 (28.33): z = w (y - 28.33) / 6.
        let deviations: [(Double, Double)] = [(1, 10), (2, 20), (1, 30), (1, 40), (1, 50)]
        let z = deviations.map { $0.0 * ($0.1 - 170.0 / 6) / 6 }
        let sum = z.reduce(0, +), squares = z.reduce(0) { $0 + $1 * $1 }
        let expected = (6.0 / 5 * (squares - sum * sum / 6)).squareRoot()
        #expect(abs(try #require(find("number", "total", "", "mean")?.standardError) - expected) < 1e-12)
        #expect(find("answer", "total", "net1", "count")?.standardError == nil)
        #expect(rows.first { $0.statistic == "percent" }?.interval != nil)
    }

    @Test("A scale's mean score: the rated answers' scores, not rated left out, worked by hand")
    func meanScore() throws {
        let rows = rowsWithStandardErrors()
        func find(_ column: String, _ statistic: String) throws -> ResultRow {
            try #require(rows.first { $0.table == "scored" && $0.columnCode == column && $0.statistic == statistic })
        }
        // Rated: r1 scores 1 (weight 1), r2 3 (2), r3 2 (1), r5 3 (1); r4's 9 is not rated.
        let mean = try find("total", "mean")
        #expect(mean.value == .real(12.0 / 5))
        #expect(mean.weightedBase == 5 && mean.unweightedBase == 4)
        // Σw(s - 2.4)² / W = (1.96 + 0.72 + 0.16 + 0.36) / 5 = 0.64, times n/(n-1) = 4/3.
        guard case .real(let sd) = try find("total", "sd").value else {
            Issue.record("no standard deviation")
            return
        }
        #expect(abs(sd - (0.64 * 4 / 3).squareRoot()) < 1e-12)
        // z = w (s - 2.4) / 5 = -0.28, 0.24, -0.08, 0.12 (0 for r4, r6); Σz = 0; n = 6.
        let squares = 0.28 * 0.28 + 0.24 * 0.24 + 0.08 * 0.08 + 0.12 * 0.12
        let se = try #require(mean.standardError)
        #expect(abs(se - (6.0 / 5 * squares).squareRoot()) < 1e-12)
        #expect(try find("A", "mean").value == .real(7.0 / 3))  // (1 + 2 × 3) / 3
        #expect(try find("B", "mean").value == .real(2))  // r3 alone
        #expect(try find("B", "sd").value == .empty)  // one respondent
    }

    @Test("Not rated is counted but leaves the base and has no percentage")
    func notRated() {
        #expect(value("answer", "total", "9", "count")?.value == .integer(1))
        #expect(value("answer", "total", "9", "weighted_count")?.value == .real(3))
        #expect(value("answer", "total", "9", "percent") == nil)
    }

    @Test("Banner columns hold only their category; a missing banner answer counts in the total only")
    func bannerColumns() {
        #expect(value("answer", "A", "1", "percent")?.value == .real(100.0 / 3))  // r1: 1 of 3
        #expect(value("answer", "A", "3", "percent")?.value == .real(200.0 / 3))  // r2: 2 of 3
        #expect(value("answer", "A", "3", "percent")?.weightedBase == 3)
        #expect(value("answer", "B", "2", "percent")?.value == .real(100))  // r3 alone rated in B
        #expect(value("answer", "B", "2", "percent")?.unweightedBase == 1)
    }

    @Test("A statistic of a single respondent is empty, not a number")
    func undefined() throws {
        let plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<1, to: &state, plan: plan)
        let rows = TableFinisher(plan: plan).rows(
            state: state, cellFactors: Array(repeating: 1, count: plan.cellSpace.cellCount))
        let sd = rows.first { $0.table == "number" && $0.columnCode == "total" && $0.statistic == "sd" }
        #expect(sd?.value == .empty)
        let percentInB = rows.first {
            $0.table == "answer" && $0.columnCode == "B" && $0.rowCode == "1" && $0.statistic == "percent"
        }
        #expect(percentInB?.value == .empty)  // nobody in B: 0 of 0
    }

    @Test("Multi-select percentages are on those who answered any option")
    func multiSelect() {
        #expect(value("channels", "total", "x", "percent")?.value == .real(60))  // r1 + r2 = 3 of 5
        #expect(value("channels", "total", "y", "percent")?.value == .real(60))  // r2 + r5 = 3 of 5
        #expect(value("channels", "total", "net1", "percent")?.value == .real(80))  // r1 + r2 + r5 = 4 of 5
        #expect(value("channels", "B", "x", "percent")?.value == .real(0))  // r3 answered, mentioned nothing
        #expect(value("channels", "B", "x", "percent")?.unweightedBase == 1)
    }

    @Test("Means and standard deviations follow R survey's svymean and svyvar")
    func numeric() {
        // Σw = 6, Σwy = 170; svyvar = Σw(y - mean)² / Σw * n / (n - 1) with n = 5.
        #expect(value("number", "total", "", "mean")?.value == .real(28.333333333333332))
        #expect(closeTo(value("number", "total", "", "sd")?.value, 15.023130314433288))
        #expect(value("number", "A", "", "mean")?.value == .real(16.666666666666668))
        #expect(closeTo(value("number", "A", "", "sd")?.value, 6.666666666666666))
        // B: r3 = 30 and r6 = 50, weight 1 each: mean 40, svyvar = 100 · 2/1.
        #expect(value("number", "B", "", "mean")?.value == .real(40))
        #expect(closeTo(value("number", "B", "", "sd")?.value, 200.0.squareRoot()))
    }

    @Test("Ranks are competition ranks of the weighted answers within a column, ties sharing the best rank")
    func ranks() {
        // Total: Low 1 (r1), Mid 1 (r3), High 3 (r2 + r5); Not rated has no rank.
        #expect(value("ranked", "total", "3", "rank")?.value == .integer(1))
        #expect(value("ranked", "total", "1", "rank")?.value == .integer(2))
        #expect(value("ranked", "total", "2", "rank")?.value == .integer(2))
        #expect(value("ranked", "total", "9", "rank") == nil)
        #expect(TableFinisher.ranks([3, nil, 1, 3, 0.5]) == [1, nil, 3, 1, 4])
    }

    @Test("The likelihood ratio divides the weighted numerator answers by the denominator answers")
    func ratio() {
        #expect(value("ranked", "total", "ratio", "ratio")?.value == .real(3))  // High 3 / Low 1
        #expect(value("ranked", "A", "ratio", "ratio")?.value == .real(2))  // r2 (2) / r1 (1)
        #expect(value("ranked", "B", "ratio", "ratio")?.value == .empty)  // nobody low in B
        #expect(value("ranked", "total", "ratio", "ratio")?.row == "High vs low")
    }

    @Test("A ratio below 1 is also given as its inverse, as reports print \"N x less likely\"")
    func lessLikely() {
        // Total: low 1 (r1) over high 3 (r2 + r5) = 1/3, printed as 3x less likely.
        #expect(value("inverse", "total", "ratio", "ratio")?.value == .real(1.0 / 3))
        #expect(value("inverse", "total", "ratio", "less_likely")?.value == .real(3))
        #expect(value("ranked", "total", "ratio", "less_likely") == nil)  // 3 is above 1
    }

    @Test("A filtered table counts only respondents passing the filter")
    func filtered() {
        // Mentioned X: r1 (Low, 1) and r2 (High, 2).
        #expect(value("filtered", "total", "1", "percent")?.value == .real(100.0 / 3))
        #expect(value("filtered", "total", "3", "percent")?.value == .real(200.0 / 3))
        #expect(value("filtered", "total", "3", "percent")?.unweightedBase == 2)
        #expect(value("filtered", "B", "2", "percent")?.value == .empty)  // r3 did not mention X
    }

    @Test("Rows come in definition order: table, banner column, row, statistic")
    func order() {
        let answerTotal = rows.filter { $0.table == "answer" && $0.columnCode == "total" }.map {
            "\($0.rowCode):\($0.statistic)"
        }
        #expect(answerTotal.prefix(4) == ["1:count", "1:weighted_count", "1:percent", "2:count"])
        #expect(rows.map(\.columnCode).firstIndex(of: "A")! > rows.map(\.columnCode).firstIndex(of: "total")!)
        #expect(rows.last?.table == "scored")
    }

    @Test("Unweighted finishing counts every respondent once")
    func unweighted() throws {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let rows = TableFinisher(plan: plan, unweighted: true).rows(
            state: state, cellFactors: Array(repeating: 2, count: plan.cellSpace.cellCount))
        func find(_ table: String, _ row: String, _ statistic: String) -> ResultRow? {
            rows.first {
                $0.table == table && $0.columnCode == "total" && $0.rowCode == row && $0.statistic == statistic
            }
        }
        #expect(find("answer", "1", "percent")?.value == .real(25))  // r1 of r1, r2, r3, r5
        #expect(find("answer", "3", "percent")?.value == .real(50))
        #expect(find("answer", "3", "percent")?.weightedBase == 4)
        #expect(find("number", "", "mean")?.value == .real(30))  // (10 + 20 + 30 + 40 + 50) / 5
    }

    @Test("Cell factors scale weighted sums: doubling every factor keeps percentages and doubles bases")
    func factors() {
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let doubled = TableFinisher(plan: plan).rows(
            state: state, cellFactors: Array(repeating: 2, count: plan.cellSpace.cellCount))
        let row = doubled.first {
            $0.table == "answer" && $0.columnCode == "total" && $0.rowCode == "3" && $0.statistic == "percent"
        }
        #expect(row?.value == .real(60))
        #expect(row?.weightedBase == 10)
    }

    func closeTo(_ value: ResultValue?, _ expected: Double) -> Bool {
        guard case .real(let actual)? = value else { return false }
        return abs(actual - expected) <= 1e-12 * abs(expected)
    }
}

@Suite("Aggregate state")
struct AggregateStateTests {
    @Test("States of parts merge into the state of the whole, exactly")
    func mergeEqualsWhole() throws {
        let plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
        var whole = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &whole, plan: plan)
        var first = plan.makeState()
        HandWorkedSurvey.add(0..<2, to: &first, plan: plan)
        var second = plan.makeState()
        HandWorkedSurvey.add(2..<6, to: &second, plan: plan)
        first.merge(second)
        #expect(first == whole)
        #expect(whole.respondentCount == 6)
    }

    @Test("The cell space has a slot for a missing banner answer")
    func cellSpace() throws {
        let plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
        #expect(plan.cellSpace.cellCount == 3)
        #expect(plan.cellSpace.category(of: 2, in: 0) == nil)
        #expect(plan.cellSpace.cells(of: HandWorkedSurvey.batch(0..<6)) == [0, 0, 1, 1, 2, 1])
    }
}
