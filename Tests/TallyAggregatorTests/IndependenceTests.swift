import TallyModel
import Testing

@testable import TallyAggregator

/// The tests of independence: the distributions' tails against R's `pchisq` and `pf`,
/// Rao-Scott's corrections under simple random sampling against Pearson's test (R's
/// `chisq.test`), and the cases without a test. The design-based statistics are checked
/// against R's `svychisq` through the whole pipeline (`IndependenceRunTests`).
@Suite("Tests of independence")
struct IndependenceTests {
    @Test("Chi-square upper tails equal R's pchisq(x, df, lower.tail = FALSE) to 1e-12 relative")
    func chiSquareTails() {
        // R 4: options(digits = 17); pchisq(x, df, lower.tail = FALSE).
        let cases: [(Double, Double, Double)] = [
            (0.5, 1, 0.47950012218695348), (3.84, 1, 0.050043521248705224), (16.3444, 4, 0.0025901931526280627),
            (29.7, 16, 0.019621458227479991), (200, 12, 3.2614563667204693e-36), (0.001, 3.5, 0.99999896085484097),
            (50, 80.5, 0.99697423215973247), (1500, 1400, 0.031503720989392379),
        ]
        for (x, df, expected) in cases {
            let p = Distributions.chiSquareUpper(x, degrees: df)
            #expect(abs(p - expected) <= 1e-12 * expected, "χ²(\(df)) > \(x): \(p) vs \(expected)")
        }
        #expect(Distributions.chiSquareUpper(0, degrees: 3) == 1)
    }

    @Test("F upper tails equal R's pf(f, d1, d2, lower.tail = FALSE) to 1e-10 relative, fractional degrees too")
    func fTails() {
        let cases: [(Double, Double, Double, Double)] = [
            (4.0861028493802012, 3.8898495281006662, 1089.1578678681865, 0.0029995587820025519),
            (1.3729147426724539, 1, 280, 0.24230777869484377), (0.2, 2.5, 10, 0.86400371604037352),
            (12, 13.79, 3861.9, 1.890044134867715e-27), (1.05, 200, 50000, 0.30017735896912429),
            (3, 1, 1, 0.33333333333333326),
        ]
        for (f, d1, d2, expected) in cases {
            let p = Distributions.fUpper(f, d1, d2)
            // Degrees in the tens of thousands lose about 1e-11 to the log-gamma functions' rounding.
            #expect(abs(p - expected) <= 1e-10 * expected, "F(\(d1), \(d2)) > \(f): \(p) vs \(expected)")
        }
        #expect(Distributions.fUpper(0, 2, 10) == 1)
    }

