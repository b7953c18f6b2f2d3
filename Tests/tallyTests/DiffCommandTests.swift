import Foundation
import TallyTestSupport
import Testing

/// End-to-end: `tally diff` on runs of the hand-made sample, as diff(1) exits.
@Suite("tally diff, end to end")
struct DiffCommandTests {
    @Test("Identical runs exit 0; a run with a changed input exits 1 naming the input and the table")
    func runs() throws {
        let folder = try TemporaryFolder()
        let input = folder.file("input.csv")
        try FileManager.default.copyItem(atPath: Repository.fixture("handmade/variants/plain.csv"), toPath: input)
        for output in ["a", "b"] {
            let result = try TallyCommand.run([
                "run", "Fixtures/handmade/pipeline.yaml", "--input", input, "--output", folder.file(output),
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let same = try TallyCommand.run(["diff", folder.file("a"), folder.file("b")])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout == "no changes (4 tables compared)\n")

        // Respondent R00001's experience answer (3) becomes 5: one more "Strongly agree", one fewer
        // "Neither". The file keeps its size and rows: only its SHA-256 tells.
        var text = try String(contentsOfFile: input, encoding: .utf8)
        let line = try #require(text.firstRange(of: "R00001,1.25,B,US,,F,3,"))
        text.replaceSubrange(line, with: "R00001,1.25,B,US,,F,5,")
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        let run = try TallyCommand.run([
            "run", "Fixtures/handmade/pipeline.yaml", "--input", input, "--output", folder.file("c"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let changed = try TallyCommand.run(["diff", folder.file("a"), folder.file("c")])
        #expect(changed.status == 1, "\(changed.stderr)")
        let lines = changed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "inputs: changed \(input) (sha256)")
        #expect(lines.contains("tables: 1 of 4 changed"))
        #expect(lines.contains { $0.hasPrefix("  experience: largest change ") })
        // The experience tests of independence moved with it (the gender test did not).
        #expect(lines.contains { $0.hasPrefix("tests of independence: ") && $0.hasSuffix(" of 4 changed") })

        let json = try TallyCommand.run(["diff", folder.file("a"), folder.file("c"), "--json"])
        #expect(json.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["changed"] as? Bool == true)
        let tables = try #require(object["tables"] as? [[String: Any]])
        #expect(tables.map { $0["table"] as? String } == ["experience"])
        // By hand: R00001 (weight 1.25, US) leaves one answer in the base for another, so the
        // largest change is a US percentage moving by 100 × 1.25 / (US respondents' weights in the base).
        let respondents = try readCSV(input)
        let header = try #require(respondents.first)
        let at = { (name: String) in header.firstIndex(of: name)! }
        let usBase = respondents.dropFirst().filter {
            $0[at("country")] == "US" && ["1", "2", "3", "4", "5"].contains($0[at("experience")])
        }.reduce(0.0) { $0 + Double($1[at("design_weight")])! }
        let largest = try #require(tables.first?["largest_change"] as? [String: Any])
        #expect(largest["banner"] as? String == "country")
        #expect(largest["column_code"] as? String == "US")
        #expect(largest["statistic"] as? String == "percent")
        let change = try #require(largest["change"] as? Double)
        #expect(abs(change - 125 / usBase) < 1e-9, "\(change) vs \(125 / usBase)")
        let inputs = try #require(object["inputs_changed"] as? [[String: Any]])
        #expect(inputs.map { $0["file"] as? String } == [input])
    }

    @Test("A missing folder is exit 66, a negative tolerance exit 64")
    func errors() throws {
        let folder = try TemporaryFolder()
        try folder.write("run/manifest.json", "{}")
        let missing = try TallyCommand.run(["diff", folder.file("run"), folder.file("absent")])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains(folder.file("absent")))
        let negative = try TallyCommand.run(["diff", folder.file("run"), folder.file("run"), "--tolerance", "-1"])
        #expect(negative.status == 64)
    }
}
