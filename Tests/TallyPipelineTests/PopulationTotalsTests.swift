import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Weights grossed up to a population total through the whole pipeline, against R
/// `survey`'s `calibrate(..., population = totals, calfun = "raking")` and `svytotal`
/// (`Scripts/reference-statistics.R`, committed in `Fixtures/handmade/expected`).
@Suite("Weights grossed up to a population total, against R survey")
struct PopulationTotalsTests {
    /// weighted.yaml, with `weighting.population` when given; the run's folder.
    static func run(population: Int?) throws -> TemporaryFolder {
        try WeightingTests.run { text in
            guard let population else { return text }
            return text.replacingOccurrences(of: "weighting:\n", with: "weighting:\n  population: \(population)\n")
        }
    }

    /// The tidy rows by banner, table, column code, row code and statistic.
    static func rows(_ folder: TemporaryFolder) throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for banner in ["customer", "generation", "country"] {
            let lines = try readCSV(folder.file("out/tables/edition=handmade/banner=\(banner)/part-00000.csv"))
            let header = lines.first ?? []
            #expect(Array(header[7...7]) == ["value"])
            #expect(Array(header[11...13]) == ["standard_error", "ci_lower", "ci_upper"])
            for row in lines.dropFirst() { rows["\(banner)|\(row[0])|\(row[2])|\(row[4])|\(row[6])"] = row }
        }
        return rows
    }

    @Test("Weights to 1e-9; weighted counts to 1e-9 and their standard errors to 1e-6; the manifest says the scale")
    func matchesR() throws {
        let folder = try Self.run(population: 250_000)
        let weights = try WeightingTests.weights(folder.file("out/weights/part-00000.csv.gz"))
        let expectedWeights = try WeightingTests.weights(Repository.fixture("handmade/expected/weights-population.csv"))
        WeightingTests.expectSameWeights(weights, expectedWeights)
        let sum: Double = weights.map(\.1).reduce(0, +)
        #expect(abs(sum / 250_000 - 1) < 1e-12)

        let rows = try Self.rows(folder)
        let expected = try readCSV(Repository.fixture("handmade/expected/population-totals.csv"))
        #expect(expected.first == ["banner", "table", "column_code", "row_code", "estimate", "standard_error"])
        #expect(expected.count == 167)
        // The country banner has no total column; R's total is the customer banner's.
        for reference in expected.dropFirst() where !(reference[0] == "country" && reference[2] == "total") {
            let key = reference[0..<4].joined(separator: "|") + "|weighted_count"
            let row = try #require(rows[key], "no row \(key)")
            let (total, wanted) = (try #require(Double(row[7])), try #require(Double(reference[4])))
            #expect(abs(total - wanted) <= 1e-9 * max(1, wanted), "\(key): \(total) vs \(wanted)")
            let error = try #require(Double(row[11]), "no standard error for \(key)")
            let wantedError = try #require(Double(reference[5]))
            #expect(abs(error - wantedError) <= 1e-6 * wantedError, "\(key): se \(error) vs \(wantedError)")
            // A symmetric 95% interval.
            let (lower, upper) = (try #require(Double(row[12])), try #require(Double(row[13])))
            #expect(abs((upper - lower) / 2 - 1.959963984540054 * error) <= 1e-6 * error, "\(key)")
        }
        let manifest = try String(contentsOfFile: folder.file("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""scale" : "population""#))
        #expect(manifest.contains(#""population" : 250000"#))
    }

    @Test("Percentages, means and their errors do not move; without a population nothing changes")
    func scaleFree() throws {
        let grossed = try Self.rows(Self.run(population: 250_000))
        let sample = try Self.rows(Self.run(population: nil))
        #expect(Set(grossed.keys) == Set(sample.keys))
        for (key, row) in sample {
            let other = try #require(grossed[key])
            if key.hasSuffix("|weighted_count") {
                // On the sample's scale a weighted count has no standard error.
                #expect(row[11].isEmpty, "\(key)")
                continue
            }
            for column in [7, 11] {
                guard let a = Double(row[column]), let b = Double(other[column]) else {
                    #expect(row[column] == other[column], "\(key)")
                    continue
                }
                #expect(abs(a - b) <= 1e-9 * max(1, abs(a)), "\(key) column \(column): \(a) vs \(b)")
            }
        }
    }
}
