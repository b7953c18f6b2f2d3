import Foundation
import TallyModel
import TallyPartials
import TallyPipeline
import TallyTestSupport
import Testing

/// `run --partial` and `merge`: any grouping of a run's inputs into partial results
/// merges into exactly the files of one run over all of them.
@Suite("Partial results and merge")
struct PartialMergeTests {
    static let edition2023 = Repository.path("Pipelines/connected-customer-2023.yaml")
    static let shards2023 = (1...4).map { Repository.fixture("connected-customer-2023/shard-0000\($0).csv.gz") }
    static let handmade = Repository.fixture("handmade/pipeline.yaml")
    static let handmadeShards = (1...2).map { Repository.fixture("handmade/shards/part-\($0).csv.gz") }
    static let cleaning = Repository.fixture("cleaning/pipeline.yaml")
    static let (cleaningA, cleaningB) = (
        Repository.fixture("cleaning/shards/a.csv"), Repository.fixture("cleaning/shards/b.csv")
    )

    /// One run over `inputs`; returns every file it wrote.
    static func single(_ definition: String, _ inputs: [String], in folder: TemporaryFolder) throws -> [String: Data] {
        let output = folder.file("single")
        _ = try PipelineRunner.run(RunOptions(definitionPath: definition, inputs: inputs, outputDirectory: output))
        return try snapshot(output)
    }

    /// Writes one partial result per group and returns their folders.
    static func partials(
        _ definition: String, _ groups: [[String]], in folder: TemporaryFolder, name: String
    ) throws -> [String] {
        try groups.enumerated().map { index, group in
            let directory = folder.file("\(name)-partial-\(index)")
            _ = try PartialRunner.run(
                RunOptions(definitionPath: definition, inputs: group, outputDirectory: directory, jobs: 2))
            return directory
        }
    }

    /// Merges partial folders; returns every file written.
    static func merge(
        _ definition: String, _ partials: [String], in folder: TemporaryFolder, name: String
    ) throws
        -> [String: Data]
    {
        let output = folder.file(name)
        _ = try PartialRunner.merge(
            MergeOptions(definitionPath: definition, partials: partials, outputDirectory: output))
        return try snapshot(output)
    }

    /// The error a throwing call raised, if it was a `TallyError`.
    static func tallyError(_ body: () throws -> Void) -> TallyError? {
        do {
            try body()
            return nil
        } catch {
            return error as? TallyError
        }
    }

