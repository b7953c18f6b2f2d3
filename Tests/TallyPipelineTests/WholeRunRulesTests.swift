import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// The whole-run rules settled in one step (`WholeRunRules`): how many times a run
/// opens each input, counted by the kernel, and what it rejects, computed here
/// from the generated files.
@Suite("Whole-run rules in one step")
struct WholeRunRulesTests {
    /// Runs the cleaning fixture's definition over `inputs`, counting the opens of each.
    static func run(_ inputs: [String], in folder: TemporaryFolder) throws -> (RunReport, [Int], String) {
        let output = folder.file("out")
        let counter = try OpenCounter(watching: inputs)
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.fixture("cleaning/pipeline.yaml"), inputs: inputs, outputDirectory: output,
                jobs: 2))
        let opens = try counter.opens()
        return (report, inputs.map { opens[$0] ?? -1 }, output)
    }

    /// The rejects of a run as (file name, line, rule).
    static func rejects(_ output: String) throws -> [(String, Int, String)] {
        try readCSV(output + "/rejects.csv").dropFirst().map {
            (($0[0] as NSString).lastPathComponent, Int($0[1])!, $0[3])
        }
    }

    @Test("Without repeats across files and with the deferral holding, each input is opened once")
    func commonCase() throws {
        let files = [GeneratedRespondents.spread(1800, seed: 1), GeneratedRespondents.spread(1500, seed: 2)]
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(files, in: folder)
        let (report, opens, output) = try Self.run(inputs, in: folder)
        #expect(opens == [1, 1])
        let speeders = GeneratedRespondents.expectedSpeeders(files).map(\.count).reduce(0, +)
        #expect(report.manifest.rejectsByRule["speeder"] == speeders)
        #expect(report.manifest.rejectsByRule["duplicate_id"] == nil)
        #expect(report.manifest.reprocessedFiles.isEmpty)
        // The digests in the manifest come from that one pass; sha256sum agrees.
        #expect(report.manifest.inputs.map(\.sha256) == (try inputs.map(sha256sum)))
        #expect(try Self.rejects(output).filter { $0.2 == "speeder" }.count == speeders)
    }

    @Test("A file repeating an earlier file's respondents: every input is opened twice, the repeat rejected")
    func repeats() throws {
        let files = [GeneratedRespondents.spread(1800, seed: 1), GeneratedRespondents.spread(1500, seed: 2)]
        let folder = try TemporaryFolder()
        // Rows 7 and 100 of file 1 take the ids of file 0's rows 7 and 100 (neither is short).
        let inputs = try GeneratedRespondents.write(files, repeats: [(1, 7), (1, 100)], in: folder)
        let (report, opens, output) = try Self.run(inputs, in: folder)
        #expect(opens == [2, 2])
        #expect(report.manifest.reprocessedFiles == [inputs[1]])
        let duplicates = try Self.rejects(output).filter { $0.2 == "duplicate_id" }
        #expect(duplicates.map { "\($0.0):\($0.1)" } == ["file1.csv:9", "file1.csv:102"])
        let speeders = GeneratedRespondents.expectedSpeeders(files).map(\.count).reduce(0, +)
        #expect(report.manifest.rejectsByRule["speeder"] == speeders)
        #expect(report.manifest.rowsUsed == 3300 - speeders - 2)
    }

    @Test("A misled speeder bound and a repeat together: every input is still opened only twice")
    func misledAndRepeats() throws {
        let files = [GeneratedRespondents.misled, GeneratedRespondents.misledPartner]
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(files, repeats: [(1, 10)], in: folder)
        let (report, opens, output) = try Self.run(inputs, in: folder)
        #expect(opens == [2, 2])
        let rejects = try Self.rejects(output)
        #expect(rejects.filter { $0.2 == "duplicate_id" }.map { "\($0.0):\($0.1)" } == ["file1.csv:12"])
        let expected = GeneratedRespondents.expectedSpeeders(files)
        #expect(expected[0].count == 1002 && expected[1].isEmpty)
        #expect(rejects.filter { $0.2 == "speeder" }.map(\.1) == expected[0])
        #expect(report.manifest.rowsUsed == 3602 - 1002 - 1)
    }
}
