import TallyModel
import Testing

@testable import TallyAggregator

/// The covariance of two estimates of disjoint domains, against the plain route: the
/// standard error of the difference's own influence values (one domain's minus the
/// other's), which the linearization handles like any estimate's.
@Suite("The design's covariance of two columns")
struct LinearizationTests {
    /// Four weighting cells, two raking margins of two categories each (cells 0, 1 in
    /// the first category of the first margin; cells 0, 2 in the first of the second).
    static let linearization = Linearization(
        margins: [[0, 0, 1, 1], [0, 1, 0, 1]],
        census: CellSums(
            width: 1,
            entries: [
                CellSums.Entry(count: 5, weight: 6.5, square: 9.25),
                CellSums.Entry(count: 3, weight: 2.0, square: 1.5),
                CellSums.Entry(count: 4, weight: 4.4, square: 5.1),
                CellSums.Entry(count: 6, weight: 7.0, square: 8.6),
            ]),
        factors: [1.1, 0.9, 1.25, 0.8])

    /// Influence sums of a domain over cells 0 and 1, and of another over cells 2 and 3.
    static let first = [
        Linearization.CellInfluence(cell: 0, u: 0.12, bu2: 0.09, b2u2: 0.05),
        Linearization.CellInfluence(cell: 1, u: -0.07, bu2: -0.04, b2u2: 0.03),
    ]
    static let second = [
        Linearization.CellInfluence(cell: 2, u: 0.05, bu2: 0.06, b2u2: 0.02),
        Linearization.CellInfluence(cell: 3, u: -0.02, bu2: -0.01, b2u2: 0.04),
    ]

