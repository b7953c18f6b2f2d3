import Foundation
import TallyTestSupport
import Testing

/// `tally run --partial` and `tally merge` as a scheduler runs them.
@Suite("tally merge command")
struct MergeCommandTests {
    @Test("Partials written and merged by the command equal one run, and mismatches exit 65")
    func mergeCommand() throws {
        let folder = try TemporaryFolder()
        let definition = "Fixtures/cleaning/pipeline.yaml"
        let (a, b) = ("Fixtures/cleaning/shards/a.csv", "Fixtures/cleaning/shards/b.csv")
        let single = try TallyCommand.run(["run", definition, "--output", folder.file("single")])
        #expect(single.status == 0, "\(single.stderr)")

        // Each partial knows only its own input's durations; the merge settles the run's median.
        for (name, input) in [("pb", b), ("pa", a)] {
            let partial = try TallyCommand.run(["run", definition, "--input", input, "--partial", folder.file(name)])
            #expect(partial.status == 0, "\(partial.stderr)")
        }
        let merged = try TallyCommand.run(
            [
                "merge", definition, folder.file("pb"), folder.file("pa"), "--output", folder.file("merged"), "--jobs",
                "1",
            ])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try snapshot(folder.file("merged")) == snapshot(folder.file("single")))

        let wrongDefinition = try TallyCommand.run(
            ["merge", "Fixtures/handmade/pipeline.yaml", folder.file("pa"), "--output", folder.file("other")])
        #expect(wrongDefinition.status == 65)
        #expect(
            wrongDefinition.stderr.contains(folder.file("pa")) && wrongDefinition.stderr.contains("another definition"))

        let retired = try TallyCommand.run(["durations", definition, "--output", folder.file("d.bin")])
        #expect(retired.status == 64)
        let both = try TallyCommand.run([
            "run", definition, "--partial", folder.file("px"), "--output", folder.file("py"),
        ])
        #expect(both.status == 64 && both.stderr.contains("exclude each other"))
    }
}
