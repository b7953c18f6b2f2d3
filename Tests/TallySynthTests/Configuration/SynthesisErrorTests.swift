import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

@testable import TallySynth

/// Broken edits of `DefinitionSamples.extended`'s `synthesis` section and fields' `synth`:
/// one per check, each reported with its key path and line, as the definition's own.
@Suite("Synthesis configuration errors")
struct SynthesisErrorTests {
    /// The `sample` block of `DefinitionSamples.synthesis`.
    static let sampleBlock = DefinitionSamples.synthesisSample

    static let synthesisSection: [BadDefinition] = [
        BadDefinition(
            "synth without synthesis",
            extended: [(DefinitionSamples.synthesis, ""), ("    synth:\n      p:\n", "    synth:\n      p:  # <\n")],
            keyPath: "fields[1].synth", mentions: ["field 'rating' has 'synth'", "no top-level 'synthesis'"]),
        BadDefinition(
            "unknown key in synthesis", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 0.02, speeder: 0}\n  seed: 4  # <\n", keyPath: "synthesis.seed",
            mentions: ["'seed'", "by, sample, duration, mess"]),
        BadDefinition(
            "synthesis without by",
            extended: [("synthesis:\n  by: customer_type\n  sample:\n", "synthesis:\n  sample:  # <\n")],
            keyPath: "synthesis.by", mentions: ["needs 'by'"]),
        BadDefinition(
            "synthesis by a numeric field", extended: "synthesis:\n  by: customer_type\n",
            with: "synthesis:\n  by: spend  # <\n", keyPath: "synthesis.by",
            mentions: ["'spend' is a numeric field", "single, scale or derived bins"]),
        BadDefinition(
            "synthesis without sample",
            extended: [(sampleBlock, ""), ("  by: customer_type\n", "  by: customer_type  # <\n")],
            keyPath: "synthesis.sample", mentions: ["needs 'sample'"]),
        BadDefinition(
            "empty sample", extended: sampleBlock, with: "  sample: {}  # <\n", keyPath: "synthesis.sample",
            mentions: ["the sample is empty"]),
        BadDefinition(
            "sample as a list", extended: sampleBlock, with: "  sample: [customer_type]  # <\n",
            keyPath: "synthesis.sample",
            mentions: ["expected a map from each sampled field", "a list"]),
        BadDefinition(
            "sample of a multi field", extended: "    region: {N: 0.4, S: 0.6000004}\n",
            with: "    region: {N: 0.4, S: 0.6000004}\n    apps: {app_a: 1}  # <\n", keyPath: "synthesis.sample.apps",
            mentions: ["sampled field 'apps' is a multi field", "region, rating, customer_type, has_brand, age_group"]),
        BadDefinition(
            "sample of an unknown field", extended: "    region: {N: 0.4, S: 0.6000004}\n",
            with: "    regoin: {N: 0.4, S: 0.6000004}  # <\n", keyPath: "synthesis.sample.regoin",
            mentions: ["unknown field 'regoin'", "did you mean 'region'"]),
        BadDefinition(
            "sample shares not summing to 1", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 0.62, B: 0.37}  # <\n", keyPath: "synthesis.sample.customer_type",
            mentions: ["the shares of 'customer_type' sum to 0.99, not 1", "within 1e-06"]),
        BadDefinition(
            "sample share missing", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 1}  # <\n", keyPath: "synthesis.sample.customer_type",
            mentions: ["no share for code B of 'customer_type'"]),
        BadDefinition(
            "sample share of an unknown code", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 0.62, X: 0.38}  # <\n", keyPath: "synthesis.sample.customer_type.X",
            mentions: ["'X' is not a code of field 'customer_type'", "C, B"]),
        BadDefinition(
            "sample share above 1", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 1.2, B: -0.2}  # <\n", keyPath: "synthesis.sample.customer_type.C",
            mentions: ["share 1.2 is not between 0 and 1"]),
        BadDefinition(
            "sample within itself", extended: "      within: customer_type\n", with: "      within: age_group  # <\n",
            keyPath: "synthesis.sample.age_group.within", mentions: ["cannot be sampled within itself"]),
        BadDefinition(
            "sample within a field not sampled before", extended: "      within: customer_type\n",
            with: "      within: rating  # <\n", keyPath: "synthesis.sample.age_group.within",
            mentions: ["needs 'rating' sampled before 'age_group'", "customer_type, region"]),
        BadDefinition(
            "sample within a numeric field", extended: "      within: customer_type\n",
            with: "      within: age  # <\n",
            keyPath: "synthesis.sample.age_group.within", mentions: ["'age' is a numeric field"]),
        BadDefinition(
            "nested sample group missing",
            extended: "        B: {young: 0.2, older: 0.8}\n        C: {young: 0.3, older: 0.7}\n",
            with: "        B: {young: 0.2, older: 0.8}  # <\n", keyPath: "synthesis.sample.age_group.shares",
            mentions: ["no shares of 'age_group' for group C of 'customer_type'"]),
        BadDefinition(
            "nested sample shares not summing to 1", extended: "        B: {young: 0.2, older: 0.8}\n",
            with: "        B: {young: 0.2, older: 0.7}  # <\n", keyPath: "synthesis.sample.age_group.shares.B",
            mentions: ["the shares of 'age_group' in group 'B' of 'customer_type' sum to 0.9"]),
        BadDefinition(
            "nested sample group unknown", extended: "        B: {young: 0.2, older: 0.8}\n",
            with: "        X: {young: 0.2, older: 0.8}  # <\n", keyPath: "synthesis.sample.age_group.shares.X",
            mentions: ["'X' is not a code of field 'customer_type' (the 'within' field)"]),
        BadDefinition(
            "unknown key in nested sample shares", extended: "      within: customer_type\n",
            with: "      within: customer_type\n      share: {}  # <\n", keyPath: "synthesis.sample.age_group.share",
            mentions: ["'share'", "within, shares"]),
        BadDefinition(
            "sampled bins unbounded",
            extended: [
                ("{code: older, label: 35+, min: 35, max: 99}", "{code: older, label: 35+, min: 35, max: .inf}"),
                ("    age_group:\n      within:", "    age_group:  # <\n      within:"),
            ], keyPath: "synthesis.sample.age_group", mentions: ["bin 'older' of 'age_group' is unbounded", "'age'"]),
        BadDefinition(
            "duration of a single field", extended: "  duration: {field: seconds,",
            with: "  duration: {field: region,", keyPath: "synthesis.duration.field",
            mentions: ["duration field 'region' is a single field", "numeric field read from the data"]
        ).marked("  duration: {field: region"),
        BadDefinition(
            "duration of a count field", extended: "  duration: {field: seconds,",
            with: "  duration: {field: app_count,", keyPath: "synthesis.duration.field",
            mentions: ["'app_count' is a derived count field"]
        ).marked("  duration: {field: app_count"),
        BadDefinition(
            "duration median of 0", extended: "median: 840, spread: 0.45}\n", with: "median: 0, spread: 0.45}  # <\n",
            keyPath: "synthesis.duration.median", mentions: ["median is 0", "above 0"]),
        BadDefinition(
            "duration spread negative", extended: "median: 840, spread: 0.45}\n",
            with: "median: 840, spread: -0.1}  # <\n",
            keyPath: "synthesis.duration.spread", mentions: ["spread is -0.1", "0 or more"]),
        BadDefinition(
            "duration without median", extended: "median: 840, spread: 0.45}\n", with: "spread: 0.45}  # <\n",
            keyPath: "synthesis.duration.median", mentions: ["needs 'median'"]),
        BadDefinition(
            "mess rate of 1", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 1, speeder: 0}  # <\n",
            keyPath: "synthesis.mess.blank", mentions: ["blank is 1", "up to (not including) 1"]),
        BadDefinition(
            "mess rate negative", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 0.02, speeder: -0.1}  # <\n", keyPath: "synthesis.mess.speeder",
            mentions: ["speeder is -0.1"]),
        BadDefinition(
            "unknown mess key", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blanks: 0.02, speeder: 0}  # <\n", keyPath: "synthesis.mess.blanks",
            mentions: ["'blanks'", "did you mean 'blank'", "out_of_domain"]),
    ]

    static let fieldSynth: [BadDefinition] = [
        BadDefinition(
            "mean in the synth of a scale field", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      default: [0.1, 0.2, 0.6, 0.1]\n      mean: 3  # <\n", keyPath: "fields[1].synth.mean",
            mentions: ["'mean' does not apply to synth of a scale field", "by, p, default, asked"]),
        BadDefinition(
            "p in the synth of a numeric field", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: 1.5, p: {C: [1]}}  # <\n", keyPath: "fields[8].synth.p",
            mentions: ["'p' does not apply to synth of a numeric field", "by, mean, sd, round, asked"]),
        BadDefinition(
            "unknown key in synth", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      defualt: [0.1, 0.2, 0.6, 0.1]  # <\n", keyPath: "fields[1].synth.defualt",
            mentions: ["'defualt'", "did you mean 'default'"]),
        BadDefinition(
            "synth on a sampled field",
            extended: "    codes: [{code: C, label: Consumer}, {code: B, label: Business}]\n",
            with:
                "    codes: [{code: C, label: Consumer}, {code: B, label: Business}]\n    synth: {p: {C: [1, 0]}}  # <\n",
            keyPath: "fields[4].synth", mentions: ["'customer_type' is drawn from synthesis.sample"]),
        BadDefinition(
            "synth on the duration field", extended: "    column: interview_seconds\n",
            with: "    column: interview_seconds\n    synth: {mean: 800, sd: 100}  # <\n", keyPath: "fields[6].synth",
            mentions: ["'seconds' is the synthesis duration field"]),
        BadDefinition(
            "synth on the source of a sampled bins field", extended: "    range: [16, 99]\n",
            with: "    range: [16, 99]\n    synth: {mean: 40, sd: 10}  # <\n", keyPath: "fields[3].synth",
            mentions: ["'age' is drawn within the sampled bin of 'age_group'"]),
        BadDefinition(
            "synth by a numeric field", extended: "      by: age_group\n", with: "      by: age  # <\n",
            keyPath: "fields[2].synth.by", mentions: ["by field 'age' is a numeric field"]),
        BadDefinition(
            "synth by itself", extended: "      by: rating\n", with: "      by: has_brand  # <\n",
            keyPath: "fields[5].synth.by", mentions: ["'has_brand' cannot be conditioned on itself"]),
        BadDefinition(
            "synth by a field declared later", extended: "    synth:\n      p:\n",
            with: "    synth:\n      by: has_brand  # <\n      p:\n", keyPath: "fields[1].synth.by",
            mentions: [
                "'has_brand' is neither sampled nor declared before 'rating'", "customer_type, region, age_group",
            ]),
        BadDefinition(
            "default by declared later",
            extended: [
                ("synthesis:\n  by: customer_type\n", "synthesis:\n  by: has_brand\n"),
                ("    synth:\n      p:\n", "    synth:\n      p:  # <\n"),
            ], keyPath: "fields[1].synth",
            mentions: ["'has_brand' (synthesis.by, the default 'by') is neither sampled nor declared before 'rating'"]),
        BadDefinition(
            "p for a code not of by", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [0.8, 0.3], old: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.old",
            mentions: ["'old' is not a code of 'age_group'", "young, older"]),
        BadDefinition(
            "p with too few probabilities", extended: "        B: [0.2, 0.3, 0.4, 0.0999995]\n",
            with: "        B: [0.5, 0.5]  # <\n", keyPath: "fields[1].synth.p.B",
            mentions: ["2 probabilities for the 4 codes of 'rating' (1, 2, 3, 9)", "in that order"]),
        BadDefinition(
            "p not summing to 1", extended: "        B: [0.2, 0.3, 0.4, 0.0999995]\n",
            with: "        B: [0.2, 0.3, 0.4, 0.2]  # <\n", keyPath: "fields[1].synth.p.B",
            mentions: ["the probabilities of 'rating' sum to 1.1, not 1"]),
        BadDefinition(
            "default not summing to 1", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      default: [0.1, 0.2, 0.6, 0.2]  # <\n", keyPath: "fields[1].synth.default",
            mentions: ["sum to 1.1, not 1"]),
        BadDefinition(
            "multi p with too few probabilities", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [0.8], older: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.young",
            mentions: ["1 probability for the 2 options of 'apps' (app_a, app_b)"]),
        BadDefinition(
            "multi probability above 1", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [1.8, 0.3], older: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.young[0]",
            mentions: ["probability 1.8 is not between 0 and 1"]),
        BadDefinition(
            "category without p or default",
            extended: [
                ("      default: [0.1, 0.2, 0.6, 0.1]\n", ""),
                ("        B: [0.2, 0.3, 0.4, 0.0999995]\n", "        B: [0.2, 0.3, 0.4, 0.0999995]  # <\n"),
            ], keyPath: "fields[1].synth.p",
            mentions: ["no probabilities of 'rating' for code C of 'customer_type'", "default"]),
        BadDefinition(
            "synth without p or default", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with:
                "    synth: {mean: 3, sd: 1.5}\n  - {name: q9, type: single, codes: [{code: 1}], synth: {by: region}}  # <\n",
            keyPath: "fields[9].synth", mentions: ["no probabilities of 'q9' for codes N, S of 'region'"]),
        BadDefinition(
            "p as a list", extended: "      p: {1: [0.3, 0.7], 2: [0.5, 0.5], 3: [0.8, 0.2]}\n",
            with: "      p: [0.3, 0.7]  # <\n", keyPath: "fields[5].synth.p",
            mentions: ["p is a map from each code of 'rating'", "default: [...]"]),
        BadDefinition(
            "numeric synth without sd", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3}  # <\n",
            keyPath: "fields[8].synth.sd", mentions: ["needs 'sd'"]),
        BadDefinition(
            "numeric synth with a negative sd", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: -1}  # <\n", keyPath: "fields[8].synth.sd",
            mentions: ["sd -1 is out of range", "0 or more"]),
        BadDefinition(
            "numeric synth mean missing a code", extended: "mean: {N: 100, S: 200}, sd: 50",
            with: "mean: {N: 100}, sd: 50", keyPath: "fields[7].synth.mean",
            mentions: ["no mean for code S of 'region'", "single number"]
        ).marked("    synth: {by: region, mean: {N: 100}"),
        BadDefinition(
            "numeric synth mean for an unknown code", extended: "mean: {N: 100, S: 200}, sd: 50",
            with: "mean: {N: 100, X: 200}, sd: 50", keyPath: "fields[7].synth.mean.X",
            mentions: ["'X' is not a code of 'region'"]
        ).marked("    synth: {by: region, mean: {N: 100, X"),
        BadDefinition(
            "numeric synth round of 0", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: 1.5, round: 0}  # <\n", keyPath: "fields[8].synth.round",
            mentions: ["round is 0"]),
        BadDefinition(
            "asked code not of the field", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: customer_type, codes: [X]}", keyPath: "fields[7].synth.asked.codes[0]",
            mentions: ["'X' is not a code of field 'customer_type'"]
        ).marked("codes: [X]"),
        BadDefinition(
            "asked by a numeric field", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: seconds, codes: [B]}", keyPath: "fields[7].synth.asked.field",
            mentions: ["asked field 'seconds' is a numeric field"]
        ).marked("asked: {field: seconds"),
        BadDefinition(
            "asked without codes", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: customer_type}", keyPath: "fields[7].synth.asked.codes", mentions: ["needs 'codes'"]
        ).marked("asked: {field: customer_type}"),
    ]

    static let all = synthesisSection + fieldSynth

    @Test(arguments: all)
    func reportsKeyPathLineAndValue(_ sample: BadDefinition) {
        #expect(
            sample.mismatch(file: "bad.yaml") {
                _ = try SynthesisDefinition(DefinitionLoader.document(yaml: $0, path: "bad.yaml"))
            } == nil)
    }

    @Test(arguments: all)
    func aRunLeavesTheSynthesisConfigurationAlone(_ sample: BadDefinition) throws {
        _ = try DefinitionLoader.load(yaml: sample.yaml, path: "bad.yaml")
    }

    @Test func sampleNamesAreUnique() {
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
    }
}
