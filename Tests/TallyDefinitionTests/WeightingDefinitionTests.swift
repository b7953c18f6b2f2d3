import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// The `weighting` section: targets as whole-population shares, defaults, and the other target types.
@Suite("Weighting definitions")
struct WeightingDefinitionTests {
    /// `DefinitionSamples.valid` with the given `weighting` section.
    static func weighting(_ text: String) throws -> WeightingSpec? {
        try DefinitionLoader.load(yaml: DefinitionSamples.valid + text, path: "w.yaml").weighting
    }

    /// Expects `actual` to equal `expected` element by element within `tolerance`.
    static func expectClose(
        _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test("A population total: a number, or the counts targets' total; the sample's scale without one")
    func population() throws {
        #expect(try Self.weighting(DefinitionSamples.weighting)?.population == nil)
        let number = DefinitionSamples.weighting.replacingOccurrences(
            of: "weighting:\n", with: "weighting:\n  population: 2.5e5\n")
        #expect(try Self.weighting(number)?.population == 250_000)
        let counts = DefinitionSamples.weighting.replacingOccurrences(
            of: "weighting:\n", with: "weighting:\n  population: counts\n"
        ).replacingOccurrences(
            of: "      targets: {N: 0.4, S: 0.6}\n", with: "      targets: {N: 4000, S: 6000}\n      type: counts\n")
        let spec = try #require(try Self.weighting(counts))
        #expect(spec.population == 10_000)
        Self.expectClose(spec.margins[0].targets, [0.4, 0.6])
    }

    // MARK: The hand-made fixtures

    @Test func handmadeWeighted() throws {
        let definition = try DefinitionLoader.load(path: Repository.fixture("handmade/weighted.yaml"))
        let spec = try #require(definition.weighting)
        #expect(spec.tolerance == 1.0e-13)
        #expect(spec.maxSweeps == 1000)
        #expect(spec.caps == nil)
        #expect(spec.limits == WeightLimits())
        #expect(spec.fields == ["customer_type", "country", "gender", "customer_type", "generation"])

        #expect(spec.margins.map(\.field) == ["customer_type", "country", "gender", "generation"])
        #expect(spec.margins.map(\.within) == [nil, nil, nil, "customer_type"])
        #expect(spec.margins.map(\.isAssumption) == [false, true, true, true])
        #expect(
            spec.margins.map(\.source) == [
                "Edition 6 published demographics (customer type)", "chosen for this sample",
                "Edition 6 published demographics (gender), other set to 1%", "chosen for this sample",
            ])
        // customer_type declares C then B; country US, GB, DE, IN, JP; gender M, F, X.
        Self.expectClose(spec.margins[0].targets, [0.77, 0.23])
        Self.expectClose(spec.margins[1].targets, [0.30, 0.20, 0.20, 0.15, 0.15])
        Self.expectClose(spec.margins[2].targets, [0.53, 0.46, 0.01])
        // generation within customer_type: group * 4 + generation, C first, each times its group's share.
        Self.expectClose(
            spec.margins[3].targets,
            [
                0.77 * 0.27, 0.77 * 0.35, 0.77 * 0.29, 0.77 * 0.09,
                0.23 * 0.20, 0.23 * 0.45, 0.23 * 0.30, 0.23 * 0.05,
            ])
        for margin in spec.margins {
            #expect(abs(margin.targets.reduce(0, +) - 1) < 1e-12, "\(margin.field) targets do not sum to 1")
        }
    }

