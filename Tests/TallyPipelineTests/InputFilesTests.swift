import Foundation
import TallyModel
import TallyReader
import TallyTestSupport
import Testing

@testable import TallyPipeline

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Input files: regular files only, each once, any name")
struct InputFilesTests {
    /// A folder holding the two handmade shards.
    static func shards() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("in"), withIntermediateDirectories: true)
        for name in ["part-1.csv.gz", "part-2.csv.gz"] {
            try FileManager.default.copyItem(
                atPath: Repository.fixture("handmade/shards/" + name), toPath: folder.file("in/" + name))
        }
        return folder
    }

    @Test("A FIFO found in a folder or given is refused with 66 naming it, without opening it")
    func fifo() throws {
        let folder = try Self.shards()
        #expect(mkfifo(folder.file("in/b.csv"), 0o644) == 0)
        for input in [folder.file("in"), folder.file("in/b.csv"), folder.file("in/*.csv")] {
            let error = try #require(throws: TallyError.self) { try InputFiles.expand([input]) }
            #expect(error.exitCode == 66)
            #expect("\(error)".contains("b.csv") && "\(error)".contains("FIFO"), "\(error)")
        }
    }

    @Test("A file reached through a link, a second pattern or twice is read once, with a warning")
    func repeats() throws {
        let folder = try Self.shards()
        try FileManager.default.createSymbolicLink(
            atPath: folder.file("in/zz-link.csv.gz"), withDestinationPath: "part-1.csv.gz")
        try FileManager.default.createDirectory(atPath: folder.file("in/loop"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.file("in/loop/up"), withDestinationPath: "..")
        let found = try InputFiles.expand([
            folder.file("in"), folder.file("in/*.gz"), folder.file("in/loop/up/*.gz"), folder.file("in/part-2.csv.gz"),
        ])
        #expect(found.files.map { ($0 as NSString).lastPathComponent } == ["part-1.csv.gz", "part-2.csv.gz"])
        // Each other path to a file already found is named once: the link, and the three through the loop.
        #expect(found.warnings.count == 4, "\(found.warnings)")
        #expect(found.warnings.allSatisfy { $0.contains("is the same file as") && $0.contains("read once") })
    }

    @Test("A file name that is not UTF-8 is found in its folder and read")
    func nonUTF8Name() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("in"), withIntermediateDirectories: true)
        let name: [UInt8] = Array((folder.file("in") + "/caf").utf8) + [0xE9] + Array(".csv.gz".utf8)
        let source = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("handmade/shards/part-1.csv.gz")))
        let descriptor = (name.map(CChar.init(bitPattern:)) + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644)
        }
        #expect(descriptor >= 0)
        _ = source.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)

        let found = try InputFiles.expand([folder.file("in")])
        #expect(found.files.count == 1)
        #expect(PathText.escaped(found.files[0]).hasSuffix("/caf\\xE9.csv.gz"))
        #expect(InputFiles.size(of: found.files[0]) == source.count)
        #expect(try FileDigest.sha256(of: found.files[0]) == InputDigests.sha256(data: source))
    }

    @Test("Names round-trip byte for byte; messages escape control characters and stray bytes")
    func pathText() {
        let bytes: [UInt8] = [0x61, 0xE9, 0x0A, 0xC3, 0xA9, 0xFF]
        let text = PathText.fromFileSystem(bytes)
        let back = PathText.withFileSystemPath(text) { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) }
        #expect(back.map(UInt8.init(bitPattern:)) == bytes)
        #expect(PathText.escaped(text) == "a\\xE9\\né\\xFF")
        #expect(PathText.escaped("plain é name.csv") == "plain é name.csv")
    }
}
