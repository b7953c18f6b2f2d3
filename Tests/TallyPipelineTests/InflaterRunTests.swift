import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Whole runs give byte-identical outputs whatever the inflater and the number of jobs.
@Suite("Inflaters and jobs, end to end")
struct InflaterRunTests {
    @Test(
        "zlib and ISA-L, 1, 2 and 4 jobs: identical outputs",
        arguments: ["Pipelines/connected-customer-2023.yaml", "Fixtures/handmade/pipeline.yaml"])
    func identical(definition: String) throws {
        let folder = try TemporaryFolder()
        var reference: [String: Data]?
        for (inflater, jobs) in [(Inflater.zlib, 1), (.isal, 2), (.isal, 4), (.zlib, 4)] {
            let output = folder.file("\(inflater)-\(jobs)")
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: Repository.path(definition), outputDirectory: output, jobs: jobs,
                    inflater: inflater))
            let files = try snapshot(output)
            #expect(files["weights/part-00000.csv.gz"] != nil)
            if let reference {
                #expect(files == reference, "\(inflater), \(jobs) jobs")
                for difference in try Self.differences(files, reference, folder: output, against: folder.file("zlib-1"))
                {
                    Issue.record("\(inflater), \(jobs) jobs: \(difference)")
                }
            } else {
                reference = files
            }
        }
    }

    @Test("A difference in the outputs is told by file and first differing line")
    func explainsDifferences() throws {
        let folder = try TemporaryFolder()
        let files = ["t.csv": Data("a\nb\nc\n".utf8), "same.csv": Data("x\n".utf8)]
        let reference = ["t.csv": Data("a\nB\nc\n".utf8), "same.csv": Data("x\n".utf8), "only.csv": Data()]
        let explained = try Self.differences(files, reference, folder: folder.path, against: folder.path)
        #expect(explained == ["only.csv is in one output only", "t.csv, line 2: 'b' against 'B'"])
    }

    /// For each file that differs, whether its text differs too and where: the first
    /// differing line (for gzip files, of their decompressed text), so that a failure
    /// tells a difference in content from one in compression alone.
    static func differences(
        _ files: [String: Data], _ reference: [String: Data], folder: String, against referenceFolder: String
    ) throws -> [String] {
        var differences: [String] = []
        for name in Set(files.keys).union(reference.keys).sorted() where files[name] != reference[name] {
            guard let bytes = files[name], let referenceBytes = reference[name] else {
                differences.append("\(name) is in one output only")
                continue
            }
            let (text, referenceText) =
                name.hasSuffix(".gz")
                ? (try gunzip(folder + "/" + name), try gunzip(referenceFolder + "/" + name)) : (bytes, referenceBytes)
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let referenceLines = String(decoding: referenceText, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
            let common = min(lines.count, referenceLines.count)
            guard let line = (0..<common).first(where: { lines[$0] != referenceLines[$0] }) else {
                differences.append(
                    "\(name): \(bytes.count) against \(referenceBytes.count) bytes, with the same \(lines.count == referenceLines.count ? "text" : "lines up to the shorter one's end")"
                )
                continue
            }
            differences.append("\(name), line \(line + 1): '\(lines[line])' against '\(referenceLines[line])'")
        }
        return differences
    }
}
