import Foundation
import TallyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `Scripts/nightly` with the built binary: the latest pointer moves only on success.
@Suite("Scripts/nightly")
struct NightlyScriptTests {
    static func nightly(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.root + "/Scripts/nightly")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        process.environment = ProcessInfo.processInfo.environment.merging(["TALLY": TallyCommand.executable]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    static func latest(_ root: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest")
    }

    @Test("Runs into dated folders, skips unchanged inputs, keeps latest on failure, prunes old runs")
    func lifecycle() throws {
        let folder = try TemporaryFolder()
        let inbox = folder.file("inbox")
        let root = folder.file("root")
        try FileManager.default.copyItem(atPath: Repository.fixture("handmade/shards"), toPath: inbox)
        let pipeline = RunCommandTests.pipeline
        func run(_ name: String) throws -> (status: Int32, stderr: String) {
            try Self.nightly([pipeline, inbox, root, "--run-name", name, "--keep", "1"])
        }

        let first = try run("r1")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.latest(root) == "runs/r1")
        #expect(FileManager.default.fileExists(atPath: root + "/latest/_SUCCESS"))

        let unchanged = try run("r2")
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(unchanged.stderr.contains("nothing changed since runs/r1"))
        #expect(!FileManager.default.fileExists(atPath: root + "/runs/r2"))

        let broken = inbox + "/truncated.csv.gz"
        try FileManager.default.copyItem(atPath: Repository.fixture("handmade/broken/truncated.csv.gz"), toPath: broken)
        let failed = try run("r3")
        #expect(failed.status == 65, "\(failed.stderr)")
        #expect(failed.stderr.contains("latest still points to the last good run"))
        #expect(try Self.latest(root) == "runs/r1")
        #expect(!FileManager.default.fileExists(atPath: root + "/runs/r3"))

        try FileManager.default.removeItem(atPath: broken)
        try FileManager.default.removeItem(atPath: inbox + "/part-1.csv.gz")
        try folder.write("root/runs/r1/notes.txt", "why r1 matters")
        let changed = try run("r4")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try Self.latest(root) == "runs/r4")
        // --keep 1: only the latest run is kept, but not a run someone added a file to,
        // and no lock or staging files are left in runs/.
        #expect(changed.stderr.contains("kept runs/r1: it holds files Tally did not write"), "\(changed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/runs").sorted() == ["r1", "r4"])
        #expect(FileManager.default.fileExists(atPath: root + "/runs/r1/notes.txt"))
    }

    @Test("A second nightly on the same root exits 75")
    func oneAtATime() throws {
        let folder = try TemporaryFolder()
        let root = folder.file("root")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let descriptor = open(root + "/.nightly.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let second = try Self.nightly([RunCommandTests.pipeline, Repository.fixture("handmade/shards"), root])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another nightly run holds"))
    }
}
