import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyAggregator

/// Column letters, the pairwise z-tests, corrections and low-base rules.
@Suite("Column significance tests and low-base rules")
struct ColumnTestsTests {
    /// One banner's cells of one `percent` (or `mean`) row: the total first, then
    /// lettered columns with their values and effective bases.
    static func family(
        statistic: String = "percent", total: Double = 50, _ columns: [(value: Double?, base: Double, se: Double?)]
    ) -> [ResultRow] {
        func row(_ code: String, _ letter: String, _ value: Double?, _ base: Double, _ se: Double?) -> ResultRow {
            ResultRow(
                banner: "b", table: "t", question: "q", columnCode: code, column: code, rowCode: "1", row: "Yes",
                statistic: statistic, value: value.map(ResultValue.real) ?? .empty, unweightedBase: Int(base),
                weightedBase: base, effectiveBase: base, standardError: se, columnLetter: letter)
        }
        return [row("total", "", total, 1000, 0.1)]
            + columns.enumerated().map { index, column in
                row("c\(index)", ColumnTests.letter(index), column.value, column.base, column.se)
            }
    }

    static let noLowBase = LowBaseSpec(flag: 0, suppress: 0)

    static func letters(
        _ rows: [ResultRow], levels: [Double] = [0.95, 0.99], correction: SignificanceSpec.Correction = .none
    ) -> [String] {
        ColumnTests.mark(
            rows, significance: SignificanceSpec(levels: levels, correction: correction, method: .effectiveBase),
            lowBase: noLowBase
        )
        .map(\.significantOver)
    }

