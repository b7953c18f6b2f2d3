import Foundation
import TallyModel
import TallySynth
import Testing

/// With mess off, observed shares and means approach what the definition declares:
/// each within four standard errors (a false alarm about once in 16,000 checks).
@Suite("Synthesizer calibration")
struct CalibrationTests {
    static let respondents = 60_000
    /// One run shared by the checks (a seed fixed, so a failure repeats).
    static let data: (header: [String], rows: [[String]]) = {
        try! SynthRun(respondents: respondents, shards: 4, seed: 1).table()
    }()

    func column(_ name: String) -> Int { Self.data.header.firstIndex(of: name)! }

    /// Rows grouped by customer type (0 C, 1 B).
    func byCustomer() -> [[[String]]] {
        let type = column("CTYPE")
        return [Self.data.rows.filter { $0[type] == "C" }, Self.data.rows.filter { $0[type] == "B" }]
    }

    /// Checks the shares of codes in a column against probabilities, in code order.
    func expectShares(_ rows: [[String]], _ name: String, codes: [String], _ p: [Double], _ what: String) {
        let index = column(name)
        #expect(rows.allSatisfy { codes.contains($0[index]) }, "\(what): only declared codes")
        for (code, probability) in zip(codes, p) {
            let share = Double(rows.count { $0[index] == code }) / Double(rows.count)
            #expect(
                withinFourStandardErrors(share, probability, n: rows.count),
                "\(what) \(code): \(share) vs \(probability)")
        }
    }

    /// Checks a mean against its expectation, within four standard errors.
    func expectMean(_ values: [Double], _ mean: Double, sd: Double, _ what: String) {
        let observed = values.reduce(0, +) / Double(values.count)
        #expect(abs(observed - mean) <= 4 * sd / Double(values.count).squareRoot(), "\(what): \(observed) vs \(mean)")
    }

    @Test("sample shares approach `sample`")
    func sampleShares() {
        #expect(Self.data.rows.count == Self.respondents)
        expectShares(Self.data.rows, "CTYPE", codes: ["C", "B"], SynthSurvey.customerShares, "customer type")
        expectShares(Self.data.rows, "COUNTRY", codes: ["US", "DE", "JP"], SynthSurvey.countryShares, "country")
    }

    @Test("bins: shares within the `within` field hold, and source values are whole numbers inside the bin")
    func nestedBins() {
        let year = column("BYEAR")
        let bounds = SynthSurvey.generationBounds
        for (group, rows) in byCustomer().enumerated() {
            let years = rows.map { Double($0[year])! }
            #expect(years.allSatisfy { $0 == $0.rounded() })
            for (bin, (lower, upper)) in bounds.enumerated() {
                let inBin = years.filter { $0 >= lower && $0 <= upper }
                let share = Double(inBin.count) / Double(years.count)
                let p = SynthSurvey.generationShares[group][bin]
                #expect(
                    withinFourStandardErrors(share, p, n: years.count), "group \(group) bin \(bin): \(share) vs \(p)")
                // Uniform over the bin's whole numbers: mean the midpoint, sd sqrt((k^2 - 1) / 12).
                let k = upper - lower + 1
                expectMean(inBin, (lower + upper) / 2, sd: ((k * k - 1) / 12).squareRoot(), "birth years in bin \(bin)")
                #expect(inBin.contains(lower) && inBin.contains(upper), "both ends of bin \(bin) are drawn")
            }
            #expect(years.allSatisfy { $0 >= bounds[0].0 && $0 <= bounds[3].1 })
        }
    }

    @Test("categorical answers approach their probabilities in each group; `asked` leaves others blank")
    func categorical() {
        let groups = byCustomer()
        for (group, rows) in groups.enumerated() {
            expectShares(
                rows, "EXP", codes: ["1", "2", "3", "4", "5", "9"], SynthSurvey.experience[group], "experience \(group)"
            )
        }
        let trust = column("BB_TRUST")
        #expect(groups[0].allSatisfy { $0[trust] == "" }, "consumers are not asked bb_trust")
        expectShares(groups[1], "BB_TRUST", codes: ["1", "2", "3"], SynthSurvey.trust, "bb_trust")
    }

    @Test("answers by a bins field use its fallback when it has no per-category parameters")
    func gridItems() {
        for item in 1...3 {
            expectShares(
                Self.data.rows, "Q\(item)", codes: ["1", "2", "3", "4", "5"], SynthSurvey.grid[item - 1], "q\(item)")
        }
    }

    @Test("mentions approach their probabilities, written 1 or 0")
    func mentions() {
        for (group, rows) in byCustomer().enumerated() {
            for (option, name) in ["ch_web", "ch_app", "ch_store"].enumerated() {
                let p = SynthSurvey.channels[group][option]
                expectShares(rows, name, codes: ["1", "0"], [p, 1 - p], "\(name) in group \(group)")
            }
        }
    }

    @Test("numeric means approach the declared means; values are rounded multiples inside the range")
    func numeric() {
        let share = column("SHARE")
        for (group, rows) in byCustomer().enumerated() {
            let values = rows.map { Double($0[share])! }
            #expect(values.allSatisfy { $0 == $0.rounded() })
            let (mean, sd) = SynthSurvey.shareOnline[group]
            expectMean(values, mean, sd: sd, "share_online \(group)")
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(variance.squareRoot() - sd) < 0.05 * sd, "share_online sd \(group)")
        }
        let spend = column("SPEND")
        let texts = Self.data.rows.map { $0[spend] }
        #expect(texts.allSatisfy { !$0.hasSuffix(".0") && !$0.hasSuffix("0") || !$0.contains(".") })
        let values = texts.map { Double($0)! }
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 50 && ($0 * 4).rounded() == $0 * 4 })
        #expect(Set(texts.filter { $0.contains(".") }.map { $0.split(separator: ".")[1] }) == ["25", "5", "75"])
        #expect(texts.contains("50") && texts.contains("0"), "clamped to both ends of the range")
    }

    @Test("durations are lognormal whole seconds around the median")
    func durations() {
        let seconds = column("SECS")
        let values = Self.data.rows.map { Double($0[seconds])! }
        #expect(values.allSatisfy { $0 >= 1 && $0 == $0.rounded() })
        let median = SynthSurvey.durationMedian
        let below = Double(values.count { $0 < median }) / Double(values.count)
        // Whole seconds equal to the median count as not below: a tiny shift, inside the tolerance.
        #expect(withinFourStandardErrors(below, 0.5, n: values.count))
        let belowOneSpread = Double(values.count { $0 < median * exp(0.45) }) / Double(values.count)
        #expect(withinFourStandardErrors(belowOneSpread, 0.841_344_7, n: values.count))
    }
}
