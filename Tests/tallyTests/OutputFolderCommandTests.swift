import Foundation
import TallyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Output folders as a new user meets them: Tally replaces only what it wrote.
@Suite("Output folders: ownership, links, usage")
struct OutputFolderCommandTests {
    static let pipeline = RunCommandTests.pipeline

    static func run(_ output: String, _ extra: [String] = []) throws -> TallyCommand.Result {
        try TallyCommand.run(["run", pipeline, "--output", output] + extra)
    }

    static func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test("A folder whose manifest.json Tally did not write is refused, and nothing in it is touched")
    func foreignManifest() throws {
        for manifest in ["not json", "{}", "{\"tool\": \"tally\"}"] {
            let folder = try TemporaryFolder()
            try folder.write("c/manifest.json", manifest)
            try folder.write("c/precious.txt", "precious")
            let result = try Self.run(folder.file("c"))
            #expect(result.status == 73, "\(result.stderr)")
            #expect(result.stderr.contains("not a Tally output folder"), "\(result.stderr)")
            #expect(result.stderr.contains("precious.txt"), "\(result.stderr)")
            #expect(try String(contentsOfFile: folder.file("c/precious.txt"), encoding: .utf8) == "precious")
            #expect(try Self.entries(folder.path) == ["c"])
        }
    }

    @Test("A file added to a results folder makes the next run refuse, naming it; --keep-other-files carries it over")
    func addedFile() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("d")
        #expect(try Self.run(output).status == 0)
        try folder.write("d/notes.txt", "notes")
        try folder.write("d/tables/mine/summary.txt", "mine")
        let before = try snapshot(output)

        let refused = try Self.run(output)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("notes.txt"), "\(refused.stderr)")
        #expect(refused.stderr.contains("tables/mine/"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--keep-other-files"), "\(refused.stderr)")
        #expect(try snapshot(output) == before)
        #expect(try Self.entries(folder.path) == ["d"])

        let kept = try Self.run(output, ["--keep-other-files"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try String(contentsOfFile: output + "/notes.txt", encoding: .utf8) == "notes")
        #expect(try String(contentsOfFile: output + "/tables/mine/summary.txt", encoding: .utf8) == "mine")
        #expect(try Self.entries(folder.path) == ["d"])
        // The record lists only what Tally wrote, so the next run asks again.
        let record = try String(contentsOfFile: output + "/_SUCCESS", encoding: .utf8)
        #expect(record.contains("\"manifest.json\"") && !record.contains("notes.txt"))
        #expect(try Self.run(output).status == 73)
    }

    @Test("A results folder Tally wrote is replaced whole: no file of the old run is left")
    func replacesOwn() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        #expect(try Self.run(output).status == 0)
        let second = try TallyCommand.run([
            "run", Self.pipeline, "--input", Repository.fixture("handmade/shards/part-1.csv.gz"), "--output", output,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let record = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: output + "/_SUCCESS")))
        let listed = try #require((record as? [String: Any])?["files"] as? [String])
        #expect(listed.count > 3)
        #expect(listed.allSatisfy { FileManager.default.fileExists(atPath: output + "/" + $0) })
        #expect(try Self.entries(folder.path) == ["out"])
    }

    @Test("An output given as a link is published to its target; the link stays a link")
    func symlinkedOutput() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("big/results")
        #expect(try Self.run(target).status == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.file("current"), withDestinationPath: "big/results")

        let viaLink = try Self.run(folder.file("current"))
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        let status =
            try FileManager.default.attributesOfItem(atPath: folder.file("current"))[.type] as? FileAttributeType
        #expect(status == .typeSymbolicLink)
        #expect(FileManager.default.fileExists(atPath: target + "/_SUCCESS"))
        #expect(try Self.entries(folder.path) == ["big", "current"])
        #expect(try Self.entries(folder.file("big")) == ["results"])
    }

    @Test("--output . and an empty --output are usage errors that say why")
    func unusablePaths() throws {
        for path in [".", "", "..", "./"] {
            let result = try Self.run(path)
            #expect(result.status == 64, "\(path): \(result.stderr)")
            #expect(result.stderr.contains("--output"), "\(result.stderr)")
        }
    }

    @Test("A read-only published folder is refused before anything is written (as a user who is not root)")
    func readOnly() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        // root may write anywhere: run Tally as nobody where the tests run as root.
        let asUser: [String] = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        if getuid() == 0 { chown(folder.path, 65534, 65534) }
        func run() throws -> TallyCommand.Result {
            guard let first = asUser.first else { return try Self.run(output) }
            return try TallyCommand.run(
                Array(asUser.dropFirst()) + [TallyCommand.executable, "run", Self.pipeline, "--output", output],
                program: "/usr/bin/" + first)
        }
        let first = try run()
        #expect(first.status == 0, "\(first.stderr)")
        chmod(output, 0o555)
        defer { chmod(output, 0o755) }
        let before = try snapshot(output)
        let refused = try run()
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("read-only"), "\(refused.stderr)")
        #expect(try snapshot(output) == before)
        #expect(try Self.entries(folder.path) == ["out"])
    }
}
