import Foundation
import TallyModel
import TallySynth
import Testing

/// Bins fields beyond the sample: one drawn from its own `synth` (bin, then a whole
/// number in it), one derived from a generated number and conditioning later answers.
@Suite("Synthesizer bins")
struct BinsTests {
    static func band(_ name: String, source: String, _ bins: [(String, Double, Double)]) -> Field {
        Field(
            name: name, label: name,
            kind: .bins(
                BinSpec(
                    source: source,
                    bins: bins.map { Bin(category: Category(code: $0.0, label: $0.0), lower: $0.1, upper: $0.2) })))
    }

    static let definition: SynthesisDefinition = {
        let fields: [Field] = [
            SynthSurvey.single("customer_type", "CTYPE", ["C", "B"]),
            SynthSurvey.numeric("income", "INCOME", 0...200),
            band("income_band", source: "income", [("low", 0, 99), ("high", 100, 200)]),
            SynthSurvey.single("upgrade", "UPGRADE", ["y", "n"]),
            SynthSurvey.numeric("age", "AGE", 18...90),
            band("age_band", source: "age", [("young", 18, 39.5), ("old", 40, .infinity)]),
        ]
        let answers = [
            "income": FieldSynthesis(
                by: "customer_type", parameters: [], fallback: .normal(mean: 100, sd: 30, round: 1), asked: nil),
            "upgrade": FieldSynthesis(
                by: "income_band", parameters: [.categorical([0.9, 0.1]), .categorical([0.2, 0.8])], fallback: nil,
                asked: nil),
            "age_band": FieldSynthesis(
                by: "customer_type", parameters: [.categorical([0.7, 0.3]), .categorical([0.1, 0.9])], fallback: nil,
                asked: nil),
        ]
        let definition = PipelineDefinition(
            sourcePath: "bins.yaml", survey: "bins", edition: "1", title: "Bins", fieldwork: nil,
            input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: nil), fields: fields, banners: [],
            tables: [], output: OutputSpec(partitionBy: [.banner]), quality: QualitySpec(maxRejectedShare: 0))
        return SynthesisDefinition(
            definition: definition,
            synthesis: SynthesisSpec(
                by: "customer_type", sample: [SampleShares(field: "customer_type", within: nil, shares: [0.5, 0.5])],
                duration: nil, mess: SynthSurvey.noMess, answers: answers))
    }()

    @Test("a bins field over a generated number conditions later answers")
    func derived() throws {
        let (header, rows) = try SynthRun(Self.definition, respondents: 20_000).table()
        #expect(header == ["id", "CTYPE", "INCOME", "UPGRADE", "AGE"])
        let income = header.firstIndex(of: "INCOME")!
        let upgrade = header.firstIndex(of: "UPGRADE")!
        let low = rows.filter { Double($0[income])! <= 99 }
        let high = rows.filter { Double($0[income])! >= 100 }
        #expect(low.count + high.count == rows.count)
        let lowYes = Double(low.count { $0[upgrade] == "y" }) / Double(low.count)
        let highYes = Double(high.count { $0[upgrade] == "y" }) / Double(high.count)
        #expect(withinFourStandardErrors(lowYes, 0.9, n: low.count), "\(lowYes)")
        #expect(withinFourStandardErrors(highYes, 0.2, n: high.count), "\(highYes)")
    }

    @Test("a bins field with its own synth draws the bin, then a whole number inside it and the source's range")
    func drawn() throws {
        let (header, rows) = try SynthRun(Self.definition, respondents: 20_000, seed: 3).table()
        let age = header.firstIndex(of: "AGE")!
        let type = header.firstIndex(of: "CTYPE")!
        let ages = rows.map { Double($0[age])! }
        #expect(ages.allSatisfy { $0 == $0.rounded() && $0 >= 18 && $0 <= 90 })
        // The young bin ends at 39.5, so its whole numbers end at 39; the old one is open, so the range ends it.
        #expect(ages.filter { $0 < 40 }.max() == 39 && ages.max() == 90 && ages.min() == 18)
        for (group, p) in [("C", 0.7), ("B", 0.1)] {
            let members = rows.filter { $0[type] == group }
            let young = Double(members.count { Double($0[age])! < 40 }) / Double(members.count)
            #expect(withinFourStandardErrors(young, p, n: members.count), "\(group): \(young)")
        }
    }
}
