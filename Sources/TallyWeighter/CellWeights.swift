import TallyModel

/// The weighting of a run: a factor per cell of the cell space, so that a
/// respondent's final weight is its base weight times its cell's factor, and the
/// diagnostics of the resulting weights.
public struct CellWeights: Sendable, Equatable {
    /// One factor per cell.
    public let factors: [Double]
    /// Respondents weighted.
    public let respondents: Int
    /// Σw over respondents.
    public let sumOfWeights: Double
    /// Σw² over respondents.
    public let sumOfSquaredWeights: Double

    /// Weights with the given factors, and their diagnostics from the per-cell sums.
    public init(factors: [Double], counts: [Int], weights: [Double], squares: [Double]) {
        precondition(factors.count == counts.count && counts.count == weights.count && weights.count == squares.count)
        self.factors = factors
        respondents = counts.reduce(0, +)
        var sum = 0.0, sumOfSquares = 0.0
        for cell in factors.indices {
            sum += factors[cell] * weights[cell]
            sumOfSquares += factors[cell] * factors[cell] * squares[cell]
        }
        sumOfWeights = sum
        sumOfSquaredWeights = sumOfSquares
    }

    /// Kish's effective sample size, (Σw)² / Σw².
    public var effectiveBase: Double {
        sumOfSquaredWeights > 0 ? sumOfWeights * sumOfWeights / sumOfSquaredWeights : 0
    }

    /// Kish's weighting efficiency, the effective base over the respondents (1 when all weights are equal).
    public var efficiency: Double {
        respondents > 0 ? effectiveBase / Double(respondents) : 0
    }
}
