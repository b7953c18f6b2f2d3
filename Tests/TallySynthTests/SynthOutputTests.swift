import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallySynth

@Suite("Synthesizer output: files, shards, ids, determinism")
struct SynthOutputTests {
    @Test("the same seed gives the same bytes; another seed other bytes")
    func determinism() throws {
        let definition = SynthSurvey.definition(mess: .defaults)
        let first = try SynthRun(definition, respondents: 3000, shards: 3, seed: 42)
        let second = try SynthRun(definition, respondents: 3000, shards: 3, seed: 42)
        let other = try SynthRun(definition, respondents: 3000, shards: 3, seed: 43)
        let firstFiles = try first.report.files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let secondFiles = try second.report.files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(firstFiles == secondFiles)
        #expect(
            first.report
                == SynthReport(
                    files: first.report.files, respondents: 3000, rows: second.report.rows,
                    messCounts: second.report.messCounts))
        for (a, b) in zip(try first.shardBytes(), try other.shardBytes()) { #expect(a != b) }
    }

    @Test("a shard's bytes depend only on the seed, its number and its range, not on threads")
    func shardIndependence() throws {
        let definition = SynthSurvey.definition(mess: .defaults)
        let run = try SynthRun(definition, respondents: 900, shards: 3, seed: 7)
        let plan = try SynthPlanBuilder.build(definition, mess: nil, respondents: 900)
        for shard in 0..<3 {
            var generator = ShardGenerator(plan: plan, seed: 7, shard: shard)
            var bytes = plan.header
            for respondent in 300 * shard..<300 * (shard + 1) {
                generator.appendRespondent(number: respondent + 1, to: &bytes)
            }
            #expect(try run.shardBytes()[shard] == Data(bytes))
        }
    }

    @Test("respondent i goes to shard i * K / N: contiguous, balanced, in id order")
    func shardLayout() throws {
        let run = try SynthRun(respondents: 10, shards: 3)
        #expect(
            run.report.files.map { ($0 as NSString).lastPathComponent } == [
                "shard-00001.csv.gz", "shard-00002.csv.gz", "shard-00003.csv.gz",
            ])
        let ids = try run.shards().map { $0.dropFirst().map { $0[0] } }
        #expect(ids == [["R01", "R02", "R03", "R04"], ["R05", "R06", "R07"], ["R08", "R09", "R10"]])

        for (n, k) in [(1, 1), (7, 7), (1000, 7), (999_999, 13), (5, 2)] {
            let options = SynthOptions(respondents: n, shards: k, outputDirectory: "")
            for shard in 0..<k {
                let range =
                    Synthesizer.firstRespondent(
                        of: shard, options)..<Synthesizer.firstRespondent(of: shard + 1, options)
                #expect(range.count == n / k || range.count == n / k + 1)
                #expect(range.allSatisfy { $0 * k / n == shard } || n > 10_000)
                #expect(range.first.map { $0 * k / n } == shard && range.last.map { $0 * k / n } == shard)
            }
            #expect(Synthesizer.firstRespondent(of: k, options) == n)
        }
    }

    @Test("the header is the definition's read columns in order; the weight column holds 1")
    func header() throws {
        let plain = try SynthRun(respondents: 5).table()
        #expect(plain.header == SynthSurvey.header)
        #expect(plain.rows.allSatisfy { $0.count == SynthSurvey.header.count })

        let weighted = try SynthRun(SynthSurvey.definition(weightColumn: "w"), respondents: 5).table()
        #expect(weighted.header == ["respondent_id", "w"] + SynthSurvey.header.dropFirst())
        #expect(weighted.rows.map { $0[1] } == Array(repeating: "1", count: 5))
    }

    @Test("ids are R and a number padded to the width of N, unique but for duplicates")
    func ids() throws {
        let mess = MessRates(blank: 0, duplicate: 0.05, outOfDomain: 0, speeder: 0, straightLiner: 0, brokenQuote: 0)
        let run = try SynthRun(SynthSurvey.definition(mess: mess), respondents: 2000, shards: 2)
        let (_, rows) = try run.table()
        let duplicates = run.report.messCounts["duplicate"]!
        #expect(rows.count == 2000 + duplicates)
        #expect(run.report.rows == rows.count)
        var seen: [String: [String]] = [:]
        var repeated = 0
        for row in rows {
            #expect(row[0].count == 5 && row[0].hasPrefix("R"))
            if let earlier = seen[row[0]] {
                repeated += 1
                #expect(earlier == row, "a duplicate repeats its respondent verbatim")
            } else {
                seen[row[0]] = row
            }
        }
        #expect(repeated == duplicates)
        #expect(
            Set(seen.keys)
                == Set((1...2000).map { "R" + String(repeating: "0", count: 4 - String($0).count) + String($0) }))
    }

    @Test("a second run replaces the shard files of the first, leaving no partial files")
    func replacesShards() throws {
        let folder = try TemporaryFolder()
        let definition = SynthSurvey.definition()
        try folder.write("notes.txt", "kept")
        try folder.write(".shard-00007.csv.gz.partial", "left by an interrupted run")
        _ = try Synthesizer.write(
            definition, options: SynthOptions(respondents: 30, shards: 3, outputDirectory: folder.path))
        let report = try Synthesizer.write(
            definition,
            options: SynthOptions(respondents: 20, shards: 2, seed: 9, outputDirectory: folder.path))
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(entries == ["notes.txt", "shard-00001.csv.gz", "shard-00002.csv.gz"])
        let rows = try report.files.map { parseCSV(try gunzip($0)).count - 1 }
        #expect(rows == [10, 10])
    }

    @Test("out-of-domain codes are surely undeclared")
    func outOfDomainCodes() {
        #expect(SynthPlanBuilder.outOfDomainCode(for: ["1", "2", "3"]) == "99")
        #expect(SynthPlanBuilder.outOfDomainCode(for: ["1", "99", "09"]) == "999")
        #expect(SynthPlanBuilder.outOfDomainCode(for: ["1", "099"]) == "999")
        #expect(SynthPlanBuilder.outOfDomainCode(for: ["US", "DE"]) == "ZZ")
        #expect(SynthPlanBuilder.outOfDomainCode(for: ["ZZ", "1"]) == "ZZZ")
    }

    @Test("rounding steps become decimals")
    func roundingSteps() {
        #expect(SynthPlanBuilder.decimals(of: 1) == (0, 1, 1))
        #expect(SynthPlanBuilder.decimals(of: 5) == (0, 5, 5))
        #expect(SynthPlanBuilder.decimals(of: 0.25) == (2, 25, 0.25))
        #expect(SynthPlanBuilder.decimals(of: 0.1) == (1, 1, 0.1))
        #expect(SynthPlanBuilder.decimals(of: 0) == (6, 1, 1e-6))
    }
}

