import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

@Suite("Atomic publication of results")
struct OutputPublisherTests {
    @Test("A first run creates the folder with _SUCCESS and leaves no staging folder")
    func firstRun() throws {
        let folder = try TemporaryFolder()
        let destination = folder.file("out")
        let publisher = try OutputPublisher(folder: try OutputFolder(destination))
        try FileOutput.write(publisher.staging + "/manifest.json", ["{}"])
        try publisher.publish()
        #expect(FileManager.default.fileExists(atPath: destination + "/_SUCCESS"))
        #expect(FileManager.default.fileExists(atPath: destination + "/manifest.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
    }

    @Test("A new run replaces the previous results whole")
    func replaces() throws {
        let folder = try TemporaryFolder()
        let destination = folder.file("out")
        let first = try OutputPublisher(folder: try OutputFolder(destination))
        try FileOutput.write(first.staging + "/manifest.json", ["old"])
        try FileOutput.write(first.staging + "/only-old.csv", ["x"])
        try first.publish()
        let second = try OutputPublisher(folder: try OutputFolder(destination))
        try FileOutput.write(second.staging + "/manifest.json", ["new"])
        try second.publish()
        #expect(try String(contentsOfFile: destination + "/manifest.json", encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: destination + "/only-old.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
    }

    @Test("An abandoned run leaves the previous results as they were")
    func abandon() throws {
        let folder = try TemporaryFolder()
        let destination = folder.file("out")
        let first = try OutputPublisher(folder: try OutputFolder(destination))
        try FileOutput.write(first.staging + "/manifest.json", ["old"])
        try first.publish()
        let second = try OutputPublisher(folder: try OutputFolder(destination))
        try FileOutput.write(second.staging + "/manifest.json", ["half"])
        second.abandon()
        #expect(try String(contentsOfFile: destination + "/manifest.json", encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
    }

    @Test("A folder that is not a Tally output is never replaced")
    func refusesForeignFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("home/notes.txt", "keep me")
        #expect(throws: TallyError.self) { try OutputPublisher(folder: try OutputFolder(folder.file("home"))) }
        #expect(FileManager.default.fileExists(atPath: folder.file("home/notes.txt")))
    }

    @Test("An unwritable location is exit 73")
    func unwritable() throws {
        let folder = try TemporaryFolder()
        try folder.write("file", "x")
        let error = try #require(throws: TallyError.self) {
            try OutputPublisher(folder: try OutputFolder(folder.file("file/out")))
        }
        #expect(error.exitCode == 73)
    }
}

@Suite("Partition names and CSV text")
struct PartitionAndCSVTests {
    @Test(
        "Partition values never add a level, climb out or hide",
        arguments: [
            ("customer", "customer"), ("a/b", "a_b"), ("..", "__"), (".", "_"), ("", "_"), ("x\ny", "x_y"),
            ("Gen Z (1997-2012)", "Gen_Z__1997-2012_"), ("Zürich", "Z_rich"),
        ])
    func sanitized(input: String, expected: String) {
        #expect(PartitionName.sanitized(input) == expected)
    }

    @Test("Fields are quoted only when they must be, with doubled quotes")
    func quoting() {
        var text = CSVText()
        text.line(["a", "b,c", "say \"hi\"", "two\nlines"])
        #expect(String(decoding: text.bytes, as: UTF8.self) == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
    }

    @Test("Numbers are written in full precision")
    func numbers() {
        #expect(CSVFormatting.number(100.0 / 3) == "33.333333333333336")
        #expect(CSVFormatting.number(12) == "12.0")
        #expect(Double(CSVFormatting.number(0.1 + 0.2)) == 0.1 + 0.2)
    }
}
