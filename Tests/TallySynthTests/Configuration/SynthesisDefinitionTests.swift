import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

@testable import TallySynth

/// `synthesis` and the fields' `synth`: `DefinitionSamples.extended` mapped to
/// exactly the expected synthesis configuration.
@Suite("Synthesis configuration")
struct SynthesisDefinitionTests {
    static func load(_ yaml: String = DefinitionSamples.extended) throws -> SynthesisSpec? {
        try SynthesisDefinition(DefinitionLoader.document(yaml: yaml, path: "x.yaml")).synthesis
    }

    /// Numbers divided by their sum, as the loader normalises shares and probabilities.
    static func normalised(_ numbers: [Double]) -> [Double] {
        let sum = numbers.reduce(0, +)
        return numbers.map { $0 / sum }
    }

    @Test func synthesisSection() throws {
        let synthesis = try #require(try Self.load())
        #expect(synthesis.by == "customer_type")
        #expect(
            synthesis.sample == [
                SampleShares(field: "customer_type", within: nil, shares: Self.normalised([0.62, 0.38])),
                SampleShares(field: "region", within: nil, shares: Self.normalised([0.4, 0.6000004])),
                // Groups in the declared order of customer_type (C, B), not as written; each group sums to 1.
                SampleShares(
                    field: "age_group", within: "customer_type",
                    shares: Self.normalised([0.3, 0.7]) + Self.normalised([0.2, 0.8])),
            ])
        #expect(synthesis.sample[1].shares.reduce(0, +) == 1)
        #expect(synthesis.sample[1].shares[1] != 0.6000004)
        #expect(synthesis.duration == DurationModel(field: "seconds", median: 840, spread: 0.45))
        var mess = MessRates.defaults
        mess.blank = 0.02
        mess.speeder = 0
        #expect(synthesis.mess == mess)
    }

    @Test func fieldSynthesisPerCategoryOfBy() throws {
        let answers = try #require(try Self.load()).answers
        func synthesis(_ name: String) -> FieldSynthesis? { answers[name] }
        // by defaults to synthesis.by (customer_type: C, B); C is not listed, so it uses the default.
        #expect(
            synthesis("rating")
                == FieldSynthesis(
                    by: "customer_type",
                    parameters: [nil, .categorical(Self.normalised([0.2, 0.3, 0.4, 0.0999995]))],
                    fallback: .categorical(Self.normalised([0.1, 0.2, 0.6, 0.1])), asked: nil))
        #expect(
            synthesis("apps")
                == FieldSynthesis(
                    by: "age_group", parameters: [.mentions([0.8, 0.3]), .mentions([0.4, 0.1])], fallback: nil,
                    asked: nil))
        // by a field declared before it; code 9 of rating falls back to the default.
        #expect(
            synthesis("has_brand")
                == FieldSynthesis(
                    by: "rating",
                    parameters: [
                        .categorical(Self.normalised([0.3, 0.7])), .categorical(Self.normalised([0.5, 0.5])),
                        .categorical(Self.normalised([0.8, 0.2])), nil,
                    ],
                    fallback: .categorical(Self.normalised([0.4, 0.6])), asked: nil))
        // Maps per category, a plain sd for all, and who is asked.
        let spend = try #require(synthesis("spend"))
        #expect(
            spend
                == FieldSynthesis(
                    by: "region",
                    parameters: [.normal(mean: 100, sd: 50, round: 5), .normal(mean: 200, sd: 50, round: 5)],
                    fallback: nil, asked: (field: "customer_type", categories: [1])))
        #expect(spend.asked?.field == "customer_type" && spend.asked?.categories == [1])
        // Plain numbers are the same in every group: the fallback; round defaults to 1.
        #expect(
            synthesis("visits")
                == FieldSynthesis(
                    by: "customer_type", parameters: [nil, nil], fallback: .normal(mean: 3, sd: 1.5, round: 1),
                    asked: nil))
        for name in ["region", "age", "customer_type", "seconds", "age_group", "app_count"] {
            #expect(synthesis(name) == nil, "\(name)")
        }
    }

    @Test func withoutSynthesisNothingIsSynthesized() throws {
        #expect(try Self.load(DefinitionSamples.valid) == nil)
    }

    @Test func messDefaultsAndPlainNestedShares() throws {
        let (yaml, found) = DefinitionSamples.editing(
            DefinitionSamples.extendedEdits + [
                ("  mess: {blank: 0.02, speeder: 0}\n", ""),
                ("  duration: {field: seconds, median: 840, spread: 0.45}\n", ""),
                ("    customer_type: {C: 0.62, B: 0.38}\n", "    customer_type: {shares: {C: 0.62, B: 0.38}}\n"),
            ])
        #expect(found)
        let synthesis = try #require(try Self.load(yaml))
        #expect(synthesis.mess == MessRates.defaults)
        #expect(synthesis.duration == nil)
        #expect(
            synthesis.sample[0]
                == SampleShares(field: "customer_type", within: nil, shares: Self.normalised([0.62, 0.38])))
    }
}
