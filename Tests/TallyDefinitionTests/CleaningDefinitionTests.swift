import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// The `cleaning` section: every key mapped to the `CleaningSpec`, and the defaults.
@Suite("Cleaning definitions")
struct CleaningDefinitionTests {
    /// `DefinitionSamples.valid` with the cleaning fields and the given `cleaning` section.
    static func cleaning(_ text: String) throws -> CleaningSpec {
        let yaml = DefinitionSamples.editing([
            DefinitionSamples.cleaningEdits[0], ("    statistics: [mean, sd]\n", "    statistics: [mean, sd]\n" + text),
        ]).yaml
        return try DefinitionLoader.load(yaml: yaml, path: "c.yaml").cleaning
    }

    @Test func everyKeyWritten() throws {
        let definition = try DefinitionLoader.load(yaml: DefinitionSamples.cleaned, path: "c.yaml")
        let spec = definition.cleaning
        #expect(spec.rejectDuplicates)
        #expect(spec.required == ["customer_type", "age_group", "apps"])
        #expect(spec.rejectOutOfDomain == ["customer_type", "rating"])
        #expect(spec.speeders == SpeederRule(field: "seconds", minimumSeconds: 120, fractionOfMedian: 0.4))
        #expect(
            spec.straightLiners == [
                StraightLineRule(name: "trust_grid", fields: ["q1", "q2", "q3"], minimumItems: 3),
                StraightLineRule(name: "short-grid", fields: ["q3", "q1"], minimumItems: 2),
            ])
        // Category indices in the routing field's declared order (C, B; young, older), not as written.
        #expect(
            spec.routing == [
                RoutingRule(questions: ["b2b_spend", "apps"], field: "customer_type", categories: [1]),
                RoutingRule(questions: ["rating"], field: "age_group", categories: [1, 0]),
            ])
        // The fields the rules name are declared with the kinds the cleaner needs.
        guard case .numeric(let duration)? = definition.field(named: "seconds")?.kind else {
            Issue.record("seconds should be numeric")
            return
        }
        #expect(duration.column == "interview_seconds")
    }

    @Test func absentSectionTurnsEveryRuleOff() throws {
        for yaml in [DefinitionSamples.valid, DefinitionSamples.valid + "cleaning:\n"] {
            let spec = try DefinitionLoader.load(yaml: yaml, path: "c.yaml").cleaning
            #expect(!spec.rejectDuplicates)
            #expect(spec.required.isEmpty)
            #expect(spec.rejectOutOfDomain.isEmpty)
            #expect(spec.speeders == nil)
            #expect(spec.straightLiners.isEmpty)
            #expect(spec.routing.isEmpty)
        }
    }

    @Test func emptySectionAndDefaults() throws {
        let spec = try Self.cleaning(
            """
            cleaning:
              duplicates: keep
              required: []
              speeders: {duration: seconds, fraction_of_median: 0.5}
              straight_liners:
                - {name: grid, fields: [q1, q2, q3]}

            """)
        #expect(!spec.rejectDuplicates)
        #expect(spec.required.isEmpty)
        #expect(spec.rejectOutOfDomain.isEmpty)
        #expect(spec.speeders == SpeederRule(field: "seconds", minimumSeconds: nil, fractionOfMedian: 0.5))
        // min_items defaults to the number of fields.
        #expect(spec.straightLiners == [StraightLineRule(name: "grid", fields: ["q1", "q2", "q3"], minimumItems: 3)])
        #expect(spec.routing.isEmpty)
    }

    @Test func minimumSecondsAloneAndMinItemsAboveTheFieldCount() throws {
        let spec = try Self.cleaning(
            """
            cleaning:
              speeders:
                duration: age
                min_seconds: 0.5
              straight_liners:
                - {name: never_checked, fields: [q1, q2], min_items: 5}
              routing:
                - questions: [q4, age]
                  asked: {field: rating, codes: [9, 1]}

            """)
        #expect(spec.speeders == SpeederRule(field: "age", minimumSeconds: 0.5, fractionOfMedian: nil))
        #expect(
            spec.straightLiners == [StraightLineRule(name: "never_checked", fields: ["q1", "q2"], minimumItems: 5)])
        #expect(spec.routing == [RoutingRule(questions: ["q4", "age"], field: "rating", categories: [3, 0])])
    }
}
