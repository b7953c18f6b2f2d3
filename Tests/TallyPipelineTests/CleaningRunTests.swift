import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Every cleaning rule through the whole pipeline, on the tiny fixture whose
/// outcome `Fixtures/cleaning/README.md` works out by hand.
@Suite("Cleaning, end to end")
struct CleaningRunTests {
    static func run(jobs: Int) throws -> (TemporaryFolder, RunReport) {
        let folder = try TemporaryFolder()
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.fixture("cleaning/pipeline.yaml"), outputDirectory: folder.file("out"),
                jobs: jobs))
        return (folder, report)
    }

    @Test("rejects.csv lists every rule's rejects, by file and line, as worked out by hand")
    func rejects() throws {
        let (folder, _) = try Self.run(jobs: 2)
        let actual = try readCSV(folder.file("out/rejects.csv"))
        let expected = try readCSV(Repository.fixture("cleaning/expected/rejects.csv"))
        #expect(actual.first == ["file", "line", "respondent_id", "rule", "field", "raw_value", "action", "reason"])
        // Files are named as the run found them: below the fixture's folder.
        let prefix = Repository.fixture("cleaning") + "/"
        let relative = actual.dropFirst().map { row in [String(row[0].dropFirst(prefix.count))] + row[1..<7] }
        #expect(actual.dropFirst().allSatisfy { $0[0].hasPrefix(prefix) })
        #expect(relative == Array(expected.dropFirst()))
        #expect(actual.dropFirst().allSatisfy { !$0[7].isEmpty })
    }

    @Test("The manifest accounts for every row: 13 read = 6 used + 7 rejected")
    func accounting() throws {
        let (_, report) = try Self.run(jobs: 1)
        let manifest = report.manifest
        #expect(manifest.rowsRead == 13)
        #expect(manifest.rowsUsed == 6)
        #expect(manifest.rowsRejected == 7)
        #expect(manifest.valuesExcluded == 2)
        #expect(
            manifest.rejectsByRule == [
                "speeder": 2, "duplicate_id": 2, "required_missing": 1, "out_of_domain": 2, "straight_liner": 1,
                "routing": 1, "weighting_imputed": 1,
            ])
        #expect(manifest.reprocessedFiles == [Repository.fixture("cleaning/shards/b.csv")])
    }

    @Test("Weights follow the hand-worked raking, with the missing gender weighted as F")
    func weights() throws {
        let (folder, _) = try Self.run(jobs: 2)
        let actual = try WeightingTests.weights(folder.file("out/weights/part-00000.csv.gz"))
        let expected = try WeightingTests.weights(Repository.fixture("cleaning/expected/weights.csv"))
        #expect(actual.map(\.0) == expected.map(\.0))
        for (a, e) in zip(actual, expected) { #expect(abs(a.1 / e.1 - 1) < 1e-12, "\(a.0)") }
    }

    @Test("Tables use the cleaned, weighted respondents; a blanked routed answer leaves the base")
    func tables() throws {
        let (folder, _) = try Self.run(jobs: 2)
        let rows = try readCSV(folder.file("out/tables/edition=1/banner=customer/part-00000.csv"))
        func value(_ table: String, _ column: String, _ row: String) -> Double? {
            rows.first { $0[0] == table && $0[2] == column && $0[4] == row && $0[6] == "percent" }.flatMap {
                Double($0[7])
            }
        }
        // Raking converges to 1e-14 in shares: compare to 1e-12 relative.
        #expect(abs(value("q1", "total", "1")! / 60 - 1) < 1e-12)
        #expect(abs(value("q1", "B", "1")! / 20 - 1) < 1e-12)
        #expect(abs(value("bb_vendors", "B", "1")! / (140.0 / 3) - 1) < 1e-12)
        let consumerBase = rows.first { $0[0] == "bb_vendors" && $0[2] == "C" && $0[6] == "percent" }
        #expect(consumerBase?[7] == "")
        #expect(consumerBase?[8] == "0")
    }

    @Test("Re-processing for cross-file duplicates keeps outputs identical for every --jobs value")
    func deterministic() throws {
        let (one, _) = try Self.run(jobs: 1)
        let (two, _) = try Self.run(jobs: 2)
        let (three, _) = try Self.run(jobs: 3)
        let first = try snapshot(one.file("out"))
        #expect(first == (try snapshot(two.file("out"))))
        #expect(first == (try snapshot(three.file("out"))))
    }
}
