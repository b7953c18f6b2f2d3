import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// Derived counts, table filters, ratios and published figures: `DefinitionSamples.extended`
/// mapped to exactly the expected model (its `synthesis`/`synth` are TallySynth's).
@Suite("Survey extension definitions")
struct SurveyExtensionDefinitionTests {
    static func load(_ yaml: String = DefinitionSamples.extended) throws -> PipelineDefinition {
        try DefinitionLoader.load(yaml: yaml, path: "x.yaml")
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

    @Test func theValidSampleHasNoSurveyExtensions() throws {
        let definition = try Self.load(DefinitionSamples.valid)
        #expect(definition.tables.allSatisfy { $0.filter == nil && $0.ratio == nil && $0.published.isEmpty })
    }
}
