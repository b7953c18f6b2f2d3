import Foundation
import TallyTestSupport
import Testing

/// `tally bench` and the padding option of `tally synth`, through the built binary.
/// Serialized: a test checks that the runs leave no `tally-bench-*` folder behind.
@Suite("tally bench and synth --extra-columns", .serialized)
struct BenchCommandTests {
    static let edition = "Pipelines/connected-customer-2023.yaml"

    /// A JSON object read from text.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A file's JSON object.
    static func object(file: String) throws -> [String: Any] {
        try object(String(contentsOfFile: file, encoding: .utf8))
    }

    /// The size of a file in bytes.
    static func size(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// The `tally-bench-*` folders in the temporary folder.
    static func benchFolders() throws -> Set<String> {
        Set(
            try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
                .filter { $0.hasPrefix("tally-bench-") })
    }

    @Test("The JSON's respondents, bytes and cells are those of a tally run on the same generated files")
    func generatedDataSet() throws {
        let folder = try TemporaryFolder()
        let before = try Self.benchFolders()
        let arguments = [
            "bench", Self.edition, "--respondents", "1200", "--shards", "3", "--seed", "4", "--extra-columns", "5",
            "--data", folder.file("cache"),
        ]
        let result = try TallyCommand.run(arguments + ["--json", "--repeat", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("generated 3 files"))
        #expect(try Self.benchFolders().subtracting(before).isEmpty, "the runs' output folders are removed")
        let summary = try Self.object(result.stdout)

        // The cached data set: the same files again, not regenerated.
        let data = folder.file("cache/r1200-k3-s4-x5")
        let files = (1...3).map { data + "/shard-0000\($0).csv.gz" }
        let again = try TallyCommand.run(arguments + ["--prepare"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("reusing 3 files in"))
        #expect(again.stdout == data + "\n")

        // An ordinary run on the same files gives the numbers to compare with.
        let run = try TallyCommand.run(["run", Self.edition, "--input", data, "--output", folder.file("out")])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try Self.object(file: folder.file("out/manifest.json"))
        let rowsRead = try #require(manifest["rows_read"] as? Int)
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        let cells = outputs.filter { ($0["path"] as? String)?.hasPrefix("tables/") == true }
            .reduce(0) { $0 + ($1["rows"] as? Int ?? 0) }
        #expect(rowsRead >= 1200)
        #expect(cells > 0)
        let sizes = try files.map(Self.size)
        let decoded = try files.map { try gunzip($0).count }

        #expect(summary["respondents"] as? Int == rowsRead)
        #expect(summary["table_cells"] as? Int == cells)
        #expect(summary["compressed_bytes"] as? Int == sizes.reduce(0, +))
        #expect(summary["uncompressed_bytes"] as? Int == decoded.reduce(0, +))
        #expect(summary["inputs"] as? [String] == files)
        #expect(summary["jobs"] as? Int == 2)
        let runs = try #require(summary["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        var totals: [Double] = []
        for metrics in runs {
            #expect(metrics["respondents"] as? Int == rowsRead)
            #expect(metrics["table_cells"] as? Int == cells)
            #expect(metrics["compressed_bytes"] as? Int == sizes.reduce(0, +))
            #expect(metrics["uncompressed_bytes"] as? Int == decoded.reduce(0, +))
            #expect((metrics["peak_rss_bytes"] as? Int ?? 0) > 1_000_000)
            let phases = try #require(metrics["phases"] as? [String: Double])
            let stages = try #require(metrics["stages"] as? [String: Double])
            #expect(Set(stages.keys) == ["read", "inflate", "clean", "aggregate", "spool"])
            #expect(stages.values.allSatisfy { $0 >= 0 })
            // Inflating (gzip shards) is part of reading, and takes time.
            #expect(stages["inflate"]! > 0 && stages["inflate"]! <= stages["read"]!)
            let total = try #require(phases["total"])
            let parts = ["setup", "read_aggregate", "whole_run_rules", "weighting", "statistics", "writing"].map {
                phases[$0] ?? -1
            }
            #expect(parts.allSatisfy { $0 >= 0 })
            // The phases run one after another; the total is their sum (up to rounding).
            #expect(abs(parts.reduce(0, +) - total) <= 1e-9 * max(1, total))
            // The stages run inside the read phase, on at most two workers at once.
            #expect(stages.values.reduce(0, +) <= 2 * (phases["read_aggregate"] ?? 0) + 0.01)
            totals.append(total)
        }
        let median = try #require(summary["median"] as? [String: Any])
        let endToEnd = try #require(median["end_to_end"] as? [String: Double])
        let seconds = try #require(endToEnd["seconds"])
        #expect(abs(seconds - (totals[0] + totals[1]) / 2) <= 1e-9 * seconds)
        let perSecond = try #require(endToEnd["respondents_per_s"])
        #expect(abs(perSecond * seconds - Double(rowsRead)) <= 1e-6 * Double(rowsRead))
        let megabytes = try #require(endToEnd["compressed_mb_per_s"])
        #expect(abs(megabytes * seconds * 1e6 - Double(sizes.reduce(0, +))) <= 1e-3 * Double(sizes.reduce(0, +)))
    }

    @Test("Given inputs are timed as they are, and the text report has every stage and phase")
    func givenInputs() throws {
        let result = try TallyCommand.run([
            "bench", "Fixtures/handmade/pipeline.yaml", "--input", "Fixtures/handmade/shards", "--repeat", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 files"))
        #expect(result.stdout.contains("300 respondents"))
        for label in [
            "stage read (cpu)", "stage clean (cpu)", "stage aggregate (cpu)", "stage spool (cpu)",
            "phase setup (wall)", "phase read_aggregate (wall)", "phase whole_run_rules (wall)",
            "phase weighting (wall)",
            "phase statistics (wall)", "phase writing (wall)", "end to end (wall)", "peak memory",
        ] {
            #expect(result.stdout.contains(label), "\(label)")
        }
        let sizes = try ["part-1.csv.gz", "part-2.csv.gz"].map {
            try Self.size(Repository.fixture("handmade/shards/\($0)"))
        }
        let json = try TallyCommand.run([
            "bench", "Fixtures/handmade/pipeline.yaml", "--input", "Fixtures/handmade/shards", "--repeat", "1",
            "--json",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        let summary = try Self.object(json.stdout)
        #expect(summary["respondents"] as? Int == 300)
        #expect(summary["compressed_bytes"] as? Int == sizes.reduce(0, +))
    }

    @Test("Bad bench options are usage errors")
    func badOptions() throws {
        for arguments in [
            ["--repeat", "0"], ["--jobs", "0"], ["--prepare", "--input", "x"], ["--extra-columns", "-1"],
        ] {
            let result = try TallyCommand.run(["bench"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        let missing = try TallyCommand.run(["bench", Self.edition, "--input", "no/such/folder", "--repeat", "1"])
        #expect(missing.status == 66, "\(missing.stderr)")
    }

    @Test("Filler columns are ignored and listed as such, and the tables are the same as without them")
    func paddedTables() throws {
        let folder = try TemporaryFolder()
        var tables: [[String: Data]] = []
        for (name, extra) in [("plain", "0"), ("padded", "4")] {
            let synth = try TallyCommand.run([
                "synth", Self.edition, "--respondents", "1500", "--shards", "2", "--seed", "9", "--extra-columns",
                extra,
                "--output", folder.file(name),
            ])
            #expect(synth.status == 0, "\(synth.stderr)")
            let run = try TallyCommand.run([
                "run", Self.edition, "--input", folder.file(name), "--output", folder.file(name + "-out"),
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let manifest = try Self.object(file: folder.file(name + "-out/manifest.json"))
            let inputs = try #require(manifest["inputs"] as? [[String: Any]])
            let expected = extra == "0" ? [] : ["filler_001", "filler_002", "filler_003", "filler_004"]
            #expect(inputs.count == 2)
            #expect(inputs.allSatisfy { $0["ignored_columns"] as? [String] == expected })
            tables.append(try snapshot(folder.file(name + "-out/tables")))
        }
        #expect(!tables[0].isEmpty)
        #expect(tables[0] == tables[1])
        let padded = try TallyCommand.run([
            "synth", Self.edition, "--respondents", "1500", "--shards", "2", "--seed", "9", "--extra-columns", "4",
            "--output", folder.file("again"),
        ])
        #expect(padded.status == 0)
        #expect(try snapshot(folder.file("again")) == snapshot(folder.file("padded")))
    }
}
