import TallyModel
import Testing

@testable import TallyWeighter

@Suite("Raking on weighting cells")
struct RakingTests {
    let location = DataLocation(file: "test.yaml")

    /// Cells of a 2 × 2 table, numbered row * 2 + column.
    let rows = RakingMargin(name: "row", labels: ["r1", "r2"], categoryOfCell: [0, 0, 1, 1], targets: [0.5, 0.5])
    let columns = RakingMargin(
        name: "column", labels: ["c1", "c2"], categoryOfCell: [0, 1, 0, 1], targets: [0.4, 0.6])

    @Test("One margin is post-stratification: each factor is target × N / the category's weight")
    func postStratification() throws {
        let outcome = try Raking.rake(
            cellWeights: [10, 20, 30, 40], margins: [rows], tolerance: 1e-12, maxSweeps: 10, caps: nil,
            location: location)
        let expected: [Double] = [50.0 / 30, 50.0 / 30, 50.0 / 70, 50.0 / 70]
        #expect(outcome.factors == expected)
        #expect(outcome.sweeps == 1)
    }

    @Test("Two margins of a 2 × 2 table meet the closed form: the fit keeps the sample's odds ratio")
    func twoByTwo() throws {
        // Fitted m11 = a, m12 = 50 − a, m21 = 40 − a, m22 = 10 + a with
        // a(10 + a) / ((50 − a)(40 − a)) = (10 · 40)/(20 · 30), i.e. a² + 210a − 4000 = 0.
        let a = (-210 + (210.0 * 210 + 16000).squareRoot()) / 2
        let expected = [a / 10, (50 - a) / 20, (40 - a) / 30, (10 + a) / 40]
        let outcome = try Raking.rake(
            cellWeights: [10, 20, 30, 40], margins: [rows, columns], tolerance: 1e-13, maxSweeps: 200, caps: nil,
            location: location)
        for (factor, value) in zip(outcome.factors, expected) {
            #expect(abs(factor / value - 1) < 1e-11)
        }
        #expect(outcome.marginError <= 1e-13)
        #expect(outcome.sweeps > 1)
    }

    @Test("Caps bound every factor and the margins still hold")
    func caps() throws {
        let caps = WeightCaps(minimum: 0.6, maximum: 1.7)
        let outcome = try Raking.rake(
            cellWeights: [10, 20, 30, 40], margins: [rows, columns], tolerance: 1e-12, maxSweeps: 500, caps: caps,
            location: location)
        let withinCaps = outcome.factors.allSatisfy { factor in factor >= 0.6 && factor <= 1.7 }
        #expect(withinCaps)
        let weighted: [Double] = zip(outcome.factors, [10.0, 20, 30, 40]).map { $0 * $1 }
        let firstRow: Double = weighted[0] + weighted[1]
        let firstColumn: Double = weighted[0] + weighted[2]
        #expect(abs(firstRow - 50) < 1e-9)
        #expect(abs(firstColumn - 40) < 1e-9)
        #expect(outcome.factors[0] == 1.7)  // unbounded, cell (r1, c1) would get a/10 ≈ 1.758
    }

    @Test("Caps that cannot hold with a target are an error naming the category")
    func impossibleCaps() {
        let error = #expect(throws: TallyError.self) {
            try Raking.rake(
                cellWeights: [10, 20, 30, 40], margins: [rows], tolerance: 1e-12, maxSweeps: 10,
                caps: WeightCaps(minimum: 0.5, maximum: 1.2), location: location)
        }
        #expect(error?.exitCode == 65)
        #expect("\(error!)".contains("row = r1"))
    }

    @Test("A target category without respondents is an error")
    func emptyTargetCategory() {
        let error = #expect(throws: TallyError.self) {
            try Raking.rake(
                cellWeights: [10, 20, 0, 0], margins: [rows], tolerance: 1e-12, maxSweeps: 10, caps: nil,
                location: location)
        }
        #expect("\(error!)".contains("row = r2"))
        #expect("\(error!)".contains("no respondent"))
    }

    @Test("Respondents in a category whose target is 0 are an error")
    func respondentsWithoutTarget() {
        let margin = RakingMargin(name: "row", labels: ["r1", "r2"], categoryOfCell: [0, 0, 1, 1], targets: [1, 0])
        let error = #expect(throws: TallyError.self) {
            try Raking.rake(
                cellWeights: [10, 20, 30, 40], margins: [margin], tolerance: 1e-12, maxSweeps: 10, caps: nil,
                location: location)
        }
        #expect("\(error!)".contains("no weighting target"))
    }

    @Test("Not converging within the sweeps allowed fails, reporting distance and last change")
    func nonConvergence() {
        let error = #expect(throws: TallyError.self) {
            try Raking.rake(
                cellWeights: [10, 20, 30, 40], margins: [rows, columns], tolerance: 1e-15, maxSweeps: 1, caps: nil,
                location: location)
        }
        #expect("\(error!)".contains("did not converge in 1 sweeps"))
        #expect(error?.exitCode == 65)
    }

    @Test("Kish efficiency and effective base from the cell sums")
    func diagnostics() {
        // Two cells: 2 respondents of weight 1, and 2 of weight 3 (factor 3).
        let weights = CellWeights(factors: [1, 3], counts: [2, 2], weights: [2, 2], squares: [2, 2])
        #expect(weights.sumOfWeights == 8)
        #expect(weights.sumOfSquaredWeights == 20)
        #expect(weights.effectiveBase == 64.0 / 20)
        #expect(weights.efficiency == 64.0 / 20 / 4)
    }
}
