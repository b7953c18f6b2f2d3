import Foundation
import TallyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Unattended operation: one run per output folder, kills and signals at any
/// moment, a full disk, reruns that change nothing.
@Suite("Operations: locks, signals, kills, full disks, reruns")
struct OperationsTests {
    static let pipeline = RunCommandTests.pipeline

    /// A folder with a first, successful run in `out`, and that run's files.
    static func previousRun() throws -> (TemporaryFolder, String, [String: Data]) {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let first = try TallyCommand.run(["run", pipeline, "--output", output])
        #expect(first.status == 0, "\(first.stderr)")
        return (folder, output, try snapshot(output))
    }

    /// The folder's entries other than the results: staging folders and lock files left behind.
    static func leftovers(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "out" }
    }

    @Test("A second run while the lock is held exits 75, names the holder and changes nothing")
    func lockHeld() throws {
        let (folder, output, before) = try Self.previousRun()
        let descriptor = open(folder.file(".out.tally-lock"), O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        _ = "4242 started 2026-11-23T02:00:00Z\n".withCString { pwrite(descriptor, $0, strlen($0), 0) }

        let second = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("busy: run 4242 started 2026-11-23T02:00:00Z is writing this output folder"))
        #expect(try snapshot(output) == before)
        // Only the lock file this test holds.
        #expect(try Self.leftovers(folder) == [".out.tally-lock"])
    }

    @Test("A lock left by a killed run is recovered, with its staging folder")
    func staleLock() throws {
        let (folder, output, before) = try Self.previousRun()
        // What a run killed mid-way leaves: its pid in an unlocked lock file and a staging folder.
        try "999999 started 2026-11-22T02:00:00Z\n".write(
            toFile: folder.file(".out.tally-lock"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(
            atPath: folder.file(".out.tally-staging-999999/tables"), withIntermediateDirectories: true)
        try "half".write(
            toFile: folder.file(".out.tally-staging-999999/tables/x.csv"), atomically: false, encoding: .utf8)

        let rerun = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("recovered the output lock of run 999999"))
        #expect(rerun.stderr.contains("removed the staging folder of an unfinished run"))
        #expect(try Self.leftovers(folder).isEmpty)
        #expect(try snapshot(output) == before)
    }

    @Test("SIGKILL at any moment leaves the previous results intact; the next run cleans up")
    func killedAtRandomPoints() throws {
        let (folder, output, before) = try Self.previousRun()
        // Delays spread over a whole run of the hand-made fixture (about 0.1 to 0.4 s),
        // from a fixed seed so a failure can be replayed.
        var generator = SplitMix(seed: 20_261_123)
        for _ in 0..<8 {
            let delay = Double(generator.next() % 400) / 1000
            let (process, _, _) = try TallyCommand.start(["run", Self.pipeline, "--output", output])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Killed or finished first: either way the published results are a complete run's.
            #expect(try snapshot(output) == before, "after a kill at \(delay) s")
        }
        let clean = try TallyCommand.run(["run", Self.pipeline, "--output", output])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(try Self.leftovers(folder).isEmpty)
        #expect(try snapshot(output) == before)
    }

    @Test("SIGTERM and SIGINT stop a run with 143 and 130 and leave no staging folder")
    func terminated() throws {
        let (folder, output, before) = try Self.previousRun()
        for (signal, code) in [(SIGTERM, Int32(143)), (SIGINT, Int32(130))] {
            // The 2023 edition's run takes seconds, long enough to be stopped mid-way.
            let (process, _, err) = try TallyCommand.start([
                "run", "Pipelines/connected-customer-2023.yaml", "--output", output,
            ])
            Thread.sleep(forTimeInterval: 0.3)
            let signalled = Date()
            kill(process.processIdentifier, signal)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // A run stops at its next check, or is ended after a grace period of 0.75 s.
            #expect(Date().timeIntervalSince(signalled) < 1.0)
            #expect(process.terminationStatus == code, "\(stderr)")
            #expect(stderr.contains("the previous results were left as they were"), "\(stderr)")
            #expect(try snapshot(output) == before)
            #expect(try Self.leftovers(folder).isEmpty)
        }
    }

    @Test("A full disk (a file-size limit) gives exit 73 and leaves the previous results intact")
    func diskFull() throws {
        let (folder, output, before) = try Self.previousRun()
        // 16 blocks of 512 bytes: the tables fit no longer.
        let result = try TallyCommand.run(["run", Self.pipeline, "--output", output], fileSizeLimit: 16)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write: File too large"), "\(result.stderr)")
        #expect(try snapshot(output) == before)
        #expect(try Self.leftovers(folder).isEmpty)
    }

    @Test("A rerun is byte-identical, and is skipped when nothing changed")
    func rerunAndSkip() throws {
        let folder = try TemporaryFolder()
        let shards = folder.file("shards")
        try FileManager.default.copyItem(atPath: Repository.fixture("handmade/shards"), toPath: shards)
        let first = try TallyCommand.run(["run", Self.pipeline, "--input", shards, "--output", folder.file("a")])
        let second = try TallyCommand.run(["run", Self.pipeline, "--input", shards, "--output", folder.file("b")])
        #expect(first.status == 0 && second.status == 0)
        #expect(try snapshot(folder.file("a")) == snapshot(folder.file("b")))

        let skipped = try TallyCommand.run([
            "run", Self.pipeline, "--input", shards, "--output", folder.file("c"), "--skip-unchanged-since",
            folder.file("a"),
        ])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("unchanged since the run in \(folder.file("a")); nothing to do"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("c")))

        // The same answers compressed anew: other bytes, so the run is done again.
        let shard = shards + "/part-2.csv.gz"
        let recompress = Process()
        recompress.executableURL = URL(fileURLWithPath: "/bin/sh")
        recompress.arguments = ["-c", "gzip -dc \"$0\" | gzip -1 > \"$0.new\" && mv \"$0.new\" \"$0\"", shard]
        try recompress.run()
        recompress.waitUntilExit()
        #expect(recompress.terminationStatus == 0)
        let changed = try TallyCommand.run([
            "run", Self.pipeline, "--input", shards, "--output", folder.file("c"), "--skip-unchanged-since",
            folder.file("a"),
        ])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(!changed.stderr.contains("nothing to do"))
        #expect(FileManager.default.fileExists(atPath: folder.file("c/_SUCCESS")))
    }
}

