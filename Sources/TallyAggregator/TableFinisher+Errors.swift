import TallyModel

// Standard errors of a column's estimates: the influence values of each estimate,
// summed per cell, handed to the linearization.
extension TableFinisher {
    /// The linearization of the ratio of respondents answering in `numerator` to
    /// those answering in `denominator`, in the column's `cells`: a percentage's share
    /// (`nested`: the numerator's answers are among the denominator's, its base) or a
    /// ratio of two disjoint sets of answers.
    /// - Parameters:
    ///   - ratio: the estimate (for a percentage, the share as a proportion).
    ///   - denominatorWeight: the weighted total of the `denominator` answers.
    func ratioEstimate(
        _ sums: SlotSums, numerator: [Int], denominator: [Int], column: Column, ratio r: Double,
        denominatorWeight: Double, nested: Bool
    ) -> Linearization.Estimate? {
        guard let linearization, denominatorWeight > 0 else { return nil }
        // u = (1{numerator} - r 1{denominator}) / W over the denominator; u² has
        // 1{numerator}(1 - 2r) where the numerator is within the denominator.
        let values = influence(column.cells) { cell in
            let a = total(sums, cell, numerator), b = total(sums, cell, denominator)
            let own = nested ? a.squares * (1 - 2 * r) : a.squares
            return (
                (a.weights - r * b.weights) / denominatorWeight,
                (a.squares - r * b.squares) / denominatorWeight,
                (own + r * r * b.squares) / (denominatorWeight * denominatorWeight)
            )
        }
        // y = 1{numerator} over the denominator's respondents, for the respondents a
        // percentage shares with the same row's in an overlapping column.
        let shared = sharedMoments(column, center: r, total: denominatorWeight, nested: nested) { cell in
            let a = total(sums, cell, numerator), b = total(sums, cell, denominator)
            return CellMoments(b: b.weights, bb: b.squares, by: a.weights, bby: a.squares, bbyy: a.squares)
        }
        return linearization.estimate(values, paired: column.paired, shared: shared)
    }

    /// The moments per cell an estimate of an overlapping column keeps (nil otherwise,
    /// and for a ratio of two sets of answers, which is not tested).
    private func sharedMoments(
        _ column: Column, center: Double, total: Double, nested: Bool = true, moments: (Int) -> CellMoments
    ) -> SharedMoments? {
        guard column.overlapping, column.paired, nested else { return nil }
        return SharedMoments(
            center: center, total: total,
            cells: Dictionary(uniqueKeysWithValues: column.cells.map { ($0, moments($0)) }))
    }

    /// The linearization of a mean in the column's `cells`, from each cell's moments
    /// over the respondents with a value.
    func meanEstimate(
        column: Column, mean: Double, baseWeight: Double, moments: (Int) -> CellMoments
    ) -> Linearization.Estimate? {
        guard let linearization, baseWeight > 0 else { return nil }
        // u = (y - mean) / W over those with a value.
        let values = influence(column.cells) { cell in
            let m = moments(cell)
            return (
                (m.by - mean * m.b) / baseWeight,
                (m.bby - mean * m.bb) / baseWeight,
                (m.bbyy - 2 * mean * m.bby + mean * mean * m.bb) / (baseWeight * baseWeight)
            )
        }
        let shared = sharedMoments(column, center: mean, total: baseWeight, moments: moments)
        return linearization.estimate(values, paired: column.paired, shared: shared)
    }

    /// The linearization of a weighted count: the total weight of the column's
    /// respondents answering in `slots` (R's `svytotal` of the answer's indicator
    /// within the column). u = 1{slots}: a respondent answers one of a single-choice
    /// field's slots, so u² = u and Σ b² u² = Σ b² u.
    func totalEstimate(_ sums: SlotSums, slots: [Int], column: Column) -> Linearization.Estimate? {
        guard let linearization else { return nil }
        let values = influence(column.cells) { cell in
            let a = total(sums, cell, slots)
            return (a.weights, a.squares, a.squares)
        }
        return linearization.estimate(values)
    }

    /// The standard error of an estimate's linearization.
    func standardError(_ estimate: Linearization.Estimate?) -> Double? {
        estimate.flatMap { linearization?.standardError($0) }
    }

    /// Σb and Σb² of a cell's respondents with an answer in `slots`.
    private func total(_ sums: SlotSums, _ cell: Int, _ slots: [Int]) -> (weights: Double, squares: Double) {
        let first = cell * sums.width
        return slots.reduce((0, 0)) { ($0.0 + sums.weight(at: first + $1), $0.1 + sums.square(at: first + $1)) }
    }

    /// The per-cell sums (Σ b u, Σ b² u, Σ b² u²) of an estimate's influence values
    /// over the column's cells (they are 0 outside it).
    private func influence(
        _ cells: [Int], _ sumsOf: (Int) -> (Double, Double, Double)
    ) -> [Linearization.CellInfluence] {
        cells.map { cell in
            let (u, bu2, b2u2) = sumsOf(cell)
            return Linearization.CellInfluence(cell: cell, u: u, bu2: bu2, b2u2: b2u2)
        }
    }
}

/// A cell's sums over its respondents with a value y, weighted by their base weights
/// b: the parts of a mean's influence values.
struct CellMoments {
    /// Σb, Σb², Σby, Σb²y and Σb²y².
    var b, bb, by, bby, bbyy: Double
}

extension NumericSums {
    /// A cell's moments of the numeric answer.
    func moments(_ cell: Int) -> CellMoments {
        CellMoments(
            b: weight(cell: cell), bb: squaredWeight(cell: cell), by: weightedSum(cell: cell),
            bby: squaredWeightSum(cell: cell), bbyy: squaredWeightSumOfSquares(cell: cell))
    }
}

/// A scale's answers as scores: a cell's moments of the score from its per-answer sums.
struct ScoreMoments {
    let sums: SlotSums
    /// Each answer slot's score; nil outside the base.
    let scores: [Double?]

    func ofCell(_ cell: Int) -> CellMoments {
        var moments = CellMoments(b: 0, bb: 0, by: 0, bby: 0, bbyy: 0)
        let first = cell * sums.width
        for (slot, score) in scores.enumerated() {
            guard let score else { continue }
            let weight = sums.weight(at: first + slot), square = sums.square(at: first + slot)
            moments.b += weight
            moments.bb += square
            moments.by += score * weight
            moments.bby += score * square
            moments.bbyy += score * score * square
        }
        return moments
    }
}
