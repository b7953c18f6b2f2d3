import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// A banner made from the multi-answer channels field, through the whole pipeline,
/// against R `survey` (`Scripts/reference-statistics.R`, section 4e, committed in
/// `Fixtures/handmade/expected/multi-banner.csv`): each column's percentages and
/// means with their standard errors, and the tests between overlapping columns with
/// the covariance the shared respondents bring.
@Suite("A banner from a multi-answer field against R survey")
struct MultiAnswerBannerTests {
    /// weighted.yaml with the `channel` banner on experience and share_online, every
    /// column tested (pairs and the rest); the run's folder.
    static func run() throws -> TemporaryFolder {
        try WeightingTests.run { text in
            text
                .replacingOccurrences(
                    of: "  - name: country\n    field: country\n",
                    with:
                        "  - name: country\n    field: country\n  - name: channel\n    total: Customers\n    field: channels\n"
                )
                .replacingOccurrences(
                    of: "    banners: [customer, generation, country]\n",
                    with: "    banners: [customer, generation, country, channel]\n"
                )
                .replacingOccurrences(
                    of: "    field: share_online\n    banners: [customer, generation]\n",
                    with: "    field: share_online\n    banners: [customer, generation, channel]\n")
                    + """

                    significance: {method: design, compare: [columns, rest], minimum_base: 0}
                    low_base: {flag: 0, suppress: 0}

                    """
        }
    }

    /// A part file's rows by the values of `key`'s columns joined with `|`.
    static func rows(_ path: String, key: [String]) throws -> [String: [String: String]] {
        let lines = try readCSV(path)
        let header = try #require(lines.first)
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, line))
            rows[key.map { row[$0] ?? "" }.joined(separator: "|")] = row
        }
        return rows
    }

    @Test("Columns' estimates and SEs to 1e-9 and 1e-6; overlapping pairs' differences to 1e-9, z to 1e-6, p to 1e-6")
    func matchesR() throws {
        let folder = try Self.run()
        let base = folder.file("out")
        let tables = try Self.rows(
            base + "/tables/edition=handmade/banner=channel/part-00000.csv",
            key: ["table_name", "row_code", "statistic", "column_code"])
        let differences = try Self.rows(
            base + "/differences/edition=handmade/banner=channel/part-00000.csv",
            key: ["table_name", "row_code", "statistic", "column_code", "other_column_code"])
        let expected = try readCSV(Repository.fixture("handmade/expected/multi-banner.csv"))
        #expect(expected.first?.first == "kind")
        var tested: Set<String> = []
        for line in expected.dropFirst() {
            let (value, error) = (try #require(Double(line[6])), try #require(Double(line[7])))
            if line[0] == "estimate" {
                let key = line[1...4].joined(separator: "|")
                let row = try #require(tables[key], "no row \(key)")
                let estimate = try #require(row["value"].flatMap(Double.init))
                let standardError = try #require(row["standard_error"].flatMap(Double.init))
                #expect(abs(estimate - value) <= 1e-9 * max(1, abs(value)), "\(key)")
                #expect(abs(standardError - error) <= 1e-6 * error, "\(key): SE \(standardError) vs \(error)")
            } else {
                let key = line[1...5].joined(separator: "|")
                tested.insert(key)
                let row = try #require(differences[key], "no test \(key)")
                let difference = try #require(row["difference"].flatMap(Double.init))
                let (z, p) = (
                    try #require(row["z"].flatMap(Double.init)), try #require(row["p_value"].flatMap(Double.init))
                )
                let (wantedZ, wantedP) = (try #require(Double(line[8])), try #require(Double(line[9])))
                #expect(abs(difference - value) <= 1e-9 * max(1, abs(value)), "\(key)")
                #expect(abs(z - wantedZ) <= 1e-6 * abs(wantedZ), "\(key): z \(z) vs \(wantedZ)")
                #expect(abs(p - wantedP) <= 1e-6, "\(key): p \(p) vs \(wantedP)")
            }
        }
        // Every pair and every column against the rest: 5 columns, 10 pairs and 5 rests per row.
        #expect(tested.count == 135)
        #expect(Set(differences.keys) == tested)
        // The columns overlap: no test of independence, and the file says why.
        let independence = try Self.rows(
            base + "/independence/edition=handmade/banner=channel/part-00000.csv", key: ["table_name"])
        #expect(independence["experience"]?["status"] == "undefined")
        #expect(independence["experience"]?["reason"] == "the banner's columns overlap (a multi-answer banner)")
    }
}
