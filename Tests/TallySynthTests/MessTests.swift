import Foundation
import TallyModel
import TallySynth
import Testing

/// Each kind of mess, alone, appears at about its rate and has its effect on the file.
@Suite("Synthesizer mess")
struct MessTests {
    static let respondents = 20_000

    func run(_ mess: MessRates, seed: UInt64 = 5) throws -> (SynthRun, header: [String], rows: [[String]]) {
        let run = try SynthRun(SynthSurvey.definition(mess: mess), respondents: Self.respondents, shards: 2, seed: seed)
        let (header, rows) = try run.table()
        return (run, header, rows)
    }

    func only(
        blank: Double = 0, duplicate: Double = 0, outOfDomain: Double = 0, speeder: Double = 0,
        straightLiner: Double = 0,
        brokenQuote: Double = 0
    ) -> MessRates {
        MessRates(
            blank: blank, duplicate: duplicate, outOfDomain: outOfDomain, speeder: speeder,
            straightLiner: straightLiner,
            brokenQuote: brokenQuote)
    }

    func expectRate(_ count: Int?, _ rate: Double, of n: Int, _ what: String) {
        let count = count ?? -1
        #expect(withinFourStandardErrors(Double(count) / Double(n), rate, n: n), "\(what): \(count) of \(n)")
    }

    @Test("blank: answers (not the id, sample fields or duration) are left blank at the rate")
    func blank() throws {
        let (run, header, rows) = try run(only(blank: 0.05))
        let index = { (name: String) in header.firstIndex(of: name)! }
        for name in ["respondent_id", "CTYPE", "COUNTRY", "BYEAR", "SECS"] {
            #expect(rows.allSatisfy { !$0[index(name)].isEmpty }, "\(name) is never blanked")
        }
        var units = 0
        var blanks = 0
        for row in rows {
            for name in ["EXP", "SHARE", "SPEND", "Q1", "Q2", "Q3"] + (row[index("CTYPE")] == "B" ? ["BB_TRUST"] : []) {
                units += 1
                if row[index(name)].isEmpty { blanks += 1 }
            }
            let channels = ["ch_web", "ch_app", "ch_store"].map { row[index($0)] }
            #expect(channels.allSatisfy(\.isEmpty) || !channels.contains(""), "a multi-select is blanked whole")
            units += 1
            if channels.allSatisfy(\.isEmpty) { blanks += 1 }
        }
        #expect(run.report.messCounts["blank"] == blanks)
        expectRate(blanks, 0.05, of: units, "blank answers")
        #expect(run.report.messCounts.filter { $0.key != "blank" }.values.allSatisfy { $0 == 0 })
    }

    @Test("duplicate: an earlier respondent of the shard repeated verbatim")
    func duplicate() throws {
        let (run, _, rows) = try run(only(duplicate: 0.02))
        let duplicates = run.report.messCounts["duplicate"]!
        expectRate(duplicates, 0.02, of: Self.respondents, "duplicates")
        #expect(rows.count == Self.respondents + duplicates)
        var firstSeen: [String: Int] = [:]
        var repeated = 0
        for (position, row) in rows.enumerated() {
            if let first = firstSeen[row[0]] {
                repeated += 1
                #expect(rows[first] == row)
                #expect(Int(row[0].dropFirst())! <= 10_000 || first >= 10_000, "from the same shard")
            } else {
                firstSeen[row[0]] = position
            }
        }
        #expect(repeated == duplicates)
    }

