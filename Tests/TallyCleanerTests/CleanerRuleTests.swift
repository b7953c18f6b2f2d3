import TallyCleaner
import TallyModel
import Testing

private let missing = CategoryCode.missing

@Suite("Cleaner: one rule at a time")
struct CleanerRuleTests {
    @Test("Required fields: a missing code, a NaN, a multi-select with no option answered, a missing bin")
    func required() {
        let batch = Survey.batch([
            [
                "customer_type": .code(0), "duration": .number(300), "channels": .multi(mentioned: 1, answered: 1),
                "birth_year": .number(1970),
            ],
            ["duration": .number(300), "channels": .multi(mentioned: 1, answered: 1), "birth_year": .number(1970)],
            ["customer_type": .code(1), "channels": .multi(mentioned: 1, answered: 1), "birth_year": .number(1970)],
            ["customer_type": .code(1), "duration": .number(300), "birth_year": .number(1970)],
            // Answered "not mentioned" to one option: an answer.
            [
                "customer_type": .code(2), "duration": .number(300), "channels": .multi(mentioned: 0, answered: 2),
                "birth_year": .number(1970),
            ],
            ["customer_type": .code(2), "duration": .number(300), "channels": .multi(mentioned: 1, answered: 1)],
        ])
        let cleaned = Survey.clean(
            batch, CleaningSpec(required: ["customer_type", "duration", "channels", "generation"]))
        #expect(Survey.ids(cleaned) == ["r1", "r5"])
        #expect(cleaned.lines == [2, 6])
        #expect(
            cleaned.rejects == [
                Survey.rejected(
                    3, "required_missing", "CTYPE", "", "required field 'customer_type' has no valid answer"),
                Survey.rejected(4, "required_missing", "DUR", "", "required field 'duration' has no valid answer"),
                Survey.rejected(
                    5, "required_missing", "channels", "", "required field 'channels' has no option answered"),
                Survey.rejected(7, "required_missing", "BYEAR", "", "required field 'generation' has no valid answer"),
            ])
    }

    @Test("Out-of-domain policy: the reader's exclusion in a listed field's column rejects the respondent, once")
    func outOfDomain() {
        var batch = Survey.batch(Array(repeating: ["customer_type": .code(0)], count: 5))
        let reader = [
            Survey.excluded(
                3, "out_of_domain", "CTYPE", "Z", "code 'Z' is not one of the 3 codes declared for 'customer_type'"),
            // Q1 is not listed: the value stays excluded, the respondent stays.
            Survey.excluded(4, "out_of_domain", "Q1", "7", "code '7' is not one of the 5 codes declared for 'q1'"),
            Survey.excluded(5, "out_of_domain", "ch_app", "2", "'2' in option column 'ch_app' of 'channels' is not 1"),
            // Two in one row: one rejection, naming the first.
            Survey.excluded(
                6, "out_of_domain", "CTYPE", "D", "code 'D' is not one of the 3 codes declared for 'customer_type'"),
            Survey.excluded(6, "out_of_domain", "ch_web", "x", "'x' in option column 'ch_web' of 'channels' is not 1"),
            // A line not in the batch (a row the reader or the duplicate filter left out).
            Reject(
                file: Survey.file, line: 9, respondentID: "r8", rule: "ragged_row", field: "", rawValue: "r8,1",
                action: .rowRejected, reason: "expected 12 fields, found 2"),
            Survey.excluded(
                9, "out_of_domain", "CTYPE", "Q", "code 'Q' is not one of the 3 codes declared for 'customer_type'"),
        ]
        batch.rejects = reader
        let cleaned = Survey.clean(batch, CleaningSpec(rejectOutOfDomain: ["customer_type", "channels"]))
        #expect(Survey.ids(cleaned) == ["r1", "r3"])
        #expect(
            cleaned.rejects == reader + [
                Survey.rejected(
                    3, "out_of_domain", "CTYPE", "Z",
                    "'Z' in 'CTYPE' is out of domain, and out-of-domain codes of 'customer_type' reject the respondent"),
                Survey.rejected(
                    5, "out_of_domain", "ch_app", "2",
                    "'2' in 'ch_app' is out of domain, and out-of-domain codes of 'channels' reject the respondent"),
                Survey.rejected(
                    6, "out_of_domain", "CTYPE", "D",
                    "'D' in 'CTYPE' is out of domain, and out-of-domain codes of 'customer_type' reject the respondent"),
            ])
    }

    @Test("Speeders: below the threshold is rejected, at it or missing is not")
    func speeders() {
        let batch = Survey.batch([
            ["duration": .number(95)], ["duration": .number(240)], [:], ["duration": .number(239.5)],
            ["duration": .number(1000)],
        ])
        let rule = SpeederRule(field: "duration", minimumSeconds: 120, fractionOfMedian: 0.5)
        let cleaned = Survey.clean(batch, CleaningSpec(speeders: rule), speederThreshold: 240)
        #expect(Survey.ids(cleaned) == ["r2", "r3", "r5"])
        #expect(
            cleaned.rejects == [
                Survey.rejected(
                    2, "speeder", "DUR", "95", "interview took 95 s, below the threshold of 240 s (0.5 × median 480 s)"),
                Survey.rejected(
                    5, "speeder", "DUR", "239.5",
                    "interview took 239.5 s, below the threshold of 240 s (0.5 × median 480 s)"),
            ])
    }

    @Test("Speeders: the threshold's account follows where it came from")
    func speederThresholds() {
        let batch = Survey.batch([["duration": .number(95)]])
        // The absolute minimum won over the relative part.
        let both = SpeederRule(field: "duration", minimumSeconds: 120, fractionOfMedian: 0.5)
        #expect(
            Survey.clean(batch, CleaningSpec(speeders: both), speederThreshold: 120).rejects.map(\.reason) == [
                "interview took 95 s, below the threshold of 120 s (the declared minimum)"
            ])
        // No threshold from the run: the minimum alone.
        let absolute = SpeederRule(field: "duration", minimumSeconds: 100, fractionOfMedian: nil)
        let cleaner = Cleaner(definition: Survey.definition(CleaningSpec(speeders: absolute)), layout: Survey.layout)
        #expect(cleaner.speederThreshold == 100)
        var cleaned = batch
        cleaner.clean(&cleaned, fileName: Survey.file)
        #expect(
            cleaned.rejects == [
                Survey.rejected(2, "speeder", "DUR", "95", "interview took 95 s, below the threshold of 100 s")
            ])
        // A relative rule without the run's threshold cannot be applied.
        let relative = SpeederRule(field: "duration", minimumSeconds: nil, fractionOfMedian: 0.5)
        #expect(
            Cleaner(definition: Survey.definition(CleaningSpec(speeders: relative)), layout: Survey.layout)
                .speederThreshold == nil)
        #expect(Survey.clean(batch, CleaningSpec(speeders: relative)).count == 1)
    }

    @Test("Straight-liners: one code for every item of the grid, every item answered")
    func straightLiners() {
        func grid(_ q1: UInt16, _ q2: UInt16, _ q3: UInt16) -> [String: Survey.Value] {
            ["q1": .code(q1), "q2": .code(q2), "q3": .code(q3)]
        }
        let batch = Survey.batch([
            grid(3, 3, 3), grid(3, 3, 2), grid(3, 3, missing), grid(missing, missing, missing), grid(0, 0, 0),
        ])
        let rule = StraightLineRule(name: "satisfaction", fields: ["q1", "q2", "q3"], minimumItems: 3)
        let cleaned = Survey.clean(batch, CleaningSpec(straightLiners: [rule]))
        #expect(Survey.ids(cleaned) == ["r2", "r3", "r4"])
        #expect(
            cleaned.rejects == [
                Survey.rejected(
                    2, "straight_liner", "satisfaction", "4", "gave the answer '4' to all 3 items of 'satisfaction'"),
                Survey.rejected(
                    6, "straight_liner", "satisfaction", "1", "gave the answer '1' to all 3 items of 'satisfaction'"),
            ])
        // A grid shorter than its minimum is never checked.
        let long = StraightLineRule(name: "satisfaction", fields: ["q1", "q2", "q3"], minimumItems: 4)
        let unchecked = Survey.clean(batch, CleaningSpec(straightLiners: [long]))
        #expect(unchecked.count == 5)
        #expect(unchecked.rejects.isEmpty)
    }

    @Test("Routing blanks the routed answers of those not asked, including a missing routing field, and counts each")
    func routing() {
        let answers: [String: Survey.Value] = [
            "b_reason": .code(1), "spend": .number(12.5), "channels": .multi(mentioned: 0b11, answered: 0b11),
        ]
        let batch = Survey.batch([
            answers.merging(["customer_type": .code(0)]) { $1 },  // A: not asked, three values blanked
            answers.merging(["customer_type": .code(1)]) { $1 },  // B: asked, kept
            ["spend": .number(40), "channels": .multi(mentioned: 0, answered: 0b01)],  // missing: not asked
            ["customer_type": .code(2)],  // C: not asked, nothing to blank
        ])
        let rule = RoutingRule(questions: ["b_reason", "spend", "channels"], field: "customer_type", categories: [1])
        let cleaned = Survey.clean(batch, CleaningSpec(routing: [rule]))
        #expect(Survey.ids(cleaned) == ["r1", "r2", "r3", "r4"])
        #expect(cleaned.categorical[4] == [missing, 1, missing, missing])
        #expect(cleaned.numeric[2].map { $0.isNaN ? -1 : $0 } == [-1, 12.5, -1, -1])
        #expect(cleaned.mentioned[0] == [0, 0b11, 0, 0])
        #expect(cleaned.answered[0] == [0, 0b11, 0, 0])
        let reason = "asked only of customer_type B"
        #expect(
            cleaned.rejects == [
                Survey.excluded(2, "routing", "B_REASON", "y", reason),
                Survey.excluded(2, "routing", "SPEND", "12.5", reason),
                Survey.excluded(2, "routing", "channels", "ch_web|ch_app", reason),
                Survey.excluded(4, "routing", "SPEND", "40", reason),
                Survey.excluded(4, "routing", "channels", "", reason),
            ])
    }

    @Test("Derived bins: each year gets its bin; a year in no bin is excluded with rule no_bin")
    func bins() {
        let years: [Double] = [1950, 1970, 1990, 2010, .nan, 1964, 1965]
        let batch = Survey.batch(years.map { ["birth_year": .number($0)] })
        let cleaned = Survey.clean(batch)
        #expect(cleaned.count == 7)
        #expect(cleaned.categorical[6] == [0, 1, 2, missing, missing, 0, 1])
        #expect(
            cleaned.rejects == [
                Survey.excluded(5, "no_bin", "BYEAR", "2010", "2010 falls in none of the bins of 'generation'")
            ])
    }

    @Test("A missing weighting variable still rejects the respondent")
    func weightingVariable() {
        let batch = Survey.batch([["region": .code(0)], [:], ["region": .code(1)]])
        let cleaned = Survey.clean(batch, weightedByRegion: true)
        #expect(Survey.ids(cleaned) == ["r1", "r3"])
        #expect(cleaned.categorical[5] == [0, 1])
        #expect(
            cleaned.rejects == [
                Survey.rejected(
                    3, "missing_weighting_variable", "REGION", "", "no valid 'region', which weighting needs")
            ])
    }
}
