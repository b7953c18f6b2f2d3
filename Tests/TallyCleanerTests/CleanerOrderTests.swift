import TallyCleaner
import TallyModel
import Testing

@Suite("Cleaner: the rules together")
struct CleanerOrderTests {
    static let everyRule = CleaningSpec(
        required: ["customer_type"], rejectOutOfDomain: ["customer_type"],
        speeders: SpeederRule(field: "duration", minimumSeconds: 120, fractionOfMedian: nil),
        straightLiners: [StraightLineRule(name: "satisfaction", fields: ["q1", "q2", "q3"], minimumItems: 3)],
        routing: [RoutingRule(questions: ["spend"], field: "customer_type", categories: [1])])

    /// A respondent of type A who is fine on every rule, with `changes` applied.
    static func respondent(_ changes: [String: Survey.Value] = [:]) -> [String: Survey.Value] {
        let fine: [String: Survey.Value] = [
            "customer_type": .code(0), "duration": .number(600), "q1": .code(0), "q2": .code(1), "q3": .code(2),
            "region": .code(0), "spend": .number(10),
        ]
        return fine.merging(changes) { $1 }
    }

    @Test("Rules not declared change nothing but the derived fields")
    func nothingDeclared() {
        var batch = Survey.batch([
            Self.respondent(["customer_type": .code(0), "duration": .number(1), "q2": .code(0), "q3": .code(0)]),
            Self.respondent(["region": .code(CategoryCode.missing), "birth_year": .number(1970)]),
            [:],
        ])
        let reader = [Survey.excluded(2, "out_of_domain", "CTYPE", "Z", "code 'Z' is not one of the 3 codes declared")]
        batch.rejects = reader
        let cleaned = Survey.clean(batch)
        #expect(cleaned.count == 3)
        #expect(cleaned.rejects == reader)
        #expect(cleaned.lines == batch.lines)
        #expect(cleaned.categorical[0..<6] == batch.categorical[0..<6])
        #expect(cleaned.categorical[6] == [CategoryCode.missing, 1, CategoryCode.missing])
        #expect(
            cleaned.numeric.map { $0.map { $0.isNaN ? -1 : $0 } } == batch.numeric.map { $0.map { $0.isNaN ? -1 : $0 } }
        )
        #expect(cleaned.mentioned == batch.mentioned && cleaned.answered == batch.answered)
    }

    @Test("A speeder who also straight-lines is rejected once, as a speeder")
    func speederBeforeStraightLiner() {
        let batch = Survey.batch([
            Self.respondent(["duration": .number(60), "q1": .code(4), "q2": .code(4), "q3": .code(4)]),
            Self.respondent(["q1": .code(4), "q2": .code(4), "q3": .code(4)]),
            Self.respondent(),
        ])
        let cleaned = Survey.clean(batch, Self.everyRule)
        #expect(Survey.ids(cleaned) == ["r3"])
        #expect(
            cleaned.rejects == [
                Survey.rejected(2, "speeder", "DUR", "60", "interview took 60 s, below the threshold of 120 s"),
                Survey.rejected(
                    3, "straight_liner", "satisfaction", "5", "gave the answer '5' to all 3 items of 'satisfaction'"),
                Survey.excluded(4, "routing", "SPEND", "10", "asked only of customer_type B"),
            ])
    }

    @Test("Each rejected respondent has one row_rejected record, naming the first rule that fired")
    func firstRuleWins() {
        var batch = Survey.batch([
            // Missing the required field, a speeder, and missing the weighting variable.
            Self.respondent([
                "customer_type": .code(CategoryCode.missing), "duration": .number(5),
                "region": .code(CategoryCode.missing),
            ]),
            // Out of domain (the reader blanked the code, so also missing), and routed: out of domain comes after required.
            Self.respondent(["customer_type": .code(CategoryCode.missing)]),
            // Out of domain in a row that has its type, then a speeder.
            Self.respondent(["duration": .number(5)]),
            // A speeder not asked the routed question: rejected, so nothing is blanked.
            Self.respondent(["duration": .number(5), "spend": .number(99)]),
            // Not asked: blanked, then rejected for the missing weighting variable.
            Self.respondent(["region": .code(CategoryCode.missing), "spend": .number(7)]),
            // Fine, not asked: spend blanked.
            Self.respondent(),
        ])
        let reader = [
            Survey.excluded(3, "out_of_domain", "CTYPE", "Z", "code 'Z' is not one of the 3 codes declared"),
            Survey.excluded(4, "out_of_domain", "CTYPE", "Q", "code 'Q' is not one of the 3 codes declared"),
        ]
        batch.rejects = reader
        let cleaned = Survey.clean(batch, Self.everyRule, weightedByRegion: true)
        #expect(Survey.ids(cleaned) == ["r6"])
        #expect(cleaned.numeric[2][0].isNaN)
        let routed = "asked only of customer_type B"
        #expect(
            cleaned.rejects == reader + [
                Survey.rejected(
                    2, "required_missing", "CTYPE", "", "required field 'customer_type' has no valid answer"),
                Survey.rejected(
                    3, "required_missing", "CTYPE", "", "required field 'customer_type' has no valid answer"),
                Survey.rejected(
                    4, "out_of_domain", "CTYPE", "Q",
                    "'Q' in 'CTYPE' is out of domain, and out-of-domain codes of 'customer_type' reject the respondent"),
                Survey.rejected(5, "speeder", "DUR", "5", "interview took 5 s, below the threshold of 120 s"),
                Survey.excluded(6, "routing", "SPEND", "7", routed),
                Survey.excluded(7, "routing", "SPEND", "10", routed),
                Survey.rejected(
                    6, "missing_weighting_variable", "REGION", "", "no valid 'region', which weighting needs"),
            ])
        #expect(cleaned.rejects.count { $0.action == .rowRejected } == 5)
    }

    @Test("Rows are removed once, after every rule: the kept rows' values stay with their lines and ids")
    func alignment() {
        let batch = Survey.batch([
            Self.respondent(["duration": .number(10), "spend": .number(1)]),
            Self.respondent(["customer_type": .code(1), "spend": .number(2), "birth_year": .number(1950)]),
            Self.respondent(["q1": .code(2), "q2": .code(2), "q3": .code(2), "spend": .number(3)]),
            Self.respondent(["customer_type": .code(1), "spend": .number(4), "birth_year": .number(1990)]),
        ])
        let cleaned = Survey.clean(batch, Self.everyRule)
        #expect(Survey.ids(cleaned) == ["r2", "r4"])
        #expect(cleaned.lines == [3, 5])
        #expect(cleaned.numeric[2] == [2, 4])
        #expect(cleaned.categorical[6] == [0, 2])
        #expect(cleaned.baseWeights == [1, 1])
    }
}
