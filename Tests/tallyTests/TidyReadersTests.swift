import Foundation
import TallyTestSupport
import Testing

/// `Scripts/check-readers`: the tidy tables and tests of independence of a two-edition
/// run, unchanged, read by DuckDB, Polars, pandas (pyarrow) and Spark. The script installs them into `.venv`;
/// the test is cancelled, with the reason printed, only when they cannot be installed
/// (the script's exit 69).
@Suite("The tidy tables in other tools")
struct TidyReadersTests {
    @Test("DuckDB, Polars, pandas and Spark read every row, with edition and banner columns")
    func readers() throws {
        let folder = try TemporaryFolder()
        let run = try TallyCommand.run([
            "run", "Pipelines/connected-customer-2023.yaml", "Pipelines/connected-customer-2018.yaml", "--output",
            folder.file("both"),
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let check = try TallyCommand.run([folder.file("both")], program: Repository.path("Scripts/check-readers"))
        if check.status == 69 {
            let reason = "tidy readers not run: duckdb, polars, pandas or pyspark cannot be installed: \(check.stderr)"
            print(reason)
            try Test.cancel(Comment(rawValue: reason))
        }
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let lines = check.stdout.split(separator: "\n").map(String.init)
        // The row count both editions' manifests list, found by every reader, in both trees.
        for tree in ["tables", "independence"] {
            let rows = try Self.manifestRows(folder.file("both"), tree: tree)
            #expect(rows > 0)
            for reader in ["DuckDB", "Polars", "pandas", "Spark"] {
                #expect(
                    lines.contains(
                        "\(reader): \(tree)/ \(rows) rows, editions ['2018', '2023'], banners ['customer', 'gender', 'generation', 'market']"
                    ), "\(check.stdout)")
            }
        }
    }

    /// The rows of a tree's files (`tables`, `independence`) listed by each edition's manifest.
    static func manifestRows(_ run: String, tree: String) throws -> Int {
        var rows = 0
        for edition in ["2018", "2023"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: run + "/editions/edition=\(edition)/manifest.json"))
            let manifest = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
            let outputs = try #require(manifest["outputs"] as? [[String: Any]])
            rows += outputs.filter { ($0["path"] as? String)?.hasPrefix(tree + "/") == true }.compactMap {
                $0["rows"] as? Int
            }.reduce(0, +)
        }
        return rows
    }
}
