import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// The column tests with the design's covariance, through the whole pipeline, against
/// R `survey`'s `svyratio(..., covmat = TRUE)` and `svycontrast` on the calibrated
/// design (`Scripts/reference-statistics.R`, committed in `Fixtures/handmade/expected`).
@Suite("Column tests with the design's covariance against R survey")
struct DesignColumnTestsTests {
    /// weighted.yaml with every column tested (no minimum base, no low-base rules),
    /// pairs and the rest both, by `method`; the run's folder.
    static func run(method: String) throws -> TemporaryFolder {
        try WeightingTests.run { text in
            text + """

                significance: {method: \(method), compare: [columns, rest], minimum_base: 0}
                low_base: {flag: 0, suppress: 0}

                """
        }
    }

    /// The differences files' rows by banner, table, row code, statistic, column and other column.
    static func differences(_ folder: TemporaryFolder) throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for banner in ["customer", "generation", "country"] {
            let lines = try readCSV(folder.file("out/differences/edition=handmade/banner=\(banner)/part-00000.csv"))
            #expect(lines.first?[5...7] == ["column_code", "other_column_code", "difference"])
            for row in lines.dropFirst() {
                rows[[banner, row[0], row[2], row[4], row[5], row[6]].joined(separator: "|")] = row
            }
        }
        return rows
    }

    @Test("Every pair of columns and every column against the rest: differences to 1e-9, z to 1e-6, p to 1e-6")
    func matchesR() throws {
        let folder = try Self.run(method: "design")
        let actual = try Self.differences(folder)
        let expected = try readCSV(Repository.fixture("handmade/expected/column-tests.csv"))
        #expect(expected.first?.last == "p_value")
        #expect(expected.count == 346)
        var keys: Set<String> = []
        for reference in expected.dropFirst() {
            let key = reference[0..<6].joined(separator: "|")
            keys.insert(key)
            let row = try #require(actual[key], "no test \(key)")
            let difference = try #require(Double(row[7])), z = try #require(Double(row[8]))
            let p = try #require(Double(row[9]))
            let (wantedDifference, wantedZ, wantedP) = (
                Double(reference[6])!, Double(reference[8])!, Double(reference[9])!
            )
            #expect(abs(difference - wantedDifference) <= 1e-9 * max(1, abs(wantedDifference)), "\(key)")
            #expect(abs(z - wantedZ) <= 1e-6 * abs(wantedZ) + 1e-9, "\(key): z \(z) vs \(wantedZ)")
            #expect(abs(p - wantedP) <= 1e-6, "\(key): p \(p) vs \(wantedP)")
        }
        // The manifest says which tests the files carry.
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder.file("out/manifest.json"))))
                as? [String: Any])
        let tests = try #require(manifest["column_tests"] as? [String: Any])
        #expect(tests["method"] as? String == "design")
        #expect(tests["compare"] as? [String] == ["columns", "rest"])
        #expect(tests["minimum_base"] as? Double == 0)
        // Tally tests nothing R has no variance for (R's tables: not the gender table).
        let tables: Set<Substring> = ["experience", "channels", "share_online"]
        #expect(Set(actual.keys.filter { tables.contains($0.split(separator: "|")[1]) }) == keys)
    }

    @Test("The effective-base method tests the same pairs without the covariance, and gives other z")
    func effectiveBase() throws {
        let design = try Self.differences(Self.run(method: "design"))
        let legacy = try Self.differences(Self.run(method: "effective_base"))
        #expect(Set(design.keys).isSubset(of: Set(legacy.keys)) || Set(legacy.keys).isSubset(of: Set(design.keys)))
        let shared = Set(design.keys).intersection(legacy.keys)
        #expect(shared.count > 300)
        let differing = shared.filter { design[$0]?[8] != legacy[$0]?[8] }
        #expect(differing.count == shared.count)
        for key in shared { #expect(design[key]?[7] == legacy[key]?[7], "the same difference for \(key)") }
    }
}
