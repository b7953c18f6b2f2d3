import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// The reader's contract end to end: base weights whose sums would overflow, values
/// with surrounding spaces, and files that are not what they claim to be.
@Suite("Input contract, end to end")
struct InputContractRunTests {
    static var header: String { QuoteDamageRunTests.sample.header }
    static var records: [String] { QuoteDamageRunTests.sample.records }

    /// The manifest of a run's output as JSON.
    static func manifest(_ output: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("Base weights of 1e308 are bad data naming the file, line and field, not an unwritable manifest")
    func hugeWeights() throws {
        let folder = try TemporaryFolder()
        var records = Self.records
        for index in [2, 3] { records[index] = records[index].replacingOccurrences(of: ",1,C,", with: ",1e308,C,") }
        #expect(records[2].contains("1e308") && records[3].contains("1e308"))
        let input = try folder.write("w.csv", Self.header + records.joined())
        let error = #expect(throws: TallyError.self) {
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: try QuoteDamageRunTests.definition(share: 0, in: folder), inputs: [input],
                    outputDirectory: folder.file("out")))
        }
        #expect(error?.exitCode == 65)
        #expect(
            error?.description.hasPrefix(
                "\(input):4, field 'design_weight': the base weight '1e308' in 'design_weight' is outside 1e-100...1e100"
            ) == true, "\(String(describing: error))")

        // With rejects allowed, the rows are rejected and the manifest holds finite numbers only.
        let output = folder.file("allowed")
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: try QuoteDamageRunTests.definition(share: 1, in: folder), inputs: [input],
                outputDirectory: output))
        #expect(report.manifest.rowsRejected == 2 && report.manifest.rejectsByRule == ["bad_weight": 2])
        #expect(report.manifest.weighting.maximumWeight == 2)
        let text = try String(contentsOfFile: output + "/manifest.json", encoding: .utf8)
        // No value spelled as a word (`inf`, `-infinity`, `nan`); keys such as `inflate` aside.
        #expect(text.firstMatch(of: /(?i)[:\[,]\s*-?(inf|infinity|nan)\b/) == nil)
    }

    @Test("Values with surrounding spaces read as without them and are counted per input and in total")
    func trimmedValues() throws {
        let folder = try TemporaryFolder()
        let plain = Self.records
        var spaced = plain
        // R00001: ' B ' and a lone space for birth_year (already blank); R00002: ' R00002 ' and ' 1 '.
        spaced[0] = spaced[0].replacingOccurrences(of: "R00001,1.25,B,US,,", with: "R00001,1.25, B ,US, ,")
        spaced[1] = spaced[1].replacingOccurrences(of: "R00002,1,", with: " R00002 , 1 ,")
        #expect(spaced[0] != plain[0] && spaced[1] != plain[1])
        let halves = [(0, 150), (150, plain.count)]
        let plainInputs = try halves.map {
            try folder.write("plain-\($0.0).csv", Self.header + plain[$0.0..<$0.1].joined())
        }
        let spacedInputs = try halves.map {
            try folder.write("spaced-\($0.0).csv", Self.header + spaced[$0.0..<$0.1].joined())
        }
        let definition = Repository.fixture("handmade/pipeline.yaml")
        for (name, inputs) in [("plain", plainInputs), ("spaced", spacedInputs)] {
            _ = try PipelineRunner.run(
                RunOptions(definitionPath: definition, inputs: inputs, outputDirectory: folder.file(name)))
        }
        let manifest = try Self.manifest(folder.file("spaced"))
        #expect(manifest["values_trimmed"] as? Int == 4)
        let perInput = (manifest["inputs"] as? [[String: Any]])?.map { $0["values_trimmed"] as? Int }
        #expect(perInput == [4, nil])
        let untouched = try Self.manifest(folder.file("plain"))
        #expect(untouched["values_trimmed"] == nil)
        #expect((untouched["inputs"] as? [[String: Any]])?.allSatisfy { $0["values_trimmed"] == nil } == true)
        // Everything but the manifest is the same as without the spaces.
        let (with, without) = (try snapshot(folder.file("spaced")), try snapshot(folder.file("plain")))
        #expect(with.filter { $0.key != "manifest.json" } == without.filter { $0.key != "manifest.json" })
    }

    @Test("A file that is not gzip or CSV text fails the run with 65, saying what its bytes are")
    func notWhatItClaims() throws {
        let folder = try TemporaryFolder()
        let bzip2 = Data("BZh91AY&SY".utf8) + Data([0x5C, 0x8E, 0x21, 0x07, 0x00, 0x00, 0x1F, 0x81])
        let path = folder.file("d.csv.gz")
        try bzip2.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TallyError.self) {
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: Repository.fixture("handmade/pipeline.yaml"), inputs: [path],
                    outputDirectory: folder.file("out")))
        }
        #expect(error?.exitCode == 65)
        #expect(error?.description == "\(path): not gzip data (starts with BZh: bzip2?)")
    }
}
