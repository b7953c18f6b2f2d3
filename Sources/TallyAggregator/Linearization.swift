import TallyModel

/// Standard errors by linearization for the raked design, as R `survey` computes
/// them for `calibrate(..., calfun = "raking")` with one-stage sampling and no
/// strata (`ids = ~1`).
///
/// An estimate's influence values `z_i = w_i u_i` are replaced by their residuals
/// from the base-weighted regression of `u` on the indicators of the raking margins
/// (R's `qr.resid` on the calibration model matrix), and the variance is
/// `n/(n-1) Σ (z̃_i - mean z̃)²` over every respondent used. The indicators are
/// constant within a weighting cell, so the regression fits one value per cell and
/// everything is computed from sums per cell: `U_c = Σ b u`, `Q1_c = Σ b² u`,
/// `Q2_c = Σ b² u²`. The normal equations are solved exactly (R's `rake()` instead
/// approximates the fit with 10 sweeps over the margins).
public struct Linearization: Sendable {
    /// An estimate's influence values summed over one cell of its domain.
    struct CellInfluence {
        var cell: Int
        /// Σ b u.
        var u: Double
        /// Σ b² u.
        var bu2: Double
        /// Σ b² u².
        var b2u2: Double
    }

    /// The regression coefficients of each cell's margin categories, all cells' in
    /// one array: cell `c`'s are `coefficients[coefficientStarts[c]..<coefficientStarts[c + 1]]`
    /// (flat, so that reading them in the loops over cells copies no inner array).
    let coefficients: [Int]
    let coefficientStarts: [Int]
    /// The weighting factor of each cell.
    let factors: [Double]
    /// Respondents used.
    let respondents: Double
    /// The normal equations' matrix Σ_c B_c m_c m_cᵀ, factored; its dependent
    /// coefficients (the margins share their totals) are fixed at 0.
    let normalEquations: CholeskyFactor
    /// Σ_c g_c B_c m_c: the fitted values' share of Σ z̃.
    let weightedIndicators: [Double]
    /// Σ_c g_c² S_c m_c m_cᵀ: the fitted values' share of Σ z̃², row by row.
    let squaredIndicators: [Double]

    /// - Parameters:
    ///   - margins: per raking margin, the category of each cell (-1 for none); empty without raking.
    ///   - census: the respondents used, per cell.
    ///   - factors: the weighting factor of each cell.
    public init(margins: [[Int]], census: CellSums, factors: [Double]) {
        var first: [Int] = []
        var coefficients = 0
        for margin in margins {
            first.append(coefficients)
            coefficients += (margin.max() ?? -1) + 1
        }
        let (counts, weights, squares) = (census.counts, census.weights, census.squares)
        var cellCoefficients: [Int] = []
        var starts = [0]
        for cell in weights.indices {
            for (margin, start) in zip(margins, first) where margin[cell] >= 0 {
                cellCoefficients.append(start + margin[cell])
            }
            starts.append(cellCoefficients.count)
        }
        self.coefficients = cellCoefficients
        coefficientStarts = starts
        self.factors = factors
        respondents = Double(counts.reduce(0, +))
        var matrix = Array(repeating: Array(repeating: 0.0, count: coefficients), count: coefficients)
        var squared = Array(repeating: 0.0, count: coefficients * coefficients)
        var weighted = Array(repeating: 0.0, count: coefficients)
        for cell in weights.indices where weights[cell] > 0 {
            let g = factors[cell]
            let ofCell = cellCoefficients[starts[cell]..<starts[cell + 1]]
            for i in ofCell {
                weighted[i] += g * weights[cell]
                for j in ofCell {
                    matrix[i][j] += weights[cell]
                    squared[i * coefficients + j] += g * g * squares[cell]
                }
            }
        }
        normalEquations = CholeskyFactor(matrix)
        weightedIndicators = weighted
        squaredIndicators = squared
    }

    /// The standard error of an estimate from its influence values summed per cell of
    /// its domain (cells outside it have none), or nil with fewer than two respondents.
    ///
    /// With β the regression's coefficients and a_c = m_cᵀβ the cells' fitted values,
    /// Σ z̃ = Σ g (U − a B) and Σ z̃² = Σ g² (Q2 − 2 a Q1 + a² S); the parts over all
    /// cells are `weightedIndicators`ᵀβ and βᵀ`squaredIndicators`β, so the cost is
    /// that of the domain's cells.
    func standardError(_ influence: [CellInfluence]) -> Double? {
        let n = respondents
        guard n > 1 else { return nil }
        var rightSide = Array(repeating: 0.0, count: normalEquations.size)
        var sum = 0.0, squares = 0.0
        for entry in influence {
            let g = factors[entry.cell]
            sum += g * entry.u
            squares += g * g * entry.b2u2
            for k in coefficientStarts[entry.cell]..<coefficientStarts[entry.cell + 1] {
                rightSide[coefficients[k]] += entry.u
            }
        }
        let size = normalEquations.size
        if size > 0 {
            let beta = normalEquations.solve(rightSide)
            for entry in influence {
                var fitted = 0.0
                for k in coefficientStarts[entry.cell]..<coefficientStarts[entry.cell + 1] {
                    fitted += beta[coefficients[k]]
                }
                squares -= 2 * factors[entry.cell] * factors[entry.cell] * fitted * entry.bu2
            }
            for i in 0..<size where beta[i] != 0 {
                sum -= weightedIndicators[i] * beta[i]
                for j in 0..<size where beta[j] != 0 {
                    squares += beta[i] * squaredIndicators[i * size + j] * beta[j]
                }
            }
        }
        let variance = n / (n - 1) * (squares - sum * sum / n)
        return variance.isFinite ? max(0, variance).squareRoot() : nil
    }
}

/// The Cholesky factor of a symmetric positive semi-definite matrix, skipping the
/// columns that depend on earlier ones; `solve` then returns a solution with those
/// coefficients at 0, which fits the same values as any other solution.
struct CholeskyFactor: Sendable {
    let size: Int
    /// The factor, row by row (`lower[i * size + j]`, zero above the diagonal).
    private var lower: [Double]
    private var dependent: [Bool]

    init(_ matrix: [[Double]]) {
        size = matrix.count
        lower = Array(repeating: 0.0, count: size * size)
        dependent = Array(repeating: false, count: size)
        for j in 0..<size {
            var diagonal = matrix[j][j]
            for k in 0..<j where !dependent[k] { diagonal -= lower[j * size + k] * lower[j * size + k] }
            if diagonal <= 1e-10 * max(matrix[j][j], .leastNormalMagnitude) {
                dependent[j] = true
                continue
            }
            let pivot = diagonal.squareRoot()
            lower[j * size + j] = pivot
            for i in (j + 1)..<size {
                var value = matrix[i][j]
                for k in 0..<j where !dependent[k] { value -= lower[i * size + k] * lower[j * size + k] }
                lower[i * size + j] = value / pivot
            }
        }
    }

    func solve(_ rightSide: [Double]) -> [Double] {
        var y = Array(repeating: 0.0, count: size)
        for j in 0..<size where !dependent[j] {
            var value = rightSide[j]
            for k in 0..<j where !dependent[k] { value -= lower[j * size + k] * y[k] }
            y[j] = value / lower[j * size + j]
        }
        var x = Array(repeating: 0.0, count: size)
        for j in stride(from: size - 1, through: 0, by: -1) where !dependent[j] {
            var value = y[j]
            for i in (j + 1)..<size where !dependent[i] { value -= lower[i * size + j] * x[i] }
            x[j] = value / lower[j * size + j]
        }
        return x
    }
}
