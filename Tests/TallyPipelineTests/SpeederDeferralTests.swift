import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// The relative speeder rule applied in one pass (`SpeederDeferral`): the rows it
/// rejects are those whose duration is below `max(60, 0.5 × median)` of the whole
/// run, computed here from the generated durations, whether the deferred rows are
/// folded in or every file has to be read again.
@Suite("Speeders in one pass")
struct SpeederDeferralTests {
    static func run(_ files: [[Int]], jobs: Int, in folder: TemporaryFolder) throws -> (String, RunReport) {
        var inputs: [String] = []
        for (index, durations) in files.enumerated() {
            let name = "file\(index).csv"
            inputs.append(try folder.write("in/\(name)", GeneratedRespondents.file("F\(index)-", durations: durations)))
        }
        let output = folder.file("out-\(jobs)")
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.fixture("cleaning/pipeline.yaml"), inputs: inputs, outputDirectory: output,
                jobs: jobs))
        return (output, report)
    }

    /// The speeder rejects of a run, as lines per input file.
    static func speederLines(_ output: String, files: Int) throws -> [[Int]] {
        let rows = try readCSV(output + "/rejects.csv").dropFirst().filter { $0[3] == "speeder" }
        return (0..<files).map { index in
            rows.filter { $0[0].hasSuffix("/file\(index).csv") }.map { Int($0[1])! }
        }
    }

    @Test("Deferred rows are folded in: the speeders are exactly those below the run's threshold")
    func folded() throws {
        let files = [
            GeneratedRespondents.spread(1800, seed: 1), GeneratedRespondents.spread(1500, seed: 2),
            GeneratedRespondents.spread(300, seed: 3),
        ]
        let folder = try TemporaryFolder()
        let (output, report) = try Self.run(files, jobs: 2, in: folder)
        let expected = GeneratedRespondents.expectedSpeeders(files)
        #expect(try Self.speederLines(output, files: files.count) == expected)
        #expect(report.manifest.rejectsByRule["speeder"] == expected.map(\.count).reduce(0, +))
        #expect(report.manifest.rowsUsed == 3600 - expected.map(\.count).reduce(0, +))
        let weights = try WeightingTests.weights(output + "/weights/part-00000.csv.gz")
        #expect(weights.count == report.manifest.rowsUsed)
        // Respondents stay in input order, deferred ones included.
        let speeders = Set(expected.enumerated().flatMap { file, lines in lines.map { "F\(file)-\($0 - 2)" } })
        let used = files.enumerated().flatMap { file, durations in
            durations.indices.map { "F\(file)-\($0)" }.filter { !speeders.contains($0) }
        }
        #expect(weights.map(\.0) == used)
    }

    @Test("A file whose first durations mislead its bound is read again, with the same exact result")
    func reread() throws {
        let files = [GeneratedRespondents.misled, GeneratedRespondents.misledPartner]
        let folder = try TemporaryFolder()
        let (output, report) = try Self.run(files, jobs: 2, in: folder)
        let expected = GeneratedRespondents.expectedSpeeders(files)
        #expect(expected[0].count == 1002)
        #expect(try Self.speederLines(output, files: files.count) == expected)
        #expect(report.manifest.rowsUsed == 2600)
    }

    @Test("Every --jobs value gives byte-identical outputs with deferred rows")
    func identicalAcrossJobs() throws {
        let files = [
            GeneratedRespondents.spread(1200, seed: 4), GeneratedRespondents.spread(1100, seed: 5),
            GeneratedRespondents.spread(900, seed: 6),
        ]
        let folder = try TemporaryFolder()
        var outputs: [String] = []
        for jobs in [1, 2, 4] { outputs.append(try Self.run(files, jobs: jobs, in: folder).0) }
        let names = try FileManager.default.subpathsOfDirectory(atPath: outputs[0]).sorted()
        #expect(names.contains("weights/part-00000.csv.gz"))
        for output in outputs.dropFirst() {
            #expect(try FileManager.default.subpathsOfDirectory(atPath: output).sorted() == names)
            let (one, other) = (try snapshot(outputs[0]), try snapshot(output))
            for name in one.keys.sorted() { #expect(one[name] == other[name], "\(name) differs") }
        }
    }
}
