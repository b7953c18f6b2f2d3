/// An estimate's values' moments per cell of its domain, kept when another estimate
/// of the same row may share respondents with it (the columns of a multi-answer
/// banner): Σ b² (y − cᵃ)(y − cᵇ) over the cells two domains share is then known,
/// the part of their covariance the shared respondents bring.
struct SharedMoments: Sendable {
    /// The estimate's centre c (a share or a mean) and its domain's weighted total W:
    /// its influence values are u = (y − c) / W over the domain.
    var center: Double
    var total: Double
    /// Σ b², Σ b² y and Σ b² y² of the domain's respondents, by cell.
    var cells: [Int: CellMoments]
}

extension Linearization {
    /// Σ zᵃ zᵇ before the regression over the respondents two estimates of one row
    /// share (0 when either keeps no moments: their domains share none):
    /// Σ g² [Σb²y² − (cᵃ + cᵇ) Σb²y + cᵃ cᵇ Σb²] / (Wᵃ Wᵇ) over the cells in both.
    func sharedProducts(_ a: SharedMoments?, _ b: SharedMoments?) -> Double {
        guard let a, let b else { return 0 }
        var products = 0.0
        for (cell, moments) in a.cells where b.cells[cell] != nil {
            let g = factors[cell]
            products +=
                g * g * (moments.bbyy - (a.center + b.center) * moments.bby + a.center * b.center * moments.bb)
        }
        return products / (a.total * b.total)
    }
}