    @Test func handmadeWeightedCapped() throws {
        let capped = try #require(
            try DefinitionLoader.load(path: Repository.fixture("handmade/weighted-capped.yaml")).weighting)
        let plain = try #require(
            try DefinitionLoader.load(path: Repository.fixture("handmade/weighted.yaml")).weighting)
        #expect(capped.caps == WeightCaps(minimum: 0.4, maximum: 2.5))
        #expect(capped.margins == plain.margins)
        #expect(capped.tolerance == plain.tolerance)
        #expect(capped.maxSweeps == plain.maxSweeps)
        #expect(capped.limits == WeightLimits())
    }

    @Test func handmadePipelineIsUnweighted() throws {
        #expect(try DefinitionLoader.load(path: Repository.fixture("handmade/pipeline.yaml")).weighting == nil)
    }

    // MARK: Defaults and optional keys

    @Test func defaultsWhenKeysAreOmitted() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: region
                      targets: {N: 0.4, S: 0.6}

                """))
        #expect(spec.tolerance == 1e-9)
        #expect(spec.maxSweeps == 100)
        #expect(spec.caps == nil)
        #expect(spec.limits == WeightLimits(minimumEfficiency: nil, maximumWeight: nil, maximumMarginError: nil))
        #expect(
            spec.margins == [
                Margin(field: "region", within: nil, targets: [0.4, 0.6], isAssumption: false, source: "")
            ])
    }

    @Test func everyKeyWritten() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  tolerance: 1.0e-6
                  max_sweeps: 100000
                  caps: {min: 1, max: .inf}
                  limits:
                    min_efficiency: 1
                    max_weight: 6
                    max_margin_error: 1.0e-5
                  margins:
                    - field: age_group
                      targets: {older: 0.7, young: 0.3}
                      type: shares
                      source: Census 2021
                      assumption: no

                """))
        #expect(spec.tolerance == 1e-6)
        #expect(spec.maxSweeps == 100_000)
        #expect(spec.caps == WeightCaps(minimum: 1, maximum: .infinity))
        #expect(spec.limits == WeightLimits(minimumEfficiency: 1, maximumWeight: 6, maximumMarginError: 1e-5))
        // In the field's declared order (young, older), not the order written.
        #expect(
            spec.margins == [
                Margin(
                    field: "age_group", within: nil, targets: [0.3, 0.7], isAssumption: false, source: "Census 2021")
            ])
    }

    @Test func missingRejectsOrImputesACodeOfTheMarginsOwnField() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: region
                      targets: {N: 0.4, S: 0.6}
                      missing: {impute: S}
                    - field: rating
                      targets: {1: 0.2, 2: 0.3, 3: 0.5, 9: 0}
                      missing: reject
                    - field: age_group
                      within: region
                      missing: {impute: older}
                      targets:
                        N: {young: 0.3, older: 0.7}
                        S: {young: 0.5, older: 0.5}

                """))
        #expect(spec.margins.map(\.imputeMissing) == [1, nil, 1])
        #expect(
            try #require(try Self.weighting(DefinitionSamples.weighting)).margins.map(\.imputeMissing) == [nil, nil])
    }

    @Test func nullWeightingIsAbsent() throws {
        #expect(try Self.weighting("weighting:\n") == nil)
    }

    @Test func codesWrittenAsNumbersAndZeroTargets() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: rating
                      targets: {9: 0, 3: 0.5, 1: 0.2, 2: 0.3}

                """))
        Self.expectClose(spec.margins[0].targets, [0.2, 0.3, 0.5, 0])
    }

    @Test func sharesWithinTheToleranceAreNormalised() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: region
                      targets: {N: 0.4000005, S: 0.6}

                """))
        let sum = 1.0000005
        Self.expectClose(spec.margins[0].targets, [0.4000005 / sum, 0.6 / sum], tolerance: 1e-15)
        #expect(abs(spec.margins[0].targets.reduce(0, +) - 1) < 1e-15)
    }

    // MARK: Percent and counts

    @Test func percentIsNormalisedToShares() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: region
                      type: percent
                      targets: {N: 40, S: 60}
                    - field: age_group
                      within: region
                      type: percent
                      targets:
                        N: {young: 25, older: 75}
                        S: {young: 50.00005, older: 50}

                """))
        Self.expectClose(spec.margins[0].targets, [0.4, 0.6])
        Self.expectClose(
            spec.margins[1].targets, [0.4 * 0.25, 0.4 * 0.75, 0.6 * 50.00005 / 100.00005, 0.6 * 50 / 100.00005])
    }

    @Test func countsAreNormalisedToShares() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: region
                      type: counts
                      total: 14300
                      targets: {N: 5720, S: 8580}
                    - field: rating
                      type: counts
                      targets: {1: 1, 2: 2, 3: 5, 9: 0}
                    - field: age_group
                      within: region
                      type: counts
                      total: 1000
                      targets:
                        N: {young: 100, older: 300}
                        S: {young: 300, older: 300}

                """))
        Self.expectClose(spec.margins[0].targets, [0.4, 0.6])
        Self.expectClose(spec.margins[1].targets, [0.125, 0.25, 0.625, 0])
        // Each group's counts give the shares within it; the group shares come from region's margin.
        Self.expectClose(spec.margins[2].targets, [0.4 * 0.25, 0.4 * 0.75, 0.6 * 0.5, 0.6 * 0.5])
    }

    @Test func countsWithinTheirTotalTolerance() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - {field: region, type: counts, total: 1000000, targets: {N: 400000.5, S: 600000}}

                """))
        Self.expectClose(spec.margins[0].targets, [400000.5 / 1000000.5, 600000 / 1000000.5])
    }

    @Test func nestedMarginUsesTheWithinMarginsShares() throws {
        let spec = try #require(
            try Self.weighting(
                """
                weighting:
                  margins:
                    - field: age_group
                      targets: {young: 0.3, older: 0.7}
                    - field: region
                      targets: {N: 0.5, S: 0.5}
                    - field: region
                      within: age_group
                      assumption: true
                      targets:
                        older: {N: 0.4, S: 0.6}
                        young: {N: 1, S: 0}

                """))
        #expect(spec.margins.map(\.within) == [nil, nil, "age_group"])
        #expect(spec.margins[2].isAssumption)
        Self.expectClose(spec.margins[2].targets, [0.3, 0, 0.7 * 0.4, 0.7 * 0.6])
    }
}
