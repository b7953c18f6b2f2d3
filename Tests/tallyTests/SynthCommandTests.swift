import Foundation
import TallyTestSupport
import Testing

@Suite("tally synth and validate on the editions")
struct SynthCommandTests {
    static let edition = "Pipelines/connected-customer-2023.yaml"

    @Test("Both edition definitions validate")
    func validateEditions() throws {
        let result = try TallyCommand.run([
            "validate", "Pipelines/connected-customer-2023.yaml", "Pipelines/connected-customer-2018.yaml",
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("The same arguments write byte-identical shards, which tally run reads")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        var snapshots: [[String: Data]] = []
        for name in ["a", "b"] {
            let result = try TallyCommand.run([
                "synth", Self.edition, "--respondents", "1500", "--shards", "3", "--seed", "7", "--output",
                folder.file(name),
            ])
            #expect(result.status == 0, "\(result.stderr)")
            snapshots.append(try snapshot(folder.file(name)))
        }
        #expect(snapshots[0].keys.sorted() == ["shard-00001.csv.gz", "shard-00002.csv.gz", "shard-00003.csv.gz"])
        #expect(snapshots[0] == snapshots[1])
        let other = try TallyCommand.run([
            "synth", Self.edition, "--respondents", "1500", "--shards", "3", "--seed", "8", "--output",
            folder.file("c"),
        ])
        #expect(other.status == 0)
        #expect(try snapshot(folder.file("c")) != snapshots[0])
        let run = try TallyCommand.run([
            "run", Self.edition, "--input", folder.file("a"), "--output", folder.file("out"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("published figures recovered"))
    }

    @Test("A definition without synthesis parameters is a usage error")
    func noSynthesis() throws {
        let folder = try TemporaryFolder()
        let result = try TallyCommand.run([
            "synth", "Fixtures/handmade/pipeline.yaml", "--respondents", "10", "--output", folder.file("x"),
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Fixtures/handmade/pipeline.yaml"))
    }
}
