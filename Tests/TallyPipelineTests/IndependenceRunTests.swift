import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// The tests of independence through the whole pipeline, against R `survey`'s
/// `svychisq(~row + col, design, statistic = "F")` and `"Chisq"` on the calibrated
/// design (`Scripts/reference-statistics.R`, section 4d, committed in
/// `Fixtures/handmade/expected/independence-tests.csv`).
@Suite("Tests of independence against R survey's svychisq")
struct IndependenceRunTests {
    /// The independence files' rows of weighted.yaml's run, by banner and table.
    static func tests() throws -> [String: [String: String]] {
        let (folder, _) = try WeightingTests.run("weighted.yaml")
        var tests: [String: [String: String]] = [:]
        for banner in ["customer", "generation", "country"] {
            let lines = try readCSV(folder.file("out/independence/edition=handmade/banner=\(banner)/part-00000.csv"))
            let header = try #require(lines.first)
            for line in lines.dropFirst() {
                tests[banner + "|" + line[0]] = Dictionary(uniqueKeysWithValues: zip(header, line))
            }
        }
        return tests
    }

    @Test("Every categorical table by every banner: statistics and degrees of freedom to 1e-6, p-values to 1e-6")
    func matchesR() throws {
        let actual = try Self.tests()
        let expected = try readCSV(Repository.fixture("handmade/expected/independence-tests.csv"))
        let header = try #require(expected.first)
        #expect(header.last == "mean_design_effect")
        // experience by its 3 banners and gender by customer; experience_ratio shows a ratio only.
        #expect(Set(actual.keys) == Set(expected.dropFirst().map { $0[0] + "|" + $0[1] }))
        #expect(actual.count == 4)
        for line in expected.dropFirst() {
            let reference = Dictionary(uniqueKeysWithValues: zip(header, line))
            let key = line[0] + "|" + line[1]
            let row = try #require(actual[key])
            #expect(row["status"] == "tested" && row["reason"] == "", "\(key)")
            // R's rows and columns are the answers and columns tested.
            #expect(row["answers_tested"] == reference["rows"] && row["columns_tested"] == reference["columns"])
            #expect(row["df"] == reference["df"], "\(key)")
            for name in ["f", "ndf", "ddf", "chi_square", "mean_design_effect"] {
                let value = try #require(row[name].flatMap(Double.init)),
                    wanted = try #require(Double(reference[name]!))
                #expect(abs(value - wanted) <= 1e-6 * abs(wanted), "\(key): \(name) \(value) vs \(wanted)")
            }
            for name in ["p_f", "p_chi_square"] {
                let value = try #require(row[name].flatMap(Double.init)),
                    wanted = try #require(Double(reference[name]!))
                #expect(abs(value - wanted) <= 1e-6, "\(key): \(name) \(value) vs \(wanted)")
            }
            // weighted.yaml declares the 95% level only.
            let p = try #require(row["p_f"].flatMap(Double.init))
            #expect(row["significant_at"] == (p < 0.05 ? "95%" : ""), "\(key)")
        }
    }
}
