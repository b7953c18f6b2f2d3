import Foundation
import TallyPipeline
import TallyTestSupport
import Testing

/// `values_trimmed` survives partial results: a merge counts trimmed values as one run does.
@Suite("Trimmed values in partial results")
struct TrimmedMergeTests {
    @Test("A merge of partial results writes the manifest one run writes, values_trimmed included")
    func mergeCountsTrimmedValues() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/variants/plain.csv"), encoding: .utf8)
        #expect(text.contains("R00002,1,"))
        let spaced = text.replacingOccurrences(of: "R00002,1,", with: " R00002 , 1 ,")
        let lines = spaced.split(separator: "\n", omittingEmptySubsequences: false)
        // Two files, cut at a line that holds a whole record (R00151 opens it).
        let cut = try #require(lines.firstIndex { $0.hasPrefix("R00151,") })
        let inputs = [
            try folder.write("a.csv", lines[..<cut].joined(separator: "\n") + "\n"),
            try folder.write("b.csv", ([lines[0]] + lines[cut...]).joined(separator: "\n")),
        ]
        let definition = Repository.fixture("handmade/pipeline.yaml")
        let single = folder.file("single")
        _ = try PipelineRunner.run(RunOptions(definitionPath: definition, inputs: inputs, outputDirectory: single))
        let manifest = try Data(contentsOf: URL(fileURLWithPath: single + "/manifest.json"))
        #expect(String(decoding: manifest, as: UTF8.self).contains("\"values_trimmed\" : 2"))

        let partials = try PartialMergeTests.partials(
            definition, inputs.map { [$0] }, in: folder, name: "spaced")
        let merged = try PartialMergeTests.merge(definition, partials, in: folder, name: "merged")
        #expect(withoutRunSection(try #require(merged["manifest.json"])) == withoutRunSection(manifest))
    }
}