    @Test("The difference's standard error equals that of the difference's influence values")
    func matchesTheDifferencesInfluence() throws {
        let l = Self.linearization
        let a = try #require(l.estimate(Self.first, paired: true)),
            b = try #require(l.estimate(Self.second, paired: true))
        let negated = Self.second.map {
            Linearization.CellInfluence(cell: $0.cell, u: -$0.u, bu2: -$0.bu2, b2u2: $0.b2u2)
        }
        let plain = try #require(l.estimate(Self.first + negated).flatMap(l.standardError))
        let difference = try #require(l.differenceError(l.paired(a), l.paired(b)))
        #expect(abs(difference - plain) <= 1e-12 * plain)
        // The raking correlates the two: the covariance is not 0.
        let (seA, seB) = (try #require(l.standardError(a)), try #require(l.standardError(b)))
        #expect(abs(difference * difference - (seA * seA + seB * seB)) > 1e-6)
        // And the difference is symmetric.
        #expect(abs(try #require(l.differenceError(l.paired(b), l.paired(a))) - difference) <= 1e-15 * difference)
    }

    @Test("Without raking, disjoint domains' estimates whose influence sums to 0 are uncorrelated")
    func withoutRaking() throws {
        let census = CellSums(
            width: 1,
            entries: (0..<4).map { _ in CellSums.Entry(count: 4, weight: 4, square: 4) })
        let l = Linearization(margins: [], census: census, factors: [1, 1, 1, 1])
        let a = try #require(
            l.estimate(
                [
                    Linearization.CellInfluence(cell: 0, u: 0.1, bu2: 0.1, b2u2: 0.04),
                    Linearization.CellInfluence(cell: 1, u: -0.1, bu2: -0.1, b2u2: 0.06),
                ], paired: true))
        let b = try #require(
            l.estimate(
                [
                    Linearization.CellInfluence(cell: 2, u: 0.2, bu2: 0.2, b2u2: 0.1),
                    Linearization.CellInfluence(cell: 3, u: -0.2, bu2: -0.2, b2u2: 0.1),
                ], paired: true))
        // n = 16: Var a = 16/15 · 0.1, Var b = 16/15 · 0.2, Cov = 16/15 (0 − 0 · 0 / 16) = 0.
        let expected = (16.0 / 15 * 0.3).squareRoot()
        #expect(abs(try #require(l.differenceError(l.paired(a), l.paired(b))) - expected) <= 1e-15)
    }

    @Test("A difference the weighting fixes has no variance: no test")
    func noVariance() throws {
        // Each domain's influence is constant within the first margin's categories: the
        // regression fits it exactly and the residuals are 0.
        let l = Self.linearization
        let census = [6.5, 2.0, 4.4, 7.0], squares = [9.25, 1.5, 5.1, 8.6]
        func domain(_ cells: [Int], _ value: Double) -> [Linearization.CellInfluence] {
            cells.map {
                Linearization.CellInfluence(
                    cell: $0, u: value * census[$0], bu2: value * squares[$0], b2u2: value * value * squares[$0])
            }
        }
        let a = try #require(l.estimate(domain([0, 1], 0.3), paired: true)),
            b = try #require(l.estimate(domain([2, 3], -0.2), paired: true))
        #expect(l.differenceError(l.paired(a), l.paired(b)) == nil)
    }

    @Test("The covariance matrix of overlapping estimates: Var(a − b) equals that of the difference's own influence")
    func covarianceMatrix() throws {
        let l = Self.linearization
        // a over cells 0-2, b over cells 1-3: they share cells 1 and 2, where their
        // respondents' Σ b² u_a u_b are `cross` (and 0 elsewhere).
        let a = [
            Linearization.CellInfluence(cell: 0, u: 0.12, bu2: 0.09, b2u2: 0.05),
            Linearization.CellInfluence(cell: 1, u: -0.07, bu2: -0.04, b2u2: 0.03),
            Linearization.CellInfluence(cell: 2, u: 0.03, bu2: 0.02, b2u2: 0.02),
        ]
        let b = [
            Linearization.CellInfluence(cell: 1, u: 0.04, bu2: 0.03, b2u2: 0.02),
            Linearization.CellInfluence(cell: 2, u: 0.05, bu2: 0.06, b2u2: 0.02),
            Linearization.CellInfluence(cell: 3, u: -0.02, bu2: -0.01, b2u2: 0.04),
        ]
        let cross: [Int: Double] = [1: -0.011, 2: 0.009]
        let g = [1.1, 0.9, 1.25, 0.8]
        func raw(_ influence: [Linearization.CellInfluence]) -> Double {
            influence.reduce(0) { $0 + g[$1.cell] * g[$1.cell] * $1.b2u2 }
        }
        let rawCross = cross.reduce(0.0) { $0 + g[$1.key] * g[$1.key] * $1.value }
        let estimates = try [a, b].map { try #require(l.estimate($0, paired: true)) }.map(l.paired)
        let matrix = l.covariances(estimates, rawProducts: [raw(a), rawCross, rawCross, raw(b)])
        #expect(matrix[1] == matrix[2])
        // The diagonal holds each estimate's own variance.
        for (k, influence) in [a, b].enumerated() {
            let se = try #require(l.estimate(influence).flatMap(l.standardError))
            #expect(abs(matrix[k * 3] - se * se) <= 1e-12 * se * se)
        }
        // a − b per cell: u_a − u_b, and Σ b² (u_a − u_b)² = Σ b² u_a² − 2 cross + Σ b² u_b².
        let difference = (0..<4).map { cell in
            let x = a.first { $0.cell == cell }, y = b.first { $0.cell == cell }
            return Linearization.CellInfluence(
                cell: cell, u: (x?.u ?? 0) - (y?.u ?? 0), bu2: (x?.bu2 ?? 0) - (y?.bu2 ?? 0),
                b2u2: (x?.b2u2 ?? 0) - 2 * (cross[cell] ?? 0) + (y?.b2u2 ?? 0))
        }
        let plain = try #require(l.estimate(difference).flatMap(l.standardError))
        let fromMatrix = matrix[0] + matrix[3] - 2 * matrix[1]
        #expect(abs(fromMatrix - plain * plain) <= 1e-12 * plain * plain)
    }

    @Test("Solving for several right-hand sides at once equals solving for each, dependent columns included")
    func severalRightHandSides() {
        // A 4 × 4 positive semi-definite matrix whose last column is the sum of the first two.
        let base: [[Double]] = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]
        var matrix = Array(repeating: Array(repeating: 0.0, count: 4), count: 4)
        let columns: [[Double]] = [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0]]
        for i in 0..<4 {
            for j in 0..<4 {
                for a in 0..<3 {
                    for b in 0..<3 { matrix[i][j] += columns[a][i] * base[a][b] * columns[b][j] }
                }
            }
        }
        let factor = CholeskyFactor(matrix)
        let rightSides: [[Double]] = [[1, 2, 3, 3], [0.5, -1, 2, -0.5], [0, 0, 1, 0]]
        // Row-major 4 × 3: right-hand side c in column c.
        let flat = (0..<4).flatMap { row in rightSides.map { $0[row] } }
        let together = factor.solve(flat, count: 3)
        for (c, rightSide) in rightSides.enumerated() {
            let alone = factor.solve(rightSide)
            for row in 0..<4 {
                #expect(abs(together[row * 3 + c] - alone[row]) <= 1e-12 * max(1, abs(alone[row])))
            }
        }
    }
}