    @Test("out_of_domain: one categorical answer becomes an undeclared code")
    func outOfDomain() throws {
        let (run, header, rows) = try run(only(outOfDomain: 0.02))
        let declared: [String: Set<String>] = [
            "CTYPE": ["C", "B"], "COUNTRY": ["US", "DE", "JP"], "EXP": ["1", "2", "3", "4", "5", "9"],
            "BB_TRUST": ["1", "2", "3"], "Q1": ["1", "2", "3", "4", "5"], "Q2": ["1", "2", "3", "4", "5"],
            "Q3": ["1", "2", "3", "4", "5"],
        ]
        var affected = 0
        var codes: Set<String> = []
        for row in rows {
            var undeclared = 0
            for (name, domain) in declared {
                let value = row[header.firstIndex(of: name)!]
                if !value.isEmpty && !domain.contains(value) {
                    undeclared += 1
                    codes.insert(value)
                }
            }
            #expect(undeclared <= 1)
            affected += undeclared
        }
        #expect(run.report.messCounts["out_of_domain"] == affected)
        expectRate(affected, 0.02, of: Self.respondents, "out-of-domain respondents")
        #expect(codes == ["99", "ZZ"])
    }

    @Test("speeder: the duration falls below 20% of the median")
    func speeder() throws {
        let (run, header, rows) = try run(only(speeder: 0.03))
        let speeders = run.report.messCounts["speeder"]!
        expectRate(speeders, 0.03, of: Self.respondents, "speeders")
        let seconds = header.firstIndex(of: "SECS")!
        let fast = rows.count { Double($0[seconds])! < 0.2 * SynthSurvey.durationMedian }
        // Lognormal spread 0.45 puts P(below 20% of the median) = Φ(ln 0.2 / 0.45) ≈ 0.00018 there naturally.
        #expect(fast >= speeders && fast <= speeders + 15, "\(fast) fast, \(speeders) made")
        #expect(rows.allSatisfy { Double($0[seconds])! >= 1 })
    }

    @Test("straight_liner: every item of the declared grid gets the same code")
    func straightLiner() throws {
        let (run, header, rows) = try run(only(straightLiner: 0.03))
        let made = run.report.messCounts["straight_liner"]!
        expectRate(made, 0.03, of: Self.respondents, "straight-liners")
        let items = ["Q1", "Q2", "Q3"].map { header.firstIndex(of: $0)! }
        let lined = rows.count { row in Set(items.map { row[$0] }).count == 1 }
        // The items lean different ways; by chance the same code on all three has probability Σ p1 p2 p3.
        let natural = (0..<5).map { code in SynthSurvey.grid.map { $0[code] }.reduce(1, *) }.reduce(0, +)
        let expected = Double(Self.respondents - made) * natural
        #expect(abs(Double(lined - made) - expected) <= 4 * expected.squareRoot() + 1, "\(lined) lined, \(made) made")
    }

    @Test("broken_quote: a misplaced quote swallows a comma, so the row has one field fewer")
    func brokenQuote() throws {
        let (run, header, rows) = try run(only(brokenQuote: 0.01))
        let broken = run.report.messCounts["broken_quote"]!
        expectRate(broken, 0.01, of: Self.respondents, "broken rows")
        let ragged = rows.filter { $0.count != header.count }
        #expect(ragged.count == broken)
        #expect(ragged.allSatisfy { $0.count == header.count - 1 && $0.contains { $0.contains(",") } })
        #expect(rows.count == Self.respondents, "the damage stays within its row")
        let text = String(decoding: try run.shardBytes()[0], as: UTF8.self)
        #expect(text.split(separator: "\n").allSatisfy { $0.count { $0 == "\"" } % 2 == 0 })
    }

    @Test("all kinds at once, at the default rates scaled up")
    func together() throws {
        let mess = MessRates(
            blank: 0.02, duplicate: 0.01, outOfDomain: 0.01, speeder: 0.01, straightLiner: 0.01, brokenQuote: 0.005)
        let (run, header, rows) = try run(mess, seed: 11)
        let counts = run.report.messCounts
        #expect(rows.count == Self.respondents + counts["duplicate"]!)
        #expect(run.report.rows == rows.count)
        // A duplicate never repeats a broken row.
        #expect(rows.count { $0.count != header.count } == counts["broken_quote"]!)
        for (name, rate) in [("out_of_domain", 0.01), ("speeder", 0.01), ("duplicate", 0.01), ("broken_quote", 0.005)] {
            expectRate(counts[name], rate, of: Self.respondents, name)
        }
    }
}
