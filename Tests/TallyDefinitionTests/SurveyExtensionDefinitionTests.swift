import TallyDefinition
import TallyModel
import Testing

/// Derived counts, table filters, ratios and published figures, and `synthesis`/`synth`:
/// `DefinitionSamples.extended` mapped to exactly the expected model.
@Suite("Survey extension definitions")
struct SurveyExtensionDefinitionTests {
    static func load(_ yaml: String = DefinitionSamples.extended) throws -> PipelineDefinition {
        try DefinitionLoader.load(yaml: yaml, path: "x.yaml")
    }

    /// Numbers divided by their sum, as the loader normalises shares and probabilities.
    static func normalised(_ numbers: [Double]) -> [Double] {
        let sum = numbers.reduce(0, +)
        return numbers.map { $0 / sum }
    }

    @Test func derivedCountField() throws {
        let definition = try Self.load()
        let field = try #require(definition.field(named: "app_count"))
        #expect(field.label == "Apps mentioned")
        guard case .count(let spec) = field.kind else {
            Issue.record("app_count should be a count field, got \(field.kind)")
            return
        }
        #expect(spec == CountSpec(source: "apps"))
        #expect(definition.fields.map(\.name).suffix(2) == ["age_group", "app_count"])
        let table = try #require(definition.tables.first { $0.name == "app_count" })
        #expect(table.statistics == [.mean, .standardDeviation])
    }

    @Test func filtersAndRatio() throws {
        let tables = try Self.load().tables
        #expect(tables.map(\.name) == ["rating", "age", "rating_brand", "apps_used", "app_count"])
        #expect(tables[0].filter == nil && tables[0].ratio == nil && tables[0].published.isEmpty)
        // Members are indices in the filtering field's declared order, as written.
        #expect(
            tables[2].filter == TableFilter(field: "has_brand", members: [1, 0], label: "answered the brand question"))
        #expect(tables[3].filter == TableFilter(field: "customer_type", members: [0], label: "consumers"))
        #expect(tables[4].filter == TableFilter(field: "apps", members: [1, 0], label: "uses an app"))
        #expect(tables[2].ratio == RatioSpec(label: "Good vs. poor or fair", numerator: [2], denominator: [0, 1]))
        #expect(tables[2].statistics == [.percent, .rank, .ratio])
        #expect(tables[3].ratio == nil)
    }

    @Test func publishedFiguresResolveTheirRows() throws {
        let tables = try Self.load().tables
        #expect(
            tables[2].published == [
                PublishedFigure(
                    figure: "Good ratings", column: "total", banner: "customer", row: "3", statistic: .percent,
                    value: 45, lessLikely: false, resolution: 1),
                PublishedFigure(
                    figure: "Fair or better in the south", column: "S", banner: "region", row: "net1",
                    statistic: .percent, value: 80.5, lessLikely: false, resolution: 0.1),
                PublishedFigure(
                    figure: "Poor ranks third among businesses", column: "B", banner: "customer", row: "1",
                    statistic: .rank, value: 3, lessLikely: false, resolution: 1),
                PublishedFigure(
                    figure: "Good 2.1x as likely as poor or fair", column: "total", banner: "customer", row: "ratio",
                    statistic: .ratio, value: 2.1, lessLikely: false, resolution: 0.1),
                PublishedFigure(
                    figure: "Businesses less likely to rate good", column: "B", banner: "customer", row: "ratio",
                    statistic: .ratio, value: 0.25, lessLikely: true, resolution: 0.01),
            ])
        #expect(
            tables[3].published == [
                PublishedFigure(
                    figure: "Any app", column: "C", banner: "customer", row: "net1", statistic: .percent, value: 62,
                    lessLikely: false, resolution: 0.1),
                PublishedFigure(
                    figure: "App B second", column: "total", banner: "customer", row: "app_b", statistic: .rank,
                    value: 2, lessLikely: false, resolution: 1),
            ])
        #expect(
            tables[4].published == [
                PublishedFigure(
                    figure: "Apps per user", column: "C", banner: "customer", row: "", statistic: .mean, value: 1.5,
                    lessLikely: false, resolution: 0.01)
            ])
    }

    /// The resolution is the unit of the last digit as written in the YAML text.
    @Test(arguments: [
        ("80", 80.0, 1.0), ("2.1", 2.1, 0.1), ("0.25", 0.25, 0.01), ("80.0", 80, 0.1), ("0", 0, 1),
        ("100", 100, 1), ("12.345", 12.345, 0.001), ("+3", 3, 1), (".5", 0.5, 0.1), ("7.", 7, 1),
    ])
    func resolutionOfTheWrittenValue(_ written: String, _ value: Double, _ resolution: Double) throws {
        let (yaml, found) = DefinitionSamples.editing(
            DefinitionSamples.extendedEdits + [
                ("row: 3, statistic: percent, value: 45}", "row: 3, statistic: percent, value: \(written)}")
            ])
        #expect(found)
        let figure = try #require(try Self.load(yaml).tables[2].published.first)
        #expect(figure.value == value)
        #expect(figure.resolution == resolution)
    }

    @Test func synthesisSection() throws {
        let synthesis = try #require(try Self.load().synthesis)
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
        let definition = try Self.load()
        func synthesis(_ name: String) -> FieldSynthesis? { definition.field(named: name)?.synthesis }
        // by defaults to synthesis.by (customer_type: C, B); C is not listed, so it uses the default.
        #expect(
            synthesis("rating")
                == FieldSynthesis(
                    by: "customer_type",
                    parameters: [nil, .categorical(Self.normalised([0.2, 0.3, 0.4, 0.0999995]))],
                    fallback: .categorical(Self.normalised([0.1, 0.2, 0.6, 0.1])), asked: nil))
        #expect(synthesis("rating")?.model(for: 0) == .categorical(Self.normalised([0.1, 0.2, 0.6, 0.1])))
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
        let definition = try Self.load(DefinitionSamples.valid)
        #expect(definition.synthesis == nil)
        #expect(definition.fields.allSatisfy { $0.synthesis == nil })
        #expect(definition.tables.allSatisfy { $0.filter == nil && $0.ratio == nil && $0.published.isEmpty })
    }

    @Test func messDefaultsAndPlainNestedShares() throws {
        let (yaml, found) = DefinitionSamples.editing(
            DefinitionSamples.extendedEdits + [
                ("  mess: {blank: 0.02, speeder: 0}\n", ""),
                ("  duration: {field: seconds, median: 840, spread: 0.45}\n", ""),
                ("    customer_type: {C: 0.62, B: 0.38}\n", "    customer_type: {shares: {C: 0.62, B: 0.38}}\n"),
            ])
        #expect(found)
        let synthesis = try #require(try Self.load(yaml).synthesis)
        #expect(synthesis.mess == MessRates.defaults)
        #expect(synthesis.duration == nil)
        #expect(
            synthesis.sample[0]
                == SampleShares(field: "customer_type", within: nil, shares: Self.normalised([0.62, 0.38])))
    }
}
