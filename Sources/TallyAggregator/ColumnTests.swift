import Foundation
import TallyModel

/// Column significance tests and low-base rules, applied to finished result rows.
///
/// Within each banner the non-total columns carry letters A, B, C… in column
/// order. For every table row with a `percent` or `mean` statistic, every pair
/// of lettered columns is tested (the total is not: it overlaps its parts); a
/// cell lists the letters of the columns it is significantly above. Low-base
/// rules flag or suppress whole columns.
public enum ColumnTests {
    /// The test letter of the `index`-th non-total column: A…Z, then AA, AB…
    public static func letter(_ index: Int) -> String {
        precondition(index >= 0)
        var scalars: [Unicode.Scalar] = []
        var rest = index + 1
        while rest > 0 {
            rest -= 1
            scalars.append(Unicode.Scalar(UInt8(65 + rest % 26)))
            rest /= 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    /// A z statistic and its two-sided normal p-value.
    public struct Outcome: Sendable, Equatable {
        public var z: Double
        public var p: Double
    }

    /// The two-proportion z-test with the pooled proportion:
    /// z = (p1 − p2) / √(p̄(1 − p̄)(1/n1 + 1/n2)), p̄ = (p1 n1 + p2 n2)/(n1 + n2).
    /// - Parameters: p1, p2: proportions (0…1); n1, n2: (effective) bases.
    /// - Returns: nil when either side is 0 or 1, or a base is not positive.
    public static func proportions(_ p1: Double, _ n1: Double, _ p2: Double, _ n2: Double) -> Outcome? {
        guard p1 > 0, p1 < 1, p2 > 0, p2 < 1, n1 > 0, n2 > 0, n1.isFinite, n2.isFinite else { return nil }
        let pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else { return nil }
        let z = (p1 - p2) / variance.squareRoot()
        return Outcome(z: z, p: twoSided(z))
    }

    /// The z-test of two means with their standard errors: z = (m1 − m2)/√(se1² + se2²).
    public static func means(_ m1: Double, _ se1: Double, _ m2: Double, _ se2: Double) -> Outcome? {
        let variance = se1 * se1 + se2 * se2
        guard variance > 0, variance.isFinite, m1.isFinite, m2.isFinite else { return nil }
        let z = (m1 - m2) / variance.squareRoot()
        return Outcome(z: z, p: twoSided(z))
    }

    /// The two-sided normal p-value of z, 2 (1 − Φ(|z|)) = erfc(|z|/√2).
    public static func twoSided(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }

    /// The p-values of one family of tests, adjusted as `correction` says.
    public static func adjusted(_ p: [Double], _ correction: SignificanceSpec.Correction) -> [Double] {
        let m = Double(p.count)
        switch correction {
        case .none:
            return p
        case .bonferroni:
            return p.map { min(1, $0 * m) }
        case .benjaminiHochberg:
            // Step-up: adj(k) = min over j ≥ k of (m / j) p(j), p sorted ascending.
            let order = p.indices.sorted { p[$0] < p[$1] }
            var result = p
            var running = 1.0
            for rank in stride(from: order.count, through: 1, by: -1) {
                let index = order[rank - 1]
                running = min(running, p[index] * m / Double(rank))
                result[index] = running
            }
            return result
        }
    }

    /// The markers of a column significantly above or below the rest of the sample,
    /// at the highest declared level and at the lower level only.
    public static let aboveRest = "▲", belowRest = "▼", aboveRestLower = "△", belowRestLower = "▽"
    /// Every marker against the rest of the sample, as a cell's `significant_over` ends with one.
    public static let restMarkers: Set<String> = [aboveRest, belowRest, aboveRestLower, belowRestLower]

    /// Hand-made rows with low-base flags, suppression and `significantOver` set.
    /// Rows alone carry no linearization: only `significance.method = effective_base`
    /// tests columns against each other (see `markWithDifferences`).
    public static func mark(_ rows: [ResultRow], significance: SignificanceSpec, lowBase: LowBaseSpec) -> [ResultRow] {
        markWithDifferences(FinishedRows(rows: rows), significance: significance, lowBase: lowBase).rows
    }

    /// The rows with low-base flags, suppression and `significantOver` set, and the
    /// `differences` of those rows, from one run of the tests.
    ///
    /// A column whose base (unweighted or effective, as `lowBase.base` says) is below
    /// `lowBase.suppress` is `suppressed`: every statistic but `count` and
    /// `weighted_count` is left empty, with its standard error and interval; below
    /// `lowBase.flag` it is `low_base`. A column whose base is below the tests' minimum
    /// (`significance.minimumBase`, by default the flag threshold) is not tested, and
    /// no other column is tested against it. Each comparison is one family per row of
    /// a banner for the correction: the pairs of lettered columns, as
    /// `significance.compare` asks (letters of the columns a cell is above), and each
    /// column against the rest of the sample wherever the finisher worked the rest out
    /// (the declared comparison, or the report's profiles); it is marked when declared
    /// (▲ above, ▼ below; △ and ▽ at the lower level only).
    public static func markWithDifferences(
        _ finished: FinishedRows, significance: SignificanceSpec, lowBase: LowBaseSpec
    ) -> (rows: [ResultRow], differences: [ColumnDifference]) {
        var rows = finished.rows
        for index in rows.indices {
            let base = lowBase.base == .unweighted ? Double(rows[index].unweightedBase) : rows[index].effectiveBase
            if base < lowBase.suppress {
                rows[index].flag = .suppressed
                if rows[index].statistic != Statistic.count.rawValue,
                    rows[index].statistic != Statistic.weightedCount.rawValue
                {
                    rows[index].value = .empty
                    rows[index].standardError = nil
                    rows[index].interval = nil
                    rows[index].designEffect = nil
                }
            } else if base < lowBase.flag {
                rows[index].flag = .lowBase
            }
        }
        let levels = significance.levels.sorted()
        let tester = PairTester(finished: finished, rows: rows, method: significance.method)
        let tests = testedPairs(rows, significance: significance, lowBase: lowBase, tester: tester)
        // The differences read no `significantOver`, so they come from the rows as flagged.
        let differences = differences(rows, pairs: tests, levels: levels)
        var above: [Int: [Int: String]] = [:]  // winner -> loser -> letter
        var againstRest: [Int: String] = [:]  // column -> marker
        var families: [Int: [Int]] = [:]  // a family's cells, by any member
        for pair in tests {
            if let second = pair.second {
                families[pair.first] = pair.family
                families[second] = pair.family
            }
            guard let strongest = levels.lastIndex(where: { pair.adjustedP < 1 - $0 }) else { continue }
            let highest = strongest == levels.count - 1
            guard let second = pair.second else {
                againstRest[pair.first] =
                    pair.outcome.z > 0 ? (highest ? aboveRest : aboveRestLower) : (highest ? belowRest : belowRestLower)
                continue
            }
            let (winner, loser) = pair.outcome.z > 0 ? (pair.first, second) : (second, pair.first)
            let letter = rows[loser].columnLetter
            above[winner, default: [:]][loser] = highest ? letter : letter.lowercased()
        }
        for (winner, losers) in above {
            rows[winner].significantOver = (families[winner] ?? []).compactMap { losers[$0] }.joined()
        }
        // The rest is tested for the report's profiles too; it is marked when asked for.
        if significance.compare.contains(.rest) {
            for (column, marker) in againstRest {
                rows[column].significantOver += marker
            }
        }
        return (rows, differences)
    }

    /// One test of a family (one row of one table in one banner): a cell against
    /// another (`second`) or against the rest of the sample (`second` nil, `rest` its
    /// estimate), the family's cells in column order, and the p-value adjusted within
    /// the family.
    struct TestedPair {
        var first: Int
        var second: Int?
        var rest: Double?
        var family: [Int]
        var outcome: Outcome
        var adjustedP: Double
    }

    /// Every test the rows call for, family by family in row order: the pairs of
    /// columns, as `significance.compare` asks, then each column against the rest
    /// where it was worked out.
    static func testedPairs(
        _ rows: [ResultRow], significance: SignificanceSpec, lowBase: LowBaseSpec, tester: PairTester
    ) -> [TestedPair] {
        let minimum = significance.minimumBase ?? lowBase.flag
        var families: [String: [Int]] = [:]
        var order: [String] = []
        for (index, row) in rows.enumerated() where !row.columnLetter.isEmpty {
            let base = lowBase.base == .unweighted ? Double(row.unweightedBase) : row.effectiveBase
            guard base >= minimum else { continue }
            guard row.statistic == Statistic.percent.rawValue || row.statistic == Statistic.mean.rawValue else {
                continue
            }
            let key = [row.banner, row.table, row.rowCode, row.statistic].joined(separator: "\u{1}")
            if families[key] == nil { order.append(key) }
            families[key, default: []].append(index)
        }
        var tested: [TestedPair] = []
        func adjust(_ pairs: [TestedPair]) {
            let start = tested.count
            tested += pairs
            let pValues = adjusted(pairs.map(\.outcome.p), significance.correction)
            for (offset, p) in pValues.enumerated() { tested[start + offset].adjustedP = p }
        }
        for key in order {
            let members = families[key] ?? []
            let paired = tester.paired(members)
            if significance.compare.contains(.columns) {
                var pairs: [TestedPair] = []
                for a in members.indices {
                    for b in members.indices where b > a {
                        if let outcome = tester.test(members[a], members[b], paired: (paired[a], paired[b])) {
                            pairs.append(
                                TestedPair(
                                    first: members[a], second: members[b], family: members, outcome: outcome,
                                    adjustedP: outcome.p))
                        }
                    }
                }
                adjust(pairs)
            }
            if tester.finished.hasRests {
                adjust(
                    zip(members, paired).compactMap { member, paired in
                        guard
                            let (rest, outcome) = tester.testAgainstRest(
                                member, paired: paired, minimumBase: minimum, lowBase: lowBase)
                        else { return nil }
                        return TestedPair(
                            first: member, rest: rest.value.number, family: members, outcome: outcome,
                            adjustedP: outcome.p)
                    })
            }
        }
        return tested
    }

    /// Every test of the rows as a difference in points (or in the mean's unit),
    /// from the unrounded estimates, with its test.
    public static func differences(
        _ finished: FinishedRows, significance: SignificanceSpec, lowBase: LowBaseSpec = LowBaseSpec()
    ) -> [ColumnDifference] {
        let tester = PairTester(finished: finished, rows: finished.rows, method: significance.method)
        return differences(
            finished.rows,
            pairs: testedPairs(finished.rows, significance: significance, lowBase: lowBase, tester: tester),
            levels: significance.levels.sorted())
    }

    /// The differences of the tested pairs; `levels` sorted.
    private static func differences(_ rows: [ResultRow], pairs: [TestedPair], levels: [Double]) -> [ColumnDifference] {
        pairs.compactMap { pair in
            let first = rows[pair.first]
            guard case .real(let x) = first.value else { return nil }
            var other = ColumnDifference.rest
            var y = pair.rest
            if let second = pair.second, case .real(let value) = rows[second].value {
                (other, y) = (rows[second].columnCode, value)
            }
            guard let y else { return nil }
            let level = levels.last { pair.adjustedP < 1 - $0 }
            return ColumnDifference(
                banner: first.banner, table: first.table, question: first.question, rowCode: first.rowCode,
                row: first.row, statistic: first.statistic, column: first.columnCode, other: other,
                difference: x - y, z: pair.outcome.z, p: pair.outcome.p, adjustedP: pair.adjustedP, level: level)
        }
    }
}

/// The difference between two lettered columns of a banner for one answer, and its test.
public struct ColumnDifference: Sendable, Equatable {
    public var banner: String
    public var table: String
    public var question: String
    public var rowCode: String
    public var row: String
    public var statistic: String
    /// The `other` column of a column compared with the rest of the sample.
    public static let rest = "rest"

    /// The column and the one it is compared with (`column − other`); `rest` for the
    /// rest of the sample.
    public var column: String
    public var other: String
    public var difference: Double
    public var z: Double
    public var p: Double
    /// The p-value after the definition's correction.
    public var adjustedP: Double
    /// The highest declared level the difference is significant at, or nil.
    public var level: Double?

    public init(
        banner: String, table: String, question: String, rowCode: String, row: String, statistic: String,
        column: String, other: String, difference: Double, z: Double, p: Double, adjustedP: Double, level: Double?
    ) {
        (self.banner, self.table, self.question, self.rowCode, self.row, self.statistic) = (
            banner, table, question, rowCode, row, statistic
        )
        (self.column, self.other, self.difference, self.z, self.p, self.adjustedP, self.level) = (
            column, other, difference, z, p, adjustedP, level
        )
    }
}
