import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Output folders: resolution, ownership records, locks")
struct OutputFolderTests {
    /// Publishes a run with the given files into `destination`.
    static func publish(_ files: [String: String], to destination: String, keepingOtherFiles: Bool = false) throws {
        let publisher = try OutputPublisher(folder: try OutputFolder(destination), keepingOtherFiles: keepingOtherFiles)
        for (name, text) in files {
            try FileOutput.makeDirectories((publisher.staging + "/" + name as NSString).deletingLastPathComponent)
            try FileOutput.write(publisher.staging + "/" + name, [text])
        }
        try publisher.publish()
    }

    @Test("A link in the last place resolves to its target; a relative path becomes absolute")
    func resolution() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("big/results"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.file("current"), withDestinationPath: "big/results")
        let real = try #require(realpath(folder.path, nil).map { String(cString: $0) })
        #expect(try OutputFolder(folder.file("current")).path == real + "/big/results")
        #expect(try OutputFolder(folder.file("big/../big/results/")).path == real + "/big/results")
        #expect(try OutputFolder(folder.file("new/out")).path == real + "/new/out")
        #expect(try OutputFolder("relative").path.hasPrefix("/"))
    }

    @Test("Two names for one folder take one lock", .timeLimit(.minutes(1)))
    func lockOnResolvedPath() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("big/results"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.file("current"), withDestinationPath: "big/results")
        let held = try OutputLock(folder: try OutputFolder(folder.file("big/results")))
        let error = try #require(throws: TallyError.self) {
            try OutputLock(folder: try OutputFolder(folder.file("current")))
        }
        #expect(error.exitCode == 75)
        withExtendedLifetime(held) {}
    }

    @Test("A released lock leaves no lock file; a refused one does not remove the holder's")
    func lockFileRemoved() throws {
        let folder = try TemporaryFolder()
        let output = try OutputFolder(folder.file("out"))
        do {
            let lock = try OutputLock(folder: output)
            #expect(FileManager.default.fileExists(atPath: lock.path))
            #expect(throws: TallyError.self) { try OutputLock(folder: output) }
            #expect(FileManager.default.fileExists(atPath: lock.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("_SUCCESS lists every file Tally wrote, sorted, and nothing else")
    func record() throws {
        let folder = try TemporaryFolder()
        try Self.publish(
            ["manifest.json": "{}", "tables/a/part-00000.csv": "x", "rejects.csv": ""], to: folder.file("out"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("out/_SUCCESS")))
        let record = try JSONDecoder().decode(OutputRecord.self, from: data)
        #expect(
            record
                == OutputRecord(content: .results, files: ["manifest.json", "rejects.csv", "tables/a/part-00000.csv"]))
        #expect(record.files == ["manifest.json", "rejects.csv", "tables/a/part-00000.csv"])
        #expect(record.tool == "tally")
    }

    @Test("Only files the old record lists are removed; an unlisted one is refused or carried over")
    func ownership() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        try Self.publish(["manifest.json": "1", "tables/a.csv": "old"], to: output)
        try folder.write("out/tables/notes.txt", "mine")
        let error = try #require(throws: TallyError.self) { try Self.publish(["manifest.json": "2"], to: output) }
        #expect(error.exitCode == 73)
        #expect("\(error)".contains("tables/notes.txt"))
        try Self.publish(["manifest.json": "2"], to: output, keepingOtherFiles: true)
        #expect(try String(contentsOfFile: output + "/tables/notes.txt", encoding: .utf8) == "mine")
        #expect(!FileManager.default.fileExists(atPath: output + "/tables/a.csv"))
        #expect(try String(contentsOfFile: output + "/manifest.json", encoding: .utf8) == "2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
    }

    @Test("A carried file where the new results have a file of that name is refused before publication")
    func carriedCollision() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        try Self.publish(["manifest.json": "1"], to: output)
        try folder.write("out/audit.csv", "mine")
        #expect(throws: TallyError.self) {
            try Self.publish(["manifest.json": "2", "audit.csv": "new"], to: output, keepingOtherFiles: true)
        }
        #expect(try String(contentsOfFile: output + "/audit.csv", encoding: .utf8) == "mine")
        #expect(try String(contentsOfFile: output + "/manifest.json", encoding: .utf8) == "1")
    }

    @Test("A folder from a Tally before records (empty _SUCCESS) is replaced by what its manifest lists")
    func legacyFolder() throws {
        let folder = try TemporaryFolder()
        let manifest = #"{"tool": "tally", "outputs": [{"path": "tables/a.csv", "rows": 1}]}"#
        try folder.write("out/manifest.json", manifest)
        try folder.write("out/_SUCCESS", "")
        try folder.write("out/tables/a.csv", "old")
        try Self.publish(["manifest.json": "new"], to: folder.file("out"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("out/tables")))
        try folder.write("out2/manifest.json", manifest)
        try folder.write("out2/_SUCCESS", "")
        try folder.write("out2/tables/unlisted.csv", "mine")
        #expect(throws: TallyError.self) { try Self.publish(["manifest.json": "new"], to: folder.file("out2")) }
    }

    @Test("Results never replace a partial result, nor a partial result results")
    func kinds() throws {
        let folder = try TemporaryFolder()
        let partial = try OutputPublisher(folder: try OutputFolder(folder.file("p")), content: .partial)
        try FileOutput.write(partial.staging + "/partial.bin", ["x"])
        try partial.publish()
        let error = try #require(throws: TallyError.self) {
            try Self.publish(["manifest.json": "{}"], to: folder.file("p"))
        }
        #expect("\(error)".contains("partial"))
    }

    @Test("A killed run's staging folder is cleared; one holding files Tally did not write is kept")
    func leftovers() throws {
        let folder = try TemporaryFolder()
        let output = try OutputFolder(folder.file("out"))
        try folder.write(".out.tally-staging-1/tables/part.csv", "half written")
        try Self.publish(["manifest.json": "old", "a.csv": "a"], to: folder.file(".out.tally-staging-2"))
        try folder.write(".out.tally-staging-3/_SUCCESS", "")
        try folder.write(".out.tally-staging-3/notes.txt", "mine")
        let result = OutputPublisher.removeLeftovers(of: output)
        #expect(
            result.removed.map { ($0 as NSString).lastPathComponent } == [
                ".out.tally-staging-1", ".out.tally-staging-2",
            ])
        #expect(result.kept.map { ($0 as NSString).lastPathComponent } == [".out.tally-staging-3"])
        #expect(FileManager.default.fileExists(atPath: folder.file(".out.tally-staging-3/notes.txt")))
    }
}
