import Foundation
import TallyTestSupport
import Testing

/// End-to-end: `tally run` on both Connected Customer editions, then `tally trend` on the two outputs.
@Suite("tally trend, end to end")
struct TrendCommandTests {
    /// A CSV read into rows keyed by header name.
    static func records(_ csv: [[String]]) -> [[String: String]] {
        guard let header = csv.first else { return [] }
        return csv.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
    }

    /// The `percent` and `mean` values of a run's tables by banner, column, row and statistic, for one question.
    static func values(in output: String, edition: String, question: String) throws -> [String: String] {
        var values: [String: String] = [:]
        let tables = output + "/tables/edition=\(edition)"
        for banner in try FileManager.default.contentsOfDirectory(atPath: tables) where banner.hasPrefix("banner=") {
            for row in records(try readCSV(tables + "/" + banner + "/part-00000.csv"))
            where row["question_key"] == question && (row["statistic"] == "percent" || row["statistic"] == "mean") {
                let key = [String(banner.dropFirst(7)), row["column_code"]!, row["row_code"]!, row["statistic"]!]
                values[key.joined(separator: "/")] = row["value"]!
            }
        }
        return values
    }

    @Test("Both editions' runs share experience_vs_products, and the difference is new − old")
    func editions() throws {
        let folder = try TemporaryFolder()
        let old = folder.file("2018")
        let new = folder.file("2023")
        for (edition, output) in [("2018", old), ("2023", new)] {
            let result = try TallyCommand.run([
                "run", "Pipelines/connected-customer-\(edition).yaml", "--output", output,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let result = try TallyCommand.run(["trend", old, new])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("questions in one run only"))
        let trendFile = try folder.write("trend.csv", result.stdout)
        let csv = try readCSV(trendFile)
        #expect(
            csv.first == [
                "question_key", "title", "banner", "column_code", "column_label", "row_code", "row_label", "statistic",
                "old_edition", "new_edition", "old_value", "new_value", "difference", "standard_error", "z", "p_value",
                "significant",
            ])
        let rows = Self.records(csv).filter { $0["question_key"] == "experience_vs_products" }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["old_edition"] == "2018" && $0["new_edition"] == "2023" })
        let oldValues = try Self.values(in: old, edition: "2018", question: "experience_vs_products")
        let newValues = try Self.values(in: new, edition: "2023", question: "experience_vs_products")
        let shared = Set(oldValues.keys).intersection(newValues.keys)
        #expect(rows.count == shared.count)
        for row in rows {
            let key = [row["banner"]!, row["column_code"]!, row["row_code"]!, row["statistic"]!].joined(separator: "/")
            #expect(row["old_value"] == oldValues[key], "\(key)")
            #expect(row["new_value"] == newValues[key], "\(key)")
            guard let a = Double(oldValues[key] ?? ""), let b = Double(newValues[key] ?? "") else { continue }
            #expect(Double(row["difference"] ?? "") == b - a, "\(key)")
            if let se = Double(row["standard_error"] ?? ""), let z = Double(row["z"] ?? "") {
                #expect(abs(z - (b - a) / se) < 1e-12 * max(1, abs(z)), "\(key)")
            }
        }

        // --output writes the same text to a file.
        let written = folder.file("written.csv")
        let toFile = try TallyCommand.run(["trend", old, new, "--output", written])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        #expect(toFile.stdout.isEmpty)
        #expect(try String(contentsOfFile: written, encoding: .utf8) == result.stdout)
    }

    @Test("A folder without manifest.json is exit 66 naming the folder")
    func noManifest() throws {
        let folder = try TemporaryFolder()
        try folder.write("old/manifest.json", "{}")
        try folder.write(
            "old/tables/edition=1/banner=b/part-00000.csv",
            "question,column_code,row_code,statistic,value,standard_error\n")
        try folder.write(
            "new/tables/edition=2/banner=b/part-00000.csv",
            "question,column_code,row_code,statistic,value,standard_error\n")
        let result = try TallyCommand.run(["trend", folder.file("old"), folder.file("new")])
        #expect(result.status == 66)
        #expect(result.stderr.contains(folder.file("new")))
        #expect(result.stderr.contains("manifest.json"))
        #expect(result.stdout.isEmpty)
        let missing = try TallyCommand.run(["trend", folder.file("old"), folder.file("absent")])
        #expect(missing.status == 66)
    }
}
