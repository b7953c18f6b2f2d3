/// Rao and Scott's corrections of Pearson's chi-square test of independence in a
/// two-way table under a complex design, as R `survey`'s `svychisq(~row + column,
/// design, statistic = "F")` and `"Chisq"` compute them.
///
/// With p the table's joint shares (R × C cells), V their covariance matrix under the
/// design, D = diag(p) and C a basis of the interaction contrasts (the cells' values
/// with the rows' and columns' means taken out, R's `qr.resid(X1, X12)`), the
/// generalized design effects are the eigenvalues of Δ = N (Cᵀ D⁻¹ C)⁻¹ Cᵀ D⁻¹ V D⁻¹ C,
/// and with Pearson's X² = N Σ (p_rc − p_r p_c)² / (p_r p_c):
/// - the first-order test: X² / mean δ on (R − 1)(C − 1) degrees of freedom;
/// - the second-order test: F = X² / tr Δ on d0 = (tr Δ)² / tr Δ² and d0 (n − 1)
///   degrees of freedom, n the design's respondents (its PSUs less its one stratum).
///
/// N cancels from both statistics; it only scales the design effects, given here for
/// the table's own respondents. The eigenvalues do not depend on the basis chosen for
/// the contrasts, so C is taken as the double-centred cell indicators of every row
/// and column but the last.
public struct RaoScott: Sendable, Equatable {
    /// The first-order corrected statistic X² / mean δ, and its degrees of freedom.
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    /// The upper chi-square tail of `chiSquare`.
    public var pChiSquare: Double
    /// The second-order statistic X² / tr Δ, and its degrees of freedom d0 and d0 (n − 1).
    public var f: Double
    public var numeratorDegrees: Double
    public var denominatorDegrees: Double
    /// The upper F tail of `f`.
    public var pF: Double
    /// The mean generalized design effect, tr Δ / ((R − 1)(C − 1)).
    public var meanDesignEffect: Double

    /// Statistics as they were worked out (read back from a file, or made by hand).
    public init(
        chiSquare: Double, degreesOfFreedom: Int, pChiSquare: Double, f: Double, numeratorDegrees: Double,
        denominatorDegrees: Double, pF: Double, meanDesignEffect: Double
    ) {
        self.chiSquare = chiSquare
        self.degreesOfFreedom = degreesOfFreedom
        self.pChiSquare = pChiSquare
        self.f = f
        self.numeratorDegrees = numeratorDegrees
        self.denominatorDegrees = denominatorDegrees
        self.pF = pF
        self.meanDesignEffect = meanDesignEffect
    }

    /// The tests of a table, or nil when the design leaves its shares no variance.
    /// - Parameters:
    ///   - shares: the joint shares of the `rows` × `columns` cells, row by row; every
    ///     row and column has some share.
    ///   - covariance: the shares' covariance matrix under the design, row-major.
    ///   - respondents: the table's respondents (the scale of the design effects).
    ///   - designRespondents: every respondent of the design.
    init?(shares: [Double], rows: Int, columns: Int, covariance: [Double], respondents: Int, designRespondents: Double)
    {
        let cells = rows * columns
        precondition(rows >= 2 && columns >= 2 && shares.count == cells && covariance.count == cells * cells)
        let contrasts = Contrasts(rows: rows, columns: columns)
        let inverse = shares.map { $0 > 0 ? 1 / $0 : 0 }
        // Cᵀ D⁻¹ C, one column per basis vector.
        let denominator = contrasts.basis.map { vector in contrasts.apply(zip(vector, inverse).map { $0 * $1 }) }
        // Cᵀ D⁻¹ V D⁻¹ C: Cᵀ applied to each row of D⁻¹ V D⁻¹, then to each column of that.
        let scaledRows = (0..<cells).map { k in
            contrasts.apply((0..<cells).map { l in inverse[k] * covariance[k * cells + l] * inverse[l] })
        }
        // Symmetric: its columns, one after the other, are its rows.
        let size = contrasts.count
        let numerator = (0..<size).flatMap { j in contrasts.apply(scaledRows.map { $0[j] }) }
        // M = Δ / N: (Cᵀ D⁻¹ C) M = Cᵀ D⁻¹ V D⁻¹ C.
        let m = CholeskyFactor(denominator).solve(numerator, count: size)
        var trace = 0.0, traceOfSquare = 0.0
        for i in 0..<size {
            trace += m[i * size + i]
            for j in 0..<size { traceOfSquare += m[i * size + j] * m[j * size + i] }
        }
        guard trace.isFinite, traceOfSquare.isFinite, trace > 0, traceOfSquare > 0 else { return nil }
        var pearson = 0.0
        let rowShares = (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + shares[r * columns + $1] } }
        let columnShares = (0..<columns).map { c in (0..<rows).reduce(0.0) { $0 + shares[$1 * columns + c] } }
        for r in 0..<rows {
            for c in 0..<columns {
                let expected = rowShares[r] * columnShares[c]
                let gap = shares[r * columns + c] - expected
                pearson += gap * gap / expected
            }
        }
        let degrees = size
        f = pearson / trace
        numeratorDegrees = trace * trace / traceOfSquare
        denominatorDegrees = numeratorDegrees * (designRespondents - 1)
        pF = Distributions.fUpper(f, numeratorDegrees, denominatorDegrees)
        chiSquare = f * Double(degrees)
        degreesOfFreedom = degrees
        pChiSquare = Distributions.chiSquareUpper(chiSquare, degrees: Double(degrees))
        meanDesignEffect = Double(respondents) * trace / Double(degrees)
    }
}

/// The interaction contrasts of a rows × columns table: the basis vectors of the
/// double-centred cell indicators of every row and column but the last, and Cᵀx for
/// a vector x of cell values, worked out from x's row and column means (O(cells), not
/// O(cells × contrasts)).
private struct Contrasts {
    let rows: Int
    let columns: Int

    /// (R − 1)(C − 1).
    var count: Int { (rows - 1) * (columns - 1) }

    /// Basis vector (i, j), at index i (C − 1) + j: (δ_ri − 1/R)(δ_cj − 1/C) in cell (r, c).
    var basis: [[Double]] {
        var vectors: [[Double]] = []
        for i in 0..<(rows - 1) {
            for j in 0..<(columns - 1) {
                var vector = Array(repeating: 0.0, count: rows * columns)
                for r in 0..<rows {
                    for c in 0..<columns {
                        let rowPart = (r == i ? 1.0 : 0) - 1 / Double(rows)
                        let columnPart = (c == j ? 1.0 : 0) - 1 / Double(columns)
                        vector[r * columns + c] = rowPart * columnPart
                    }
                }
                vectors.append(vector)
            }
        }
        return vectors
    }

    /// Cᵀx: x_ij less row i's mean and column j's mean, plus the grand mean.
    func apply(_ x: [Double]) -> [Double] {
        var rowMeans = Array(repeating: 0.0, count: rows)
        var columnMeans = Array(repeating: 0.0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                rowMeans[r] += x[r * columns + c] / Double(columns)
                columnMeans[c] += x[r * columns + c] / Double(rows)
            }
        }
        let grand = rowMeans.reduce(0, +) / Double(rows)
        var result: [Double] = []
        result.reserveCapacity(count)
        for i in 0..<(rows - 1) {
            for j in 0..<(columns - 1) {
                result.append(x[i * columns + j] - rowMeans[i] - columnMeans[j] + grand)
            }
        }
        return result
    }
}
