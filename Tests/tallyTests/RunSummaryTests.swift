import Foundation
import TallyTestSupport
import Testing

/// What `tally run` tells the person who started it, on the cleaning fixture whose
/// every reject is worked by hand in `Fixtures/cleaning/README.md`.
@Suite("tally run, the summary on the terminal")
struct RunSummaryTests {
    @Test("Rows read, used and rejected; a line per rule; the weighting rounded; the individual rows with --verbose")
    func cleaningFixture() throws {
        let folder = try TemporaryFolder()
        let output = folder.file("out")
        let run = try TallyCommand.run(["run", "Fixtures/cleaning/pipeline.yaml", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init).filter { !$0.contains("reading 2 of 2 files") }
        // The README's table: 13 rows, 7 rejected (2 duplicates, 2 speeders, 1 each of the
        // others), A05's customer type and A07's business-buyer answer excluded, A08's
        // gender imputed. Weights 1.5 (×2), 0.6 and 0.8 (×3): Kish's efficiency
        // 6² / (6 × (2 × 1.5² + 0.6² + 3 × 0.8²)) = 36 / 40.68 = 88%, effective base 5.3.
        let expected = [
            "tally: 13 rows read from 2 files: 6 used and 7 rejected (edition: 1)",
            "tally: 7 rows rejected, by the first rule each broke: (edition: 1)",
            "tally:   2  duplicate_id (a respondent id seen before; the first is kept) (edition: 1)",
            "tally:   2  speeder (an interview faster than the threshold) (edition: 1)",
            "tally:   1  out_of_domain (an answer outside the question's codes) (edition: 1)",
            "tally:   1  required_missing (a required answer missing) (edition: 1)",
            "tally:   1  straight_liner (the same answer to every item of a grid) (edition: 1)",
            "tally: 2 values excluded, their respondents kept (out of that question's base only): (edition: 1)",
            "tally:   1  out_of_domain (an answer outside the question's codes) (edition: 1)",
            "tally:   1  routing (an answer to a question the respondent was not asked) (edition: 1)",
            "tally: 1 value imputed for weighting (left missing in the tables): (edition: 1)",
            "tally:   1  weighting_imputed (a missing weighting variable weighted as a stated code) (edition: 1)",
            "tally: every one, by file and line: \(output)/rejects.csv (edition: 1)",
        ]
        #expect(Array(lines.prefix(expected.count)) == expected)
        let weighting = try #require(lines.first { $0.hasPrefix("tally: weighting: raked in ") })
        #expect(weighting.hasSuffix("; weights 0.60 to 1.50, efficiency 88%, effective base 5 (edition: 1)"))
        #expect(lines.last == "tally: cleaning-check edition 1: 6 files written to \(output) (edition: 1)")
        // No individual rows unless asked for.
        #expect(!run.stderr.contains("a.csv:4"))

        let verbose = try TallyCommand.run([
            "run", "Fixtures/cleaning/pipeline.yaml", "--output", folder.file("verbose"), "--verbose",
        ])
        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(verbose.stderr.contains("tally: warning: Fixtures/cleaning/shards/a.csv:4, field 'interview_seconds'"))
    }
}