@Suite("Synthesizer errors")
struct SynthErrorTests {
    func write(_ definition: SynthesisDefinition, respondents: Int = 10, shards: Int = 1) throws {
        let folder = try TemporaryFolder()
        _ = try Synthesizer.write(
            definition,
            options: SynthOptions(respondents: respondents, shards: shards, outputDirectory: folder.path))
    }

    func expectDefinitionError(_ definition: SynthesisDefinition, keyPath: String, mentioning text: String) {
        do {
            try write(definition)
            Issue.record("expected a definition error at \(keyPath)")
        } catch let error as TallyError {
            guard case .definition(let file, let path, _, let message) = error else {
                Issue.record("expected a definition error, got \(error)")
                return
            }
            #expect(file == "synth-test.yaml")
            #expect(path == keyPath)
            #expect(message.contains(text), "\(message)")
            #expect(error.exitCode == 64)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a definition without synthesis is a usage error naming its file")
    func noSynthesis() {
        #expect(
            throws: TallyError.usage(
                "synth-test.yaml: the definition has no 'synthesis' section, so there is nothing to generate respondents from"
            )
        ) {
            try write(SynthSurvey.definition(synthesis: false))
        }
    }

    @Test("respondents and shards are checked")
    func options() {
        #expect(throws: TallyError.usage("--respondents must be at least 1 (got 0)")) {
            try write(SynthSurvey.definition(), respondents: 0)
        }
        #expect(throws: TallyError.usage("--shards must be between 1 and the number of respondents, 3 (got 4)")) {
            try write(SynthSurvey.definition(), respondents: 3, shards: 4)
        }
    }

    @Test("a read field nothing generates is named")
    func ungenerated() {
        var answers = SynthSurvey.answers
        answers["experience"] = nil
        expectDefinitionError(
            SynthSurvey.definition(answers: answers), keyPath: "fields[4]", mentioning: "'experience'")
    }

    @Test("answers depend only on fields generated before them")
    func byLater() {
        var answers = SynthSurvey.answers
        answers["experience"]?.by = "bb_trust"
        expectDefinitionError(
            SynthSurvey.definition(answers: answers), keyPath: "fields[4].synth.by", mentioning: "not generated before")
    }

    @Test("probabilities must fit the field")
    func wrongCount() {
        var answers = SynthSurvey.answers
        answers["experience"]?.parameters[0] = .categorical([0.5, 0.5])
        expectDefinitionError(
            SynthSurvey.definition(answers: answers), keyPath: "fields[4].synth.p", mentioning: "6 probabilities")
        answers = SynthSurvey.answers
        answers["channels"]?.parameters[1] = .categorical([0.5, 0.5, 0])
        expectDefinitionError(
            SynthSurvey.definition(answers: answers), keyPath: "fields[5].synth.p", mentioning: "mention probabilities")
    }
}