    @Test("Under simple random sampling every design effect is 1 and the test is Pearson's (R chisq.test)")
    func simpleRandomSampling() throws {
        // R: chisq.test(matrix(c(10, 20, 30, 25, 15, 5), nrow = 2, byrow = TRUE), correct = FALSE):
        // X-squared = 23.333333333333336, p = 8.574939102672282e-06; and
        // pf(X² / 2, 2, 2 · 104, lower.tail = FALSE) = 1.576929942861433e-05.
        let counts: [Double] = [10, 20, 30, 25, 15, 5]
        let n = counts.reduce(0, +)
        let p = counts.map { $0 / n }
        // The multinomial covariance (D − p pᵀ) / N.
        var covariance: [Double] = []
        for k in p.indices {
            for l in p.indices { covariance.append(((k == l ? p[k] : 0) - p[k] * p[l]) / n) }
        }
        let test = try #require(
            RaoScott(shares: p, rows: 2, columns: 3, covariance: covariance, respondents: 105, designRespondents: 105))
        #expect(abs(test.chiSquare - 23.333333333333336) <= 1e-12 * 23.3)
        #expect(test.degreesOfFreedom == 2)
        #expect(abs(test.pChiSquare - 8.574939102672282e-06) <= 1e-12)
        #expect(abs(test.meanDesignEffect - 1) <= 1e-12)
        #expect(abs(test.numeratorDegrees - 2) <= 1e-12)
        #expect(abs(test.denominatorDegrees - 208) <= 1e-9)
        #expect(abs(test.f - 23.333333333333336 / 2) <= 1e-12 * 12)
        #expect(abs(test.pF - 1.576929942861433e-05) <= 1e-12)
    }

    @Test("A covariance of zero leaves no test")
    func noVariance() {
        let p = [0.25, 0.25, 0.25, 0.25]
        #expect(
            RaoScott(
                shares: p, rows: 2, columns: 2, covariance: Array(repeating: 0, count: 16), respondents: 10,
                designRespondents: 10) == nil)
    }

    /// The hand-worked survey's tests with its 6 respondents, or the first `count`.
    static func tests(respondents count: Int = 6) throws -> [IndependenceTest] {
        let plan = try AggregationPlan(definition: HandWorkedSurvey.definition, layout: HandWorkedSurvey.layout)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<count, to: &state, plan: plan)
        let factors = Array(repeating: 1.0, count: plan.cellSpace.cellCount)
        let finisher = TableFinisher(
            plan: plan, linearization: Linearization(margins: [], census: state.census, factors: factors))
        return HandWorkedSurvey.definition.tables.indices.flatMap {
            finisher.finished(ofTable: $0, state: state, cellFactors: factors).independence
        }
    }

    @Test("Categorical tables showing their answers are tested by each banner with a field; others are not")
    func whichTables() throws {
        let tests = try Self.tests()
        // answer and filtered (percentages of a scale); not channels (multi), number (numeric),
        // ranked, inverse or scored (no counts or percentages of answers).
        #expect(tests.map(\.table) == ["answer", "filtered"])
        #expect(tests.allSatisfy { $0.banner == "group" && $0.question == "q_answer" })
        // answer by group: r1 (1) and r2 (3) in A, r3 (2) in B; r4 is not rated (out of the
        // base), r5 has no group, r6 no answer.
        let answer = tests[0]
        #expect((answer.rows, answer.columns, answer.respondents) == (3, 2, 3))
        #expect(answer.emptyRows.isEmpty && answer.emptyColumns.isEmpty)
        #expect(answer.statistics?.degreesOfFreedom == 2)
    }

    @Test("Answers and columns without respondents are left out and named; with one column left, no test")
    func undefined() throws {
        // r1 and r2 only: both in group A, answering 1 and 3.
        let answer = try #require(Self.tests(respondents: 2).first)
        #expect(answer.emptyRows == ["2"])
        #expect(answer.emptyColumns == ["B"])
        #expect((answer.rows, answer.columns) == (2, 1))
        #expect(answer.statistics == nil)
        #expect(answer.undefined == .fewerThanTwoColumns)
        // r1 alone: one answer with respondents (rows are checked first).
        let single = try #require(Self.tests(respondents: 1).first)
        #expect(single.undefined == .fewerThanTwoRows)
        #expect(single.emptyRows == ["2", "3"])
    }

    @Test("A multi-answer banner: a column per option, a respondent in each option mentioned; no test of independence")
    func multiAnswerBanner() throws {
        var definition = HandWorkedSurvey.definition
        definition.banners.append(Banner(name: "channel", totalLabel: nil, field: "channels"))
        definition.tables[0].banners = ["group", "channel"]
        let plan = try AggregationPlan(definition: definition, layout: HandWorkedSurvey.layout)
        var state = plan.makeState()
        HandWorkedSurvey.add(0..<6, to: &state, plan: plan)
        let factors = Array(repeating: 1.0, count: plan.cellSpace.cellCount)
        let finished = TableFinisher(
            plan: plan, linearization: Linearization(margins: [], census: state.census, factors: factors)
        ).finished(ofTable: 0, state: state, cellFactors: factors)
        func percent(_ column: String, _ answer: String) -> ResultRow? {
            finished.rows.first {
                $0.banner == "channel" && $0.columnCode == column && $0.rowCode == answer && $0.statistic == "percent"
            }
        }
        // x: r1 (answer 1, weight 1) and r2 (3, weight 2); y: r2 and r5 (3, weight 1). r3
        // mentioned neither, r4 and r6 did not answer: in no column.
        #expect(percent("x", "1")?.weightedBase == 3)
        #expect(percent("x", "1")?.value == .real(100.0 / 3))
        #expect(percent("x", "3")?.value == .real(200.0 / 3))
        #expect(percent("y", "3")?.weightedBase == 3)
        #expect(percent("y", "3")?.value == .real(100))
        #expect(percent("y", "1")?.value == .real(0))
        #expect(finished.independence.last?.undefined == .overlappingColumns)
        // r2 is in both columns: counted once among the respondents.
        #expect(finished.independence.last?.respondents == 3)
    }
}
