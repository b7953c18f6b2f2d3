import TallyModel

// Standard errors of a column's estimates: the influence values of each estimate,
// summed per cell, handed to the linearization.
extension TableFinisher {
    /// The standard error, in points, of the percentage of respondents with an answer
    /// in `slots` among those with one in `baseSlots`, in the column's `cells`.
    /// - Parameters:
    ///   - share: the estimate as a proportion.
    ///   - baseWeight: the column base's weighted total.
    func percentError(
        _ sums: SlotSums, slots: [Int], baseSlots: [Int], cells: [Int], share p: Double, baseWeight: Double
    ) -> Double? {
        guard let linearization, baseWeight > 0 else { return nil }
        // u = (1{answer} - p) / W over the base.
        let values = influence(cells) { cell in
            let answer = total(sums, cell, slots), base = total(sums, cell, baseSlots)
            return (
                (answer.weights - p * base.weights) / baseWeight,
                (answer.squares - p * base.squares) / baseWeight,
                (answer.squares * (1 - 2 * p) + p * p * base.squares) / (baseWeight * baseWeight)
            )
        }
        return linearization.standardError(values).map { 100 * $0 }
    }

    /// The standard error of the ratio of respondents answering in `above` to those
    /// answering in `below` (disjoint), in the column's `cells`.
    /// - Parameter belowWeight: the weighted total of the `below` answers.
    func ratioError(
        _ sums: SlotSums, above: [Int], below: [Int], cells: [Int], ratio r: Double, belowWeight: Double
    ) -> Double? {
        guard let linearization, belowWeight > 0 else { return nil }
        // u = (1{above} - r 1{below}) / W_below.
        let values = influence(cells) { cell in
            let a = total(sums, cell, above), b = total(sums, cell, below)
            return (
                (a.weights - r * b.weights) / belowWeight,
                (a.squares - r * b.squares) / belowWeight,
                (a.squares + r * r * b.squares) / (belowWeight * belowWeight)
            )
        }
        return linearization.standardError(values)
    }

    /// The standard error of a numeric answer's mean in the column's `cells`.
    func meanError(_ sums: NumericSums, cells: [Int], mean: Double, baseWeight: Double) -> Double? {
        guard let linearization, baseWeight > 0 else { return nil }
        // u = (y - mean) / W over those with a value.
        let values = influence(cells) { cell in
            let b = sums.weight(cell: cell), bb = sums.squaredWeight(cell: cell)
            let by = sums.weightedSum(cell: cell), bby = sums.squaredWeightSum(cell: cell)
            let bbyy = sums.squaredWeightSumOfSquares(cell: cell)
            return (
                (by - mean * b) / baseWeight,
                (bby - mean * bb) / baseWeight,
                (bbyy - 2 * mean * bby + mean * mean * bb) / (baseWeight * baseWeight)
            )
        }
        return linearization.standardError(values)
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
