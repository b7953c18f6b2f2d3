import Foundation
import TallyTestSupport
import Testing

/// End-to-end: the built `tally` binary on the hand-made fixture, compared with
/// the tables `Scripts/reference-handmade.py` computed independently.
@Suite("tally run, end to end")
struct RunCommandTests {
    static let pipeline = "Fixtures/handmade/pipeline.yaml"

    /// Every table row of a run, keyed like the reference file (banner first).
    static func tables(in output: String) throws -> [[String]] {
        var rows: [[String]] = []
        for banner in ["customer", "generation", "country"] {
            let file = output + "/tables/edition=handmade/banner=\(banner)/part-00000.csv"
            let csv = try readCSV(file)
            #expect(
                csv.first == [
                    "table_name", "question_key", "column_code", "column_label", "row_code", "row_label", "statistic",
                    "value",
                    "unweighted_base", "weighted_base", "effective_base",
                    "standard_error", "ci_lower", "ci_upper", "column_letter", "significant_over", "flag",
                    "design_effect",
                ])
            rows += csv.dropFirst().map { [banner] + $0 }
        }
        return rows
    }

    /// Same rows, same labels, counts equal and real numbers equal to 1e-12 relative
    /// (sums are added in another order than the reference's exact `fsum`; standard
    /// errors and intervals to 1e-9, as they subtract nearly equal sums).
    /// - Parameter effect: the expected rows' design effect column (the reference's 15, Tally's 18).
    static func expectSameTables(_ actual: [[String]], _ expected: [[String]], effect: Int = 15) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(Array(a[0..<8]) == Array(e[0..<8]), "row keys differ")
            #expect(a[9] == e[9], "unweighted base of \(e)")
            // The reference's columns are Tally's up to ci_upper, then its design effect.
            for (index, reference) in [(8, 8), (10, 10), (11, 11), (12, 12), (13, 13), (14, 14), (18, effect)] {
                if e[reference].isEmpty || a[index].isEmpty {
                    #expect(a[index] == e[reference], "\(e)")
                } else if let x = Double(a[index]), let y = Double(e[reference]) {
                    let tolerance = index >= 12 ? 1e-9 : 1e-12
                    #expect(abs(x - y) <= tolerance * max(1, abs(y)), "\(e): \(a[index]) vs \(e[reference])")
                } else {
                    Issue.record("not a number in \(a)")
                }
            }
        }
    }

    @Test("The default run writes the partitioned tables, rejects, weights, manifest and _SUCCESS")
    func defaultRun() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let result = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["_SUCCESS", "manifest.json", "rejects.csv", "weights/part-00000.csv.gz"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file)")
        }
        #expect(result.stderr.contains("300 rows read from 2 files: 300 used and 0 rejected"))
        let manifest = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/manifest.json")))
                as? [String: Any])
        #expect(manifest["rows_read"] as? Int == 300)
        #expect(manifest["rows_used"] as? Int == 300)
        #expect(manifest["rows_rejected"] as? Int == 0)
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(
            inputs.map { $0["file"] as? String } == [
                "Fixtures/handmade/shards/part-1.csv.gz", "Fixtures/handmade/shards/part-2.csv.gz",
            ])
        #expect(inputs.map { $0["rows"] as? Int } == [147, 153])
        #expect(inputs.first?["ignored_columns"] as? [String] == ["panel_source", "comment"])
    }

    @Test("Tables equal the independent reference computation")
    func matchesReference() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let result = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        // The reference lists tables in definition order; Tally's files hold one banner each.
        let reference = try readCSV(Repository.fixture("handmade/expected/tables.csv")).dropFirst()
        let expected = ["customer", "generation", "country"].flatMap { banner in reference.filter { $0[0] == banner } }
        #expect(expected.count == reference.count)
        Self.expectSameTables(try Self.tables(in: output), expected)
    }

    @Test("Banner columns carry test letters, significance and low-base flags after the reference columns")
    func significanceColumns() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let result = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.tables(in: output)
        #expect(rows.allSatisfy { $0.count == 19 })
        for row in rows {
            // banner, …, unweighted_base (9), …, column_letter (15), significant_over (16), flag (17)
            let base = try #require(Int(row[9]))
            #expect(row[17] == (base < 30 ? "suppressed" : base < 100 ? "low_base" : ""), "\(row)")
            #expect(row[15].isEmpty == (row[3] == "total"), "\(row)")
            #expect(row[16].allSatisfy { $0.isLetter } && !row[16].contains(Character(row[15].isEmpty ? "?" : row[15])))
            if !row[16].isEmpty { #expect(["percent", "mean"].contains(row[7]), "\(row)") }
        }
        let country = rows.filter { $0[0] == "country" && $0[1] == "experience" && $0[7] == "count" && $0[5] == "1" }
        #expect(country.map { $0[15] } == ["A", "B", "C", "D", "E"])
        #expect(rows.contains { !$0[16].isEmpty })
    }

    @Test("Reruns and every --jobs value give byte-identical results")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        var snapshots: [[String: Data]] = []
        for (index, jobs) in ["1", "2", "2", "4"].enumerated() {
            let output = folder.file("out\(index)")
            let result = try TallyCommand.run(["run", Self.pipeline, "--output", output, "--jobs", jobs])
            #expect(result.status == 0, "\(result.stderr)")
            snapshots.append(try snapshot(output))
        }
        #expect(snapshots[0].count > 5)
        for other in snapshots.dropFirst() { #expect(other == snapshots[0]) }
    }

    @Test(
        "CRLF with a byte-order mark and reordered columns give the same tables as the plain file",
        arguments: ["variants/crlf-bom.csv.gz", "variants/reordered.csv"])
    func variants(variant: String) throws {
        let folder = try TemporaryFolder()
        let plain = try TallyCommand.run([
            "run", Self.pipeline, "--input", Repository.fixture("handmade/variants/plain.csv"), "--output",
            folder.file("plain"),
        ])
        let other = try TallyCommand.run([
            "run", Self.pipeline, "--input", Repository.fixture("handmade/" + variant), "--output",
            folder.file("other"),
        ])
        #expect(plain.status == 0 && other.status == 0, "\(plain.stderr) \(other.stderr)")
        // Same rows in the same order in one file: the sums are added in the same order.
        #expect(try Self.tables(in: folder.file("plain")) == Self.tables(in: folder.file("other")))
    }

    @Test("Shards (one of them multi-member) give the tables of the single plain file")
    func shardsEqualPlain() throws {
        let folder = try TemporaryFolder()
        let plain = try TallyCommand.run([
            "run", Self.pipeline, "--input", Repository.fixture("handmade/variants/plain.csv"), "--output",
            folder.file("plain"),
        ])
        let shards = try TallyCommand.run(["run", Self.pipeline, "--output", folder.file("shards")])
        #expect(plain.status == 0 && shards.status == 0)
        Self.expectSameTables(
            try Self.tables(in: folder.file("shards")), try Self.tables(in: folder.file("plain")), effect: 18)
    }
}