@Suite("Logs")
struct LogFormatTests {
    @Test("--log-format json writes one JSON object per line, with level, message and time")
    func jsonLines() throws {
        let folder = try TemporaryFolder()
        let result = try TallyCommand.run([
            "run", "Fixtures/cleaning/pipeline.yaml", "--output", folder.file("out"), "--log-format", "json",
            "--verbose",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 3)
        var levels: Set<String> = []
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "\(line)")
            #expect(object["time"] != nil && object["message"] != nil, "\(line)")
            levels.insert(object["level"] ?? "")
        }
        // The cleaning fixture rejects rows, which --verbose logs as warnings beside the summary
        // (and each file it reads, at debug level).
        #expect(levels == ["debug", "info", "warning"])
        #expect(lines.contains { $0.contains("\"edition\":\"1\"") })
    }
}

@Suite("Re-processing several editions with one command")
struct EditionsCommandTests {
    static let handmade = "Fixtures/handmade/pipeline.yaml"
    static let cleaning = "Fixtures/cleaning/pipeline.yaml"

    @Test("Each edition lands in its own partitions, byte-identical to running it alone")
    func twoEditions() throws {
        let folder = try TemporaryFolder()
        let tree = folder.file("all")
        let both = try TallyCommand.run(["run", Self.handmade, Self.cleaning, "--output", tree])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stderr.contains("2 of 2 editions written"))
        for (pipeline, edition) in [(Self.handmade, "handmade"), (Self.cleaning, "1")] {
            let alone = folder.file("alone-\(edition)")
            #expect(try TallyCommand.run(["run", pipeline, "--output", alone]).status == 0)
            let single = try snapshot(alone)
            let inTree = try snapshot(tree)
            // Each folder's _SUCCESS lists the files in that folder, which the tree has split.
            for (path, bytes) in single where path != "_SUCCESS" {
                let shared = ["tables/", "questions/", "differences/", "independence/", "tabbook/", "report/"].contains
                {
                    path.hasPrefix($0)
                }
                let moved = shared ? path : "editions/edition=\(edition)/" + path
                #expect(inTree[moved] == bytes, "\(moved)")
            }
        }
        let manifest = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tree + "/manifest.json")))
                as? [String: Any])
        let editions = try #require(manifest["editions"] as? [[String: Any]])
        #expect(editions.map { $0["edition"] as? String } == ["1", "handmade"])
        #expect(editions.map { $0["status"] as? String } == ["succeeded", "succeeded"])
        #expect(FileManager.default.fileExists(atPath: tree + "/trends/part-00000.csv"))
        // The trends workbook: one sheet for the one pair of editions, here without shared questions.
        let trends = try XLSXWorkbook(path: tree + "/tabbook/trends.xlsx")
        #expect(trends.sheets.map(\.name) == ["1 to handmade"])
        #expect(FileManager.default.fileExists(atPath: tree + "/_SUCCESS"))
    }

    @Test("A failing edition is reported and exits with its code; the others are published")
    func oneFails() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/pipeline.yaml"), encoding: .utf8)
        let broken = Repository.fixture("handmade/broken/truncated.csv.gz")
        let definition = try folder.write(
            "broken.yaml",
            text.replacingOccurrences(of: "edition: \"handmade\"", with: "edition: \"broken\"")
                .replacingOccurrences(of: "files: [\"shards/*.csv.gz\"]", with: "files: [\"\(broken)\"]"))
        let tree = folder.file("all")
        let result = try TallyCommand.run(["run", definition, Self.cleaning, "--output", tree])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("edition broken failed"))
        #expect(result.stderr.contains("1 of 2 editions written"))
        #expect(FileManager.default.fileExists(atPath: tree + "/tables/edition=1"))
        #expect(!FileManager.default.fileExists(atPath: tree + "/tables/edition=broken"))
        let manifest = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tree + "/manifest.json")))
                as? [String: Any])
        let editions = try #require(manifest["editions"] as? [[String: Any]])
        let failed = try #require(editions.first { $0["edition"] as? String == "broken" })
        #expect(failed["status"] as? String == "failed")
        #expect(failed["exit_code"] as? Int == 65)
        #expect((failed["error"] as? String)?.contains("truncated.csv.gz") == true)
    }

    @Test("A multi-edition rerun is skipped when every edition's definition and inputs are unchanged")
    func skipUnchanged() throws {
        let folder = try TemporaryFolder()
        let first = try TallyCommand.run(["run", Self.handmade, Self.cleaning, "--output", folder.file("all")])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try TallyCommand.run([
            "run", Self.handmade, Self.cleaning, "--output", folder.file("again"), "--skip-unchanged-since",
            folder.file("all"),
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("unchanged since \(folder.file("all")); nothing to do"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("again")))
        // Another set of editions is a change: the run is done.
        let other = try TallyCommand.run([
            "run", Self.handmade, "Pipelines/", "--output", folder.file("other"), "--skip-unchanged-since",
            folder.file("all"),
        ])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.file("other/_SUCCESS")))
    }

    @Test("Two definitions of one edition are refused before anything runs")
    func sameEditionTwice() throws {
        let folder = try TemporaryFolder()
        let result = try TallyCommand.run([
            "run", Self.handmade, "Fixtures/handmade/weighted.yaml", "--output", folder.file("all"),
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("are both edition 'handmade'"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("all")))
    }
}