    @Test("Letters run A…Z, then AA, AB…; the total has none")
    func columnLetters() {
        #expect(
            [0, 1, 25, 26, 27, 51, 52, 701, 702].map(ColumnTests.letter) == [
                "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
            ])
        #expect(Self.family([(40, 100, nil), (50, 100, nil)]).map(\.columnLetter) == ["", "A", "B"])
    }

    /// A: 60% of n_eff 100, B: 45% of 100, C: 30% of 100.
    ///
    /// A vs B: p̄ = (60 + 45)/200 = 0.525; var = 0.525 × 0.475 × (1/100 + 1/100) = 0.0049875;
    ///   z = 0.15 / √0.0049875 = 0.15 / 0.0706222 = 2.12398; two-sided p = 2(1 − Φ(2.12398)) = 0.03367:
    ///   significant at 95% (p < 0.05), not at 99% (p ≥ 0.01) → A shows `b`.
    /// A vs C: p̄ = 0.45; var = 0.45 × 0.55 × 0.02 = 0.00495; z = 0.30 / 0.0703562 = 4.26401;
    ///   p = 2.008e-5 → significant at 99% → A shows `C`.
    /// B vs C: p̄ = 0.375; var = 0.375 × 0.625 × 0.02 = 0.0046875; z = 0.15 / 0.0684653 = 2.19089;
    ///   p = 0.02846 → 95% only → B shows `c`.
    @Test("A hand-worked example gives the letters at 95% and 99%")
    func handWorked() throws {
        let rows = Self.family([(60, 100, nil), (45, 100, nil), (30, 100, nil)])
        let ab = try #require(ColumnTests.proportions(0.60, 100, 0.45, 100))
        #expect(abs(ab.z - 2.1239769762143657) < 1e-12)
        #expect(abs(ab.p - 0.033672068856345876) < 1e-12)
        let ac = try #require(ColumnTests.proportions(0.60, 100, 0.30, 100))
        #expect(abs(ac.z - 4.264014327112208) < 1e-12)
        #expect(abs(ac.p - 2.007865612426492e-05) < 1e-15)
        let bc = try #require(ColumnTests.proportions(0.45, 100, 0.30, 100))
        #expect(abs(bc.z - 2.1908902300206647) < 1e-12)
        #expect(abs(bc.p - 0.02845973691631057) < 1e-12)

        #expect(Self.letters(rows) == ["", "bC", "c", ""])
        #expect(Self.letters(rows, levels: [0.95]) == ["", "BC", "C", ""])
        #expect(Self.letters(rows, levels: [0.99]) == ["", "C", "", ""])
        // The order of columns does not matter to who is above whom.
        #expect(Self.letters(Self.family([(30, 100, nil), (45, 100, nil), (60, 100, nil)])) == ["", "", "a", "Ab"])
    }

    @Test("Differences between columns come from the unrounded estimates, with each pair's test")
    func differences() throws {
        // The hand-worked family above: A − B = 15, A − C = 30, B − C = 15 points.
        let rows = Self.family([(60, 100, nil), (45, 100, nil), (30, 100, nil)])
        let differences = ColumnTests.differences(
            FinishedRows(rows: rows),
            significance: SignificanceSpec(levels: [0.95, 0.99], correction: .none, method: .effectiveBase))
        #expect(differences.map { "\($0.column)-\($0.other)" } == ["c0-c1", "c0-c2", "c1-c2"])
        #expect(differences.map(\.difference) == [15, 30, 15])
        #expect(abs(differences[0].z - 2.1239769762143657) < 1e-12)
        #expect(abs(differences[0].p - 0.033672068856345876) < 1e-12)
        #expect(differences.map(\.level) == [0.95, 0.99, 0.95])
        // Bonferroni over the three tests: 3 × 0.0337 = 0.101 is no longer significant.
        let corrected = ColumnTests.differences(
            FinishedRows(rows: rows),
            significance: SignificanceSpec(levels: [0.95], correction: .bonferroni, method: .effectiveBase))
        #expect(abs(corrected[0].adjustedP - 3 * 0.033672068856345876) < 1e-12)
        #expect(corrected[0].level == nil)
    }

    /// Means 5.0 (se 0.3) and 4.0 (se 0.4): z = 1 / √(0.09 + 0.16) = 2.0, p = 0.0455.
    @Test("Means are tested with their standard errors")
    func means() throws {
        let outcome = try #require(ColumnTests.means(5, 0.3, 4, 0.4))
        #expect(abs(outcome.z - 2) < 1e-15)
        #expect(abs(outcome.p - 0.04550026389635844) < 1e-12)
        let rows = Self.family(statistic: "mean", [(5, 100, 0.3), (4, 100, 0.4)])
        #expect(Self.letters(rows) == ["", "b", ""])
        // Without standard errors (an unweighted run) nothing is tested.
        #expect(Self.letters(Self.family(statistic: "mean", [(5, 100, nil), (4, 100, 0.4)])) == ["", "", ""])
    }

    @Test("No test where a side is 0% or 100% or has no value; counts are not tested")
    func untested() {
        #expect(ColumnTests.proportions(0, 100, 0.5, 100) == nil)
        #expect(ColumnTests.proportions(1, 100, 0.5, 100) == nil)
        #expect(Self.letters(Self.family([(0, 500, nil), (50, 500, nil)])) == ["", "", ""])
        #expect(Self.letters(Self.family([(100, 500, nil), (50, 500, nil)])) == ["", "", ""])
        #expect(Self.letters(Self.family([(nil, 0, nil), (50, 500, nil)])) == ["", "", ""])
        // 100% against 50% and 10%: only the 50/10 pair is tested.
        #expect(Self.letters(Self.family([(100, 500, nil), (50, 500, nil), (10, 500, nil)])) == ["", "", "C", ""])
        let counts = Self.family(statistic: "weighted_count", [(60, 100, nil), (30, 100, nil)])
        #expect(Self.letters(counts) == ["", "", ""])
    }

    /// p-values 0.01, 0.04, 0.03. Bonferroni: × 3 → 0.03, 0.12, 0.09.
    /// Benjamini–Hochberg: sorted 0.01 (× 3/1 = 0.03), 0.03 (× 3/2 = 0.045), 0.04 (× 3/3 = 0.04);
    /// step-up minimum from the largest: 0.04, min(0.045, 0.04) = 0.04, 0.03.
    @Test("Bonferroni and Benjamini–Hochberg adjust within the family")
    func adjustments() {
        let p = [0.01, 0.04, 0.03]
        #expect(ColumnTests.adjusted(p, .none) == p)
        let bonferroni = ColumnTests.adjusted(p, .bonferroni)
        for (x, y) in zip(bonferroni, [0.03, 0.12, 0.09]) { #expect(abs(x - y) < 1e-15) }
        #expect(ColumnTests.adjusted([0.5, 0.6], .bonferroni) == [1, 1])
        let bh = ColumnTests.adjusted(p, .benjaminiHochberg)
        for (x, y) in zip(bh, [0.03, 0.04, 0.04]) { #expect(abs(x - y) < 1e-15) }
    }

    /// A 60%, B 45%, C 52%, each of 100. A vs B p = 0.0337 (above); A vs C p = 0.2545, B vs C p = 0.3220.
    /// Uncorrected, A is above B at 95%. Bonferroni: 3 × 0.0337 = 0.101 ≥ 0.05. BH: 0.0337 × 3/1 = 0.101,
    /// 0.2545 × 3/2 = 0.382, 0.3220 × 3/3 = 0.322 → the smallest adjusts to min(0.101, 0.382, 0.322) = 0.101.
    @Test("Both corrections remove a borderline difference")
    func borderline() {
        let rows = Self.family([(60, 100, nil), (45, 100, nil), (52, 100, nil)])
        #expect(Self.letters(rows, levels: [0.95]) == ["", "B", "", ""])
        #expect(Self.letters(rows, levels: [0.95], correction: .bonferroni) == ["", "", "", ""])
        #expect(Self.letters(rows, levels: [0.95], correction: .benjaminiHochberg) == ["", "", "", ""])
        // Between the two: A vs C (p = 2.0e-5) and B vs C (0.0285) with A vs B (0.0337), three tests.
        let strong = Self.family([(60, 100, nil), (45, 100, nil), (30, 100, nil)])
        #expect(Self.letters(strong, levels: [0.95], correction: .bonferroni) == ["", "C", "", ""])
        // BH: 2.0e-5 × 3, 0.0285 × 3/2 = 0.0427, 0.0337 × 1 → all below 0.05.
        #expect(Self.letters(strong, levels: [0.95], correction: .benjaminiHochberg) == ["", "BC", "C", ""])
    }

    @Test("Suppression empties the estimates and flags; low bases are flagged; counts stay")
    func lowBase() throws {
        var rows = Self.family([(60, 20, nil), (45, 50, nil), (30, 150, nil)])
        rows[1].standardError = 5
        rows[1].interval = 50...70
        var count = rows[1]
        count.statistic = "count"
        count.value = .integer(12)
        rows.append(count)
        let marked = ColumnTests.mark(
            rows, significance: SignificanceSpec(method: .effectiveBase), lowBase: LowBaseSpec())
        #expect(marked.map(\.flag) == [nil, .suppressed, .lowBase, nil, .suppressed])
        #expect(marked[1].value == .empty)
        #expect(marked[1].standardError == nil)
        #expect(marked[1].interval == nil)
        #expect(marked[1].unweightedBase == 20)
        #expect(marked[4].value == .integer(12))
        #expect(marked[2].value == .real(45))
        // The suppressed column is not tested; B (45% of 50) vs C (30% of 150): z = 1.943, p = 0.0521.
        #expect(marked.map(\.significantOver) == ["", "", "", "", ""])

        // On the effective base: 60 unweighted but 25 effective is suppressed.
        var effective = Self.family([(60, 60, nil)])
        effective[1].effectiveBase = 25
        let byEffective = ColumnTests.mark(
            effective, significance: SignificanceSpec(method: .effectiveBase),
            lowBase: LowBaseSpec(flag: 100, suppress: 30, base: .effective)
        )
        #expect(byEffective.map(\.flag) == [nil, .suppressed])
        let byUnweighted = ColumnTests.mark(
            effective, significance: SignificanceSpec(method: .effectiveBase), lowBase: LowBaseSpec())
        #expect(byUnweighted.map(\.flag) == [nil, .lowBase])
    }

    /// A: 60% of 80 (below the flag of 100), B: 45% of 400, C: 30% of 400.
    ///
    /// B vs C: p̄ = 0.375; var = 0.375 × 0.625 × (2/400) = 0.001171875; z = 0.15 / 0.0342327 = 4.3818,
    ///   p = 1.2e-5 → B shows `C`. With a minimum base of 50, A is tested too:
    /// A vs B: p̄ = (48 + 180)/480 = 0.475; var = 0.475 × 0.525 × (1/80 + 1/400) = 0.0037406;
    ///   z = 0.15 / 0.0611610 = 2.4525, p = 0.0142 → 95% only → `b`.
    /// A vs C: p̄ = (48 + 120)/480 = 0.35; var = 0.35 × 0.65 × 0.015 = 0.0034125; z = 0.30 / 0.0584166
    ///   = 5.1355 → `C`.
    @Test("Columns below the tests' minimum base (by default the flag threshold) are neither tested nor letters")
    func minimumBase() {
        let rows = Self.family([(60, 80, nil), (45, 400, nil), (30, 400, nil)])
        let levels = [0.95, 0.99]
        let byDefault = ColumnTests.mark(
            rows, significance: SignificanceSpec(levels: levels, method: .effectiveBase), lowBase: LowBaseSpec())
        #expect(byDefault.map(\.flag) == [nil, .lowBase, nil, nil])
        #expect(byDefault.map(\.significantOver) == ["", "", "C", ""])
        let lowered = ColumnTests.mark(
            rows, significance: SignificanceSpec(levels: levels, minimumBase: 50, method: .effectiveBase),
            lowBase: LowBaseSpec())
        #expect(lowered.map(\.significantOver) == ["", "bC", "C", ""])
        #expect(
            ColumnTests.differences(
                FinishedRows(rows: rows), significance: SignificanceSpec(levels: levels, method: .effectiveBase),
                lowBase: LowBaseSpec()
            )
            .map { "\($0.column)-\($0.other)" } == ["c1-c2"])
    }

    @Test("z and p match statsmodels' proportions_ztest to 1e-9")
    func matchesStatsmodels() throws {
        let csv = try readCSV(Repository.fixture("handmade/expected/significance.csv"))
        #expect(csv.first == ["p1", "n1", "p2", "n2", "z", "p_value"])
        #expect(csv.count == 7)
        for line in csv.dropFirst() {
            let numbers = line.compactMap(Double.init)
            try #require(numbers.count == 6)
            let outcome = try #require(ColumnTests.proportions(numbers[0], numbers[1], numbers[2], numbers[3]))
            #expect(abs(outcome.z - numbers[4]) <= 1e-9, "\(line)")
            #expect(abs(outcome.p - numbers[5]) <= 1e-9, "\(line)")
        }
    }
}