/// Each deliberately broken fixture: its exit code, a message naming where the
/// problem is, and the previous results left exactly as they were.
@Suite("tally run on broken inputs")
struct BrokenInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var status: Int32
        var mentions: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "truncated.csv.gz", status: 65, mentions: ["truncated.csv.gz", "compressed byte"]),
        Case(file: "flipped-byte.csv.gz", status: 65, mentions: ["flipped-byte.csv.gz", "compressed byte"]),
        Case(
            file: "ragged-row.csv", status: 65,
            mentions: ["ragged-row.csv:8", "expected 15 fields, found 14", "max_rejected_share"]),
        Case(file: "unterminated-quote.csv", status: 65, mentions: ["unterminated-quote.csv:6", "comment"]),
        Case(file: "missing-column.csv", status: 65, mentions: ["missing-column.csv:1", "country"]),
        Case(file: "empty.csv", status: 65, mentions: ["empty.csv"]),
        Case(file: "header-only.csv", status: 65, mentions: ["header-only.csv", "no respondents"]),
    ]

    @Test("A broken input fails with its exit code and leaves the previous results intact", arguments: cases)
    func broken(_ testCase: Case) throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let good = try TallyCommand.run(["run", RunCommandTests.pipeline, "--output", output])
        #expect(good.status == 0)
        let before = try snapshot(output)
        let input = Repository.fixture("handmade/broken/" + testCase.file)
        let result = try TallyCommand.run(["run", RunCommandTests.pipeline, "--input", input, "--output", output])
        #expect(result.status == testCase.status, "\(result.stderr)")
        for text in testCase.mentions { #expect(result.stderr.contains(text), "\(result.stderr) lacks \(text)") }
        #expect(try snapshot(output) == before)
        // Only the results: no staging folder or lock file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
    }

    @Test("An out-of-domain code is excluded, reported with file, line and field, and written to rejects.csv")
    func outOfDomain() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let input = Repository.fixture("handmade/broken/out-of-domain.csv")
        let result = try TallyCommand.run([
            "run", RunCommandTests.pipeline, "--input", input, "--output", output, "--verbose",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("out-of-domain.csv:9, field 'country'"))
        #expect(result.stderr.contains("tally:   1  out_of_domain (an answer outside the question's codes)"))
        let rejects = try readCSV(output + "/rejects.csv")
        #expect(rejects.count == 2)
        #expect(rejects.last?[0].hasSuffix("out-of-domain.csv") == true)
        #expect(Array(rejects.last![1...6]) == ["9", "R00007", "out_of_domain", "country", "ZZ", "value_excluded"])
        let manifest = try String(contentsOfFile: output + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"values_excluded\" : 1"))
    }
}