    @Test("Every grouping of the 2023 shards merges into the bytes of one run")
    func groupings2023() throws {
        let folder = try TemporaryFolder()
        let expected = try Self.single(Self.edition2023, Self.shards2023, in: folder)
        #expect(expected.keys.contains("manifest.json") && expected.keys.contains("weights/part-00000.csv.gz"))
        // All in one, one shard per partial, 2 + 2, and 1 + 3 given out of order.
        let groupings = [[[1, 2, 3, 4]], [[1], [2], [3], [4]], [[1, 2], [3, 4]], [[3], [4, 1, 2]]]
        for (index, groups) in groupings.enumerated() {
            let partials = try Self.partials(
                Self.edition2023, groups.map { $0.map { Self.shards2023[$0 - 1] } }, in: folder, name: "g\(index)")
            for partial in partials {
                // partial.bin, the marker, and per file a weights spool and its deferred rows.
                let names = try FileManager.default.contentsOfDirectory(atPath: partial)
                #expect(
                    names.allSatisfy {
                        ["partial.bin", "_SUCCESS"].contains($0) || $0.hasSuffix(".tsv")
                            || $0.hasSuffix(".tsv.deferred-rows")
                    }, "\(names)")
                #expect(
                    names.filter { $0.hasSuffix(".deferred-rows") }.count == names.filter { $0.hasSuffix(".tsv") }.count
                )
            }
            // The partials are named in reverse order: the merge orders files itself.
            let merged = try Self.merge(Self.edition2023, partials.reversed(), in: folder, name: "merged-\(index)")
            #expect(merged.keys.sorted() == expected.keys.sorted(), "\(groups)")
            for (path, bytes) in expected where merged[path] != bytes {
                Issue.record(
                    "\(path) differs for \(groups): \(Self.firstDifference(bytes, merged[path], path, in: folder))")
            }
        }
    }

    /// Where two versions of an output first differ, line by line (gzip files inflated first).
    static func firstDifference(_ expected: Data, _ actual: Data?, _ path: String, in folder: TemporaryFolder) -> String
    {
        guard let actual else { return "missing" }
        func lines(_ data: Data, _ name: String) -> [Substring] {
            var text = data
            if path.hasSuffix(".gz") {
                let file = folder.file(name)
                text = (try? data.write(to: URL(fileURLWithPath: file))).flatMap { try? gunzip(file) } ?? Data()
            }
            return String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }
        let (one, other) = (lines(expected, "expected.diff"), lines(actual, "actual.diff"))
        guard let line = zip(one, other).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return
                "\(one.count) and \(other.count) lines, the same up to the shorter (\(expected.count) and \(actual.count) bytes)"
        }
        return "line \(line + 1) of \(one.count): one run has '\(one[line])', the merge '\(other[line])'"
    }

    @Test("A merge stopped by a signal publishes nothing: earlier results stay as they were, no staging folder")
    func stoppedMerge() throws {
        let folder = try TemporaryFolder()
        let partials = try Self.partials(Self.handmade, [Self.handmadeShards], in: folder, name: "p")
        let before = try Self.merge(Self.handmade, partials, in: folder, name: "out")
        let cancellation = Cancellation()
        cancellation.request(signal: SIGTERM)
        let error = Self.tallyError {
            _ = try PartialRunner.merge(
                MergeOptions(
                    definitionPath: Self.handmade, partials: partials, outputDirectory: folder.file("out"),
                    cancellation: cancellation))
        }
        #expect(error?.exitCode == 143)
        #expect(try snapshot(folder.file("out")) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".out") }
        #expect(left.allSatisfy { $0.hasSuffix("tally-lock") }, "\(left)")
    }

    @Test("The hand-made multi-member gzip shards merge into the bytes of one run, either way round")
    func handmadeShards() throws {
        let folder = try TemporaryFolder()
        let expected = try Self.single(Self.handmade, Self.handmadeShards, in: folder)
        for (index, groups) in [[Self.handmadeShards], [[Self.handmadeShards[1]], [Self.handmadeShards[0]]]]
            .enumerated()
        {
            let partials = try Self.partials(Self.handmade, groups, in: folder, name: "g\(index)")
            #expect(try Self.merge(Self.handmade, partials, in: folder, name: "merged-\(index)") == expected)
        }
    }

    /// The cleaning fixture's b.csv repeats a.csv's respondent A02 (line 2), and its
    /// speeder threshold is 0.5 × the median of both files' durations (290 s): a
    /// median neither partial knows alone (a.csv's gives 300 s, b.csv's 237.5 s).
    @Test("A respondent repeated across partials is rejected as in one run when the input can be read again")
    func duplicatesAcrossPartials() throws {
        let folder = try TemporaryFolder()
        let (definition, a, b) = (Self.cleaning, Self.cleaningA, Self.cleaningB)
        let expected = try Self.single(definition, [a, b], in: folder)
        let partials = try Self.partials(definition, [[b], [a]], in: folder, name: "p")
        let merged = try Self.merge(definition, partials, in: folder, name: "merged")
        #expect(merged == expected)
        let manifest = try JSONSerialization.jsonObject(with: try #require(merged["manifest.json"])) as? [String: Any]
        #expect(manifest?["reprocessed_files"] as? [String] == [b])
        let rejects = try readCSV(folder.file("merged/rejects.csv"))
        #expect(rejects.contains { $0.count > 4 && $0[0] == b && $0[2] == "A02" && $0[3] == "duplicate_id" })
    }

    @Test("A repeated respondent whose input the merge cannot read again fails naming both partials and the id")
    func unreadableDuplicate() throws {
        let folder = try TemporaryFolder()
        let definition = Self.cleaning
        let a = try folder.write("in/a.csv", try String(contentsOfFile: Self.cleaningA, encoding: .utf8))
        let b = try folder.write("in/b.csv", try String(contentsOfFile: Self.cleaningB, encoding: .utf8))
        let partials = try Self.partials(definition, [[a], [b]], in: folder, name: "p")
        try FileManager.default.removeItem(atPath: b)
        let error = try #require(Self.tallyError { _ = try Self.merge(definition, partials, in: folder, name: "out") })
        #expect(error.exitCode == 65)
        let message = error.description
        #expect(
            message.contains("'A02'") && message.contains(partials[0]) && message.contains(partials[1]), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test("Partials of another definition, the same input twice, or the same partial twice are refused")
    func mismatchedPartials() throws {
        let folder = try TemporaryFolder()
        let shards = Self.handmadeShards
        let partials = try Self.partials(
            Self.handmade, [[shards[0]], [shards[1]], [shards[0]]], in: folder, name: "p")
        let cases: [(partials: [String], definition: String, mentions: [String])] = [
            (
                [partials[0], partials[1]], Repository.fixture("handmade/weighted.yaml"),
                [partials[0], "another definition"]
            ),
            ([partials[0], partials[2]], Self.handmade, [partials[2], partials[0], shards[0]]),
            ([partials[1], partials[1]], Self.handmade, [partials[1], "named twice"]),
        ]
        for (names, definition, mentions) in cases {
            let error = try #require(Self.tallyError { _ = try Self.merge(definition, names, in: folder, name: "out") })
            #expect(error.exitCode == 65)
            for mention in mentions { #expect(error.description.contains(mention), "\(error)") }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test("A partial of another format version, cut short, damaged or missing its spool is refused")
    func damagedPartials() throws {
        let folder = try TemporaryFolder()
        let partial = try Self.partials(Self.handmade, [Self.handmadeShards], in: folder, name: "p")[
            0]
        let state = partial + "/partial.bin"
        let original = try Data(contentsOf: URL(fileURLWithPath: state))
        var newer = original
        newer[8] = 3  // the little-endian format version after the 8-byte magic
        var flipped = original
        flipped[original.count / 2] ^= 0xFF
        let variants: [(String, Data, String)] = [
            ("another format version", newer, "format version 3"),
            ("truncated", original.prefix(original.count - 100), "truncated or damaged"),
            ("damaged", flipped, "truncated or damaged"),
        ]
        for (what, bytes, mention) in variants {
            try bytes.write(to: URL(fileURLWithPath: state))
            let error = try #require(
                Self.tallyError { _ = try Self.merge(Self.handmade, [partial], in: folder, name: "out") })
            #expect(error.exitCode == 65, "\(what)")
            #expect(error.description.contains(mention) && error.description.contains(partial), "\(what): \(error)")
        }
        try original.write(to: URL(fileURLWithPath: state))
        let spool = partial + "/spool-00000.tsv"
        let spoolBytes = try Data(contentsOf: URL(fileURLWithPath: spool))
        try spoolBytes.prefix(spoolBytes.count - 10).write(to: URL(fileURLWithPath: spool))
        let error = try #require(
            Self.tallyError { _ = try Self.merge(Self.handmade, [partial], in: folder, name: "out") })
        #expect(error.exitCode == 65 && error.description.contains("truncated"), "\(error)")
        try spoolBytes.write(to: URL(fileURLWithPath: spool))
        #expect(
            try Self.merge(Self.handmade, [partial], in: folder, name: "out")
                == Self.single(Self.handmade, Self.handmadeShards, in: folder))
    }
}
