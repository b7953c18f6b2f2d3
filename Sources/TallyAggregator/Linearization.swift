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

    /// An estimate's linearization, kept so that its covariance with another estimate
    /// of the same design can be worked out (`differenceError`).
    struct Estimate: Sendable {
        /// Σ g² Q1 m_c over the estimate's cells: with another estimate's β, the part of
        /// Σ z̃ᵃ z̃ᵇ from this estimate's own influence and the other's fitted values
        /// (empty without raking, or for an estimate not made for pairs).
        fileprivate var q: [Double]
        /// The regression's coefficients (empty without raking).
        fileprivate var beta: [Double]
        /// Σ z̃ and Σ z̃² over every respondent used.
        fileprivate var sum: Double
        fileprivate var squares: Double
        /// Σ z² before the regression: the scale of the rounding in `squares`.
        fileprivate var raw: Double
        /// Its values' moments per cell, when its domain may share respondents with
        /// another's (nil: it shares none).
        var shared: SharedMoments?
    }

    /// The standard error of a linearized estimate, or nil when its variance is not
    /// finite. A variance within rounding of 0 (below 1e-12 of Σ z² before the
    /// regression: the weighting fixes the estimate, as a weighting margin's shares
    /// in the whole sample) is 0, whatever the weights' scale.
    func standardError(_ estimate: Estimate) -> Double? {
        let variance = self.variance(estimate.squares, estimate.sum, estimate.sum)
        guard variance.isFinite else { return nil }
        guard variance > 1e-12 * respondents / (respondents - 1) * estimate.raw else { return 0 }
        return variance.squareRoot()
    }

    /// `n/(n-1) (Σ z̃ᵃ z̃ᵇ − Σ z̃ᵃ Σ z̃ᵇ / n)`: a variance, or a covariance of two estimates.
    private func variance(_ products: Double, _ sumA: Double, _ sumB: Double) -> Double {
        let n = respondents
        return n / (n - 1) * (products - sumA * sumB / n)
    }

    /// An estimate's linearization from its influence values summed per cell of its
    /// domain (cells outside it have none), or nil with fewer than two respondents;
    /// `paired`: with what its
    /// covariances with other estimates need (`differenceError`).
    ///
    /// With β the regression's coefficients and a_c = m_cᵀβ the cells' fitted values,
    /// Σ z̃ = Σ g (U − a B) and Σ z̃² = Σ g² (Q2 − 2 a Q1 + a² S); the parts over all
    /// cells are `weightedIndicators`ᵀβ and βᵀ`squaredIndicators`β, so the cost is
    /// that of the domain's cells.
    func estimate(_ influence: [CellInfluence], paired: Bool = false, shared: SharedMoments? = nil) -> Estimate? {
        guard respondents > 1 else { return nil }
        let (sum, beta, q) = linearParts(influence, withQ: paired)
        var squares = 0.0
        for entry in influence { squares += factors[entry.cell] * factors[entry.cell] * entry.b2u2 }
        let raw = squares
        if !beta.isEmpty {
            for entry in influence {
                squares -= 2 * factors[entry.cell] * factors[entry.cell] * fitted(entry.cell, beta) * entry.bu2
            }
            squares = quadratic(beta, adding: squares)
        }
        return Estimate(q: q, beta: beta, sum: sum, squares: squares, raw: raw, shared: shared)
    }

    /// An estimate's parts that are linear in its influence values, made ready for
    /// pairs: what `covariances` needs of it, at the cost of its own cells, without
    /// its own variance (which `covariances` gives from the raw products); nil with
    /// fewer than two respondents.
    func linear(_ influence: [CellInfluence]) -> Paired? {
        guard respondents > 1 else { return nil }
        let (sum, beta, q) = linearParts(influence, withQ: true)
        return paired(Estimate(q: q, beta: beta, sum: sum, squares: .nan, raw: .nan))
    }

    /// x a + y b: the linear parts of the estimate whose influence values are x times
    /// a's plus y times b's (its own variance is not kept).
    func combined(_ a: Paired, _ x: Double, _ b: Paired, _ y: Double) -> Paired {
        func mix(_ first: [Double], _ second: [Double]) -> [Double] {
            zip(first, second).map { x * $0 + y * $1 }
        }
        let (ea, eb) = (a.estimate, b.estimate)
        return Paired(
            estimate: Estimate(
                q: mix(ea.q, eb.q), beta: mix(ea.beta, eb.beta), sum: x * ea.sum + y * eb.sum, squares: .nan,
                raw: .nan),
            squaredBeta: mix(a.squaredBeta, b.squaredBeta))
    }

    /// Σ z̃ = Σ g U − `weightedIndicators`ᵀβ, the regression's β (empty without raking)
    /// and, `withQ`, q = Σ g² Q1 m_c.
    private func linearParts(_ influence: [CellInfluence], withQ: Bool) -> (sum: Double, beta: [Double], q: [Double]) {
        let size = normalEquations.size
        var rightSide = Array(repeating: 0.0, count: size)
        var sum = 0.0
        for entry in influence {
            sum += factors[entry.cell] * entry.u
            for k in coefficientStarts[entry.cell]..<coefficientStarts[entry.cell + 1] {
                rightSide[coefficients[k]] += entry.u
            }
        }
        guard size > 0 else { return (sum, [], []) }
        let beta = normalEquations.solve(rightSide)
        var q: [Double] = []
        if withQ {
            q = Array(repeating: 0.0, count: size)
            for entry in influence {
                let gg = factors[entry.cell] * factors[entry.cell]
                for k in coefficientStarts[entry.cell]..<coefficientStarts[entry.cell + 1] {
                    q[coefficients[k]] += gg * entry.bu2
                }
            }
        }
        for i in 0..<size where beta[i] != 0 { sum -= weightedIndicators[i] * beta[i] }
        return (sum, beta, q)
    }

    /// An estimate made ready for its covariances with others: its β times
    /// `squaredIndicators` (worked out once, for all the pairs it is in).
    struct Paired: Sendable {
        fileprivate var estimate: Estimate
        fileprivate var squaredBeta: [Double]
    }

    /// An estimate made ready for `differenceError`; it must have been made for pairs
    /// (`estimate(_:paired:)`).
    func paired(_ estimate: Estimate) -> Paired {
        let size = normalEquations.size
        precondition(estimate.q.count == size, "the estimate was not made for pairs")
        var squaredBeta = Array(repeating: 0.0, count: size)
        for i in 0..<size {
            var value = 0.0
            for j in 0..<size where estimate.beta[j] != 0 {
                value += squaredIndicators[i * size + j] * estimate.beta[j]
            }
            squaredBeta[i] = value
        }
        return Paired(estimate: estimate, squaredBeta: squaredBeta)
    }

    /// The standard error of the difference of two estimates of one row in two columns
    /// (of one banner, or a column and the rest of the sample): √(Var a + Var b −
    /// 2 Cov(a, b)), the covariance from the same linearization.
    ///
    /// Σ z̃ᵃ z̃ᵇ is the fitted values' parts (`fittedProducts`: a few dot products per
    /// pair) and, for columns that share respondents (a multi-answer banner's), their
    /// Σ zᵃ zᵇ (`sharedProducts`); columns of a categorical banner share none. A
    /// variance within rounding of 0 (below 1e-12 of the two estimates' Σ z² before the
    /// regression: the weighting fixes the difference, as when the answer is a
    /// weighting variable) is none: nil.
    func differenceError(_ first: Paired, _ second: Paired) -> Double? {
        let (a, b) = (first.estimate, second.estimate)
        let variance =
            self.variance(a.squares, a.sum, a.sum) + self.variance(b.squares, b.sum, b.sum)
            - 2 * self.variance(fittedProducts(first, second) + sharedProducts(a.shared, b.shared), a.sum, b.sum)
        let rounding = 1e-12 * respondents / (respondents - 1) * (a.raw + b.raw)
        return variance.isFinite && variance > rounding ? variance.squareRoot() : nil
    }

    /// The covariance matrix of several estimates (row-major), given their Σ zᵃ zᵇ
    /// before the regression (`rawProducts`, row-major, as many as the matrix): to
    /// those, the regression adds its fitted values' parts (`differenceError`).
    func covariances(_ estimates: [Paired], rawProducts: [Double]) -> [Double] {
        let count = estimates.count
        precondition(rawProducts.count == count * count, "one raw product per pair")
        var matrix = Array(repeating: 0.0, count: count * count)
        for i in 0..<count {
            for j in i..<count {
                let products = rawProducts[i * count + j] + fittedProducts(estimates[i], estimates[j])
                let value = variance(products, estimates[i].estimate.sum, estimates[j].estimate.sum)
                matrix[i * count + j] = value
                matrix[j * count + i] = value
            }
        }
        return matrix
    }

    /// The regression's part of Σ z̃ᵃ z̃ᵇ, added to Σ zᵃ zᵇ: Σ g² (a_cᵃ a_cᵇ S − a_cᵇ Q1ᵃ −
    /// a_cᵃ Q1ᵇ) = βᵃᵀ`squaredIndicators`βᵇ − qᵃᵀβᵇ − qᵇᵀβᵃ (0 without raking).
    private func fittedProducts(_ first: Paired, _ second: Paired) -> Double {
        let (a, b) = (first.estimate, second.estimate)
        var products = 0.0
        for i in 0..<normalEquations.size {
            products += a.beta[i] * second.squaredBeta[i] - a.q[i] * b.beta[i] - b.q[i] * a.beta[i]
        }
        return products
    }

    /// A cell's fitted value m_cᵀβ.
    @inline(__always)
    private func fitted(_ cell: Int, _ beta: [Double]) -> Double {
        var value = 0.0
        for k in coefficientStarts[cell]..<coefficientStarts[cell + 1] {
            value += beta[coefficients[k]]
        }
        return value
    }

    /// `start` + βᵀ `squaredIndicators` β, added term by term.
    private func quadratic(_ beta: [Double], adding start: Double) -> Double {
        let size = normalEquations.size
        var total = start
        for i in 0..<size where beta[i] != 0 {
            for j in 0..<size where beta[j] != 0 {
                total += beta[i] * squaredIndicators[i * size + j] * beta[j]
            }
        }
        return total
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

    /// Solves for several right-hand sides at once, the columns of the row-major
    /// `size` × `count` matrix `rightSides`; the solutions are that matrix's columns.
    /// Row by row, so that the inner loops run along contiguous rows (through a
    /// pointer: they are the tests of independence's hot loop); `solve(_:)` column by
    /// column gives the same.
    func solve(_ rightSides: [Double], count: Int) -> [Double] {
        precondition(rightSides.count == size * count, "one row of right-hand sides per equation")
        var solution = rightSides
        solution.withUnsafeMutableBufferPointer { x in
            func subtract(_ row: Int, _ factor: Double, times other: Int) {
                let (target, source) = (row * count, other * count)
                for c in 0..<count { x[target + c] -= factor * x[source + c] }
            }
            func divide(_ row: Int, by pivot: Double) {
                for c in (row * count)..<(row * count + count) { x[c] /= pivot }
            }
            for j in 0..<size {
                guard !dependent[j] else {
                    for c in (j * count)..<(j * count + count) { x[c] = 0 }
                    continue
                }
                for k in 0..<j where !dependent[k] && lower[j * size + k] != 0 {
                    subtract(j, lower[j * size + k], times: k)
                }
                divide(j, by: lower[j * size + j])
            }
            for j in stride(from: size - 1, through: 0, by: -1) where !dependent[j] {
                for i in (j + 1)..<size where !dependent[i] && lower[i * size + j] != 0 {
                    subtract(j, lower[i * size + j], times: i)
                }
                divide(j, by: lower[j * size + j])
            }
        }
        return solution
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
