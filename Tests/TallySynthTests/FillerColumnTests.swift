import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallySynth

@Suite("Synthesizer filler columns (--extra-columns)")
struct FillerColumnTests {
    static let fillerNames = (1...6).map { "filler_00\($0)" }

    @Test("padding appends the filler columns and leaves every other byte as it was")
    func appendsOnly() throws {
        let definition = SynthSurvey.definition(mess: .defaults)
        let plain = try SynthRun(definition, respondents: 2000, shards: 2, seed: 5)
        let padded = try SynthRun(definition, respondents: 2000, shards: 2, seed: 5, extraColumns: 6)
        #expect(padded.report.rows == plain.report.rows)
        #expect(padded.report.messCounts == plain.report.messCounts)
        var texts = 0
        for (plainBytes, paddedBytes) in zip(try plain.shardBytes(), try padded.shardBytes()) {
            let plainLines = String(decoding: plainBytes, as: UTF8.self).split(separator: "\n")
            let paddedLines = String(decoding: paddedBytes, as: UTF8.self).split(separator: "\n")
            #expect(plainLines.count == paddedLines.count)
            #expect(paddedLines[0] == plainLines[0] + "," + Self.fillerNames.joined(separator: ","))
            for (line, paddedLine) in zip(plainLines.dropFirst(), paddedLines.dropFirst()) {
                guard paddedLine.hasPrefix(line + ",") else {
                    Issue.record("padded row does not start with the unpadded row: \(line)")
                    continue
                }
                let values = paddedLine.dropFirst(line.count + 1).split(
                    separator: ",", omittingEmptySubsequences: false
                )
                .map(String.init)
                #expect(values.count == 6)
                guard values.count == 6 else { continue }
                // By column number k: k % 4 == 1 a code 1-5, 2 a flag, 3 a digit, 0 blank or words.
                #expect(
                    ["1", "2", "3", "4", "5"].contains(values[0]) && ["1", "2", "3", "4", "5"].contains(values[4]))
                #expect(["0", "1"].contains(values[1]) && ["0", "1"].contains(values[5]))
                #expect(values[2].count == 1 && values[2].allSatisfy(\.isNumber))
                #expect(values[3].allSatisfy { $0.isLowercase || $0 == " " })
                if !values[3].isEmpty { texts += 1 }
            }
        }
        // About one respondent in ten has an open text: 200 expected of 2,000 rows.
        #expect(texts > 120 && texts < 290, "\(texts) open texts")
    }

    @Test("padded shards are deterministic, and a respondent's filler does not depend on the sharding")
    func deterministic() throws {
        let definition = SynthSurvey.definition(mess: SynthSurvey.noMess)
        let first = try SynthRun(definition, respondents: 900, shards: 3, seed: 8, extraColumns: 6)
        let second = try SynthRun(definition, respondents: 900, shards: 3, seed: 8, extraColumns: 6)
        #expect(try first.shardBytes() == second.shardBytes())
        let single = try SynthRun(definition, respondents: 900, shards: 1, seed: 8, extraColumns: 6)
        let fillerOf = { (rows: [[String]]) in
            Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Array($0.suffix(6))) })
        }
        let sharded = fillerOf(try first.shards().flatMap { $0.dropFirst() })
        #expect(sharded.count == 900)
        #expect(sharded == fillerOf(Array(try single.shards()[0].dropFirst())))
    }

    @Test("a filler name that is already a column of the definition is a usage error")
    func nameClash() throws {
        var definition = SynthSurvey.definition()
        definition.definition.input.idColumn = "filler_002"
        let folder = try TemporaryFolder()
        #expect {
            try Synthesizer.write(
                definition,
                options: SynthOptions(respondents: 10, outputDirectory: folder.path, extraColumns: 3))
        } throws: { error in
            guard case TallyError.usage(let message) = error else { return false }
            return message.contains("filler_002")
        }
    }
}