@Suite("tally exit codes")
struct ExitCodeTests {
    @Test("validate accepts the bundled definition")
    func validateGood() throws {
        let result = try TallyCommand.run(["validate", RunCommandTests.pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        // Fixtures/handmade/shards holds part-1.csv.gz and part-2.csv.gz.
        #expect(
            result.stderr
                == "tally: \(RunCommandTests.pipeline): valid (8 fields, 3 banners, 4 tables; input.files match 2 files)\n"
        )
    }

    @Test("validate warns when input.files match no file")
    func validateNoInput() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/pipeline.yaml"), encoding: .utf8)
        let path = try folder.write("elsewhere.yaml", text)
        let result = try TallyCommand.run(["validate", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "tally: warning: \(path): input.files (shards/*.csv.gz) match no file; tally run will need --input"))
    }

    @Test("A bad definition is exit 64 naming the key path and line")
    func badDefinition() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/pipeline.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "statistics: [count, percent]", with: "statistics: [count, pct]")
        let path = try folder.write("bad.yaml", text)
        let result = try TallyCommand.run(["validate", path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("bad.yaml:"))
        #expect(result.stderr.contains("pct"))
    }

    @Test("validate reports every problem of every definition named")
    func everyProblem() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/pipeline.yaml"), encoding: .utf8)
        let twoProblems = try folder.write(
            "two.yaml",
            text.replacingOccurrences(of: "statistics: [count, percent]", with: "statistics: [count, pct]")
                + "low_base: {flag: -1}\n")
        let result = try TallyCommand.run(["validate", twoProblems, RunCommandTests.pipeline])
        #expect(result.status == 64)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first == "tally: \(twoProblems): 2 problems in the definition:")
        #expect(lines.filter { $0.hasPrefix("  \(twoProblems):") }.count == 2)
        #expect(lines.contains { $0.contains("'pct'") } && lines.contains { $0.contains("low_base.flag") })
        // The second definition is still checked and reported valid.
        #expect(lines.last?.hasPrefix("tally: \(RunCommandTests.pipeline): valid") == true)
    }

    @Test("An input that matches nothing is exit 66")
    func missingInput() throws {
        let folder = try TemporaryFolder()
        let result = try TallyCommand.run([
            "run", RunCommandTests.pipeline, "--input", folder.file("none/*.csv.gz"), "--output", folder.file("out"),
        ])
        #expect(result.status == 66)
        #expect(result.stderr.contains("none/*.csv.gz"))
    }

    @Test("An output that cannot be written is exit 73")
    func unwritableOutput() throws {
        let folder = try TemporaryFolder()
        let blocker = try folder.write("blocker", "a file, not a folder")
        let result = try TallyCommand.run(["run", RunCommandTests.pipeline, "--output", blocker + "/out"])
        #expect(result.status == 73, "\(result.stderr)")
    }

    @Test("Bad usage is exit 64")
    func badUsage() throws {
        let result = try TallyCommand.run(["run", RunCommandTests.pipeline, "--jobs", "0"])
        #expect(result.status == 64)
    }
}
