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
    /// A respondent file of the cleaning fixture's columns, one row per duration;
    /// every row is otherwise clean (no other rule fires).
    static func file(_ prefix: String, durations: [Int]) -> String {
        var text = "respondent_id,customer_type,country,interview_seconds,q1,q2,q3,q4,bb_vendors,gender\n"
        for (index, duration) in durations.enumerated() {
            let business = index % 2 == 1
            text +=
                "\(prefix)\(index),\(business ? "B" : "C"),\(index % 3 == 0 ? "DE" : "US"),\(duration),1,2,\(1 + index % 5),4,\(business ? "1" : ""),\(index % 4 == 0 ? "F" : "M")\n"
        }
        return text
    }

    /// The lines (2 for the first respondent) whose duration is below the run's threshold.
    static func expectedSpeeders(_ files: [[Int]]) -> [[Int]] {
        let sorted = files.flatMap { $0 }.sorted()
        let median = Double(sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        let threshold = max(60, 0.5 * median)
        return files.map { durations in
            durations.indices.filter { Double(durations[$0]) < threshold }.map { $0 + 2 }
        }
    }

    static func run(_ files: [[Int]], jobs: Int, in folder: TemporaryFolder) throws -> (String, RunReport) {
        var inputs: [String] = []
        for (index, durations) in files.enumerated() {
            let name = "file\(index).csv"
            inputs.append(try folder.write("in/\(name)", file("F\(index)-", durations: durations)))
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

    /// Deterministic durations spread over 300 to 1,499 s with a short one every 37th row.
    static func spread(_ count: Int, seed: Int) -> [Int] {
        (0..<count).map { index in
            let mixed = (index &* 7919 &+ seed &* 104_729) % 1200
            return index % 37 == 5 ? 20 + index % 500 : 300 + mixed
        }
    }

    @Test("Deferred rows are folded in: the speeders are exactly those below the run's threshold")
    func folded() throws {
        let files = [Self.spread(1800, seed: 1), Self.spread(1500, seed: 2), Self.spread(300, seed: 3)]
        let folder = try TemporaryFolder()
        let (output, report) = try Self.run(files, jobs: 2, in: folder)
        let expected = Self.expectedSpeeders(files)
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
        // The first file's first 1,000 durations are short: its bound (62.5 s) lets
        // 100 s rows through early, but the run's median is 1,000 s, so they are speeders.
        let first = Array(repeating: 100, count: 1000) + Array(repeating: 1000, count: 2000) + [100, 100]
        let files = [first, Array(repeating: 1000, count: 600)]
        let folder = try TemporaryFolder()
        let (output, report) = try Self.run(files, jobs: 2, in: folder)
        let expected = Self.expectedSpeeders(files)
        #expect(expected[0].count == 1002)
        #expect(try Self.speederLines(output, files: files.count) == expected)
        #expect(report.manifest.rowsUsed == 2600)
    }

    @Test("Every --jobs value gives byte-identical outputs with deferred rows")
    func identicalAcrossJobs() throws {
        let files = [Self.spread(1200, seed: 4), Self.spread(1100, seed: 5), Self.spread(900, seed: 6)]
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
