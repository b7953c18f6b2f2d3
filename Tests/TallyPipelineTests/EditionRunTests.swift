import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Both Connected Customer editions on their bundled synthetic fixtures: cleaned,
/// raked to the published demographics, and audited against every published figure.
@Suite("Connected Customer editions, end to end")
struct EditionRunTests {
    static func run(_ edition: String) throws -> (TemporaryFolder, RunReport) {
        let folder = try TemporaryFolder()
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.path("Pipelines/connected-customer-\(edition).yaml"),
                outputDirectory: folder.file("out")))
        return (folder, report)
    }

    @Test("Every published figure is recovered within sampling error", arguments: ["2023", "2018"])
    func recovered(edition: String) throws {
        let (_, report) = try Self.run(edition)
        #expect(report.audit.count == (edition == "2023" ? 94 : 60))
        let missed = report.audit.filter { !$0.recovered }.map { "\($0.figure.figure) [\($0.figure.column)]" }
        #expect(missed.isEmpty, "not recovered: \(missed)")
    }

    @Test("The skewed sample biases the unweighted estimates that weighting corrects")
    func weightingMatters() throws {
        let (_, report) = try Self.run("2023")
        let consumers = try #require(report.audit.first { $0.figure.figure.hasPrefix("Consumers (share") })
        // The sample is 62% consumers; the population (and the weighted estimate) 77%.
        let unweighted = try #require(consumers.unweightedEstimate)
        #expect(unweighted < 65)
        #expect(abs(try #require(consumers.estimate) - 77) < 1e-6)
        let biased = report.audit.filter { entry in
            guard let value = entry.unweightedEstimate else { return false }
            let interval = entry.figure.roundingInterval
            return value < interval.low || value >= interval.high
        }
        #expect(biased.count >= 20)
    }

    @Test("Every row is accounted for and every kind of mess is caught", arguments: ["2023", "2018"])
    func accounting(edition: String) throws {
        let (_, report) = try Self.run(edition)
        let manifest = report.manifest
        #expect(manifest.rowsRead == manifest.rowsUsed + manifest.rowsRejected)
        #expect(manifest.rowsRead > (edition == "2023" ? 14_300 : 6_723))  // duplicates come on top
        for rule in ["duplicate_id", "speeder", "straight_liner", "ragged_row", "out_of_domain"] {
            #expect((manifest.rejectsByRule[rule] ?? 0) > 0, "\(rule)")
        }
        #expect(Double(manifest.rowsRejected) / Double(manifest.rowsRead) < 0.05)
        #expect(manifest.weighting.method == "raking")
        #expect(try #require(manifest.weighting.marginError) < 1e-9)
    }
}
