import TallyModel

// The summary rows of a column: a scale's mean score, a numeric answer's mean and
// standard deviation, and a table's ratio.
extension TableFinisher {
    /// A scale's mean score and standard deviation over its base: each answer in the
    /// base counts its `score` (the definition checked that each has one).
    func appendScores(
        _ categories: [Category], _ sums: SlotSums, _ column: Column, totals: [SlotTotal], base: SlotTotal,
        _ context: RowContext, to rows: inout FinishedRows
    ) {
        let scores = categories.map { $0.inBase ? $0.score ?? 0 : nil }
        var weightedSum = 0.0, weightedSquares = 0.0
        for (total, score) in zip(totals, scores) {
            guard let score else { continue }
            weightedSum += score * total.weight
            weightedSquares += score * score * total.weight
        }
        let moments = ScoreMoments(sums: sums, scores: scores)
        rows.append(
            contentsOf: summaryRows(
                column, base: base, weightedSum: weightedSum, weightedSquares: weightedSquares, context
            ) { mean in
                self.meanEstimate(column: column, mean: mean, baseWeight: base.weight, moments: moments.ofCell)
            })
    }

    /// A ratio's design effect, as R's `svyratio(..., deff = "replace")`: its variance
    /// over that of simple random sampling with replacement, which is svytotal's of the
    /// ratio's linearized values rᵢ = (aᵢ − R bᵢ) / Σ w b over the base's n respondents:
    /// Σ w r² · Σ w / (n − 1), as the weighted mean of r is 0. A category holds one a and b.
    private static func ratioDesignEffect(
        _ ratio: RatioSpec, value: Double, error: Double, totals: [SlotTotal], base: SlotTotal, below: Double
    ) -> Double? {
        guard base.count >= 2 else { return nil }
        var squares = 0.0
        for category in Set(ratio.numerator + ratio.denominator) {
            let a = ratio.numerator.contains(category) ? 1.0 : 0
            let b = ratio.denominator.contains(category) ? 1.0 : 0
            squares += totals[category].weight * (a - value * b) * (a - value * b)
        }
        let simple = squares / (below * below) * base.weight / Double(base.count - 1)
        return simple > 0 ? error * error / simple : nil
    }

    /// A table's `ratio` row (two sums of weighted totals) and, for a ratio below 1, its inverse.
    func appendRatio(
        _ ratio: RatioSpec, _ sums: SlotSums, _ column: Column, totals: [SlotTotal], base: SlotTotal,
        _ context: RowContext, to rows: inout FinishedRows
    ) {
        let above = ratio.numerator.reduce(0.0) { $0 + totals[$1].weight }
        let below = ratio.denominator.reduce(0.0) { $0 + totals[$1].weight }
        let value = below > 0 ? above / below : nil
        let standardError = value.flatMap { value in
            self.standardError(
                ratioEstimate(
                    sums, numerator: ratio.numerator, denominator: ratio.denominator, column: column,
                    ratio: value, denominatorWeight: below, nested: false))
        }
        rows.append(
            context.row(
                column, code: "ratio", label: ratio.label, statistic: .ratio,
                value: value.map(ResultValue.real) ?? .empty, base: base, standardError: standardError,
                interval: value.flatMap { value in
                    standardError.flatMap { Intervals.ratio(value, standardError: $0) }
                },
                designEffect: value.flatMap { value in
                    standardError.flatMap {
                        Self.ratioDesignEffect(ratio, value: value, error: $0, totals: totals, base: base, below: below)
                    }
                }))
        // Reports print a ratio below 1 as its inverse, "N x less likely" (delta method for its error).
        if let value, value > 0, value < 1 {
            let inverseError = standardError.map { $0 / (value * value) }
            rows.append(
                context.row(
                    column, code: "ratio", label: ratio.label, statistic: .lessLikely, value: .real(1 / value),
                    base: base, standardError: inverseError,
                    interval: inverseError.flatMap { Intervals.ratio(1 / value, standardError: $0) }))
        }
    }

    /// The mean and standard deviation rows a table asks for, from a column's base
    /// and its weighted sums of values and squared values.
    /// - Parameter meanEstimate: the mean's linearization, given the mean.
    func summaryRows(
        _ column: Column, base: SlotTotal, weightedSum: Double, weightedSquares: Double, _ context: RowContext,
        meanEstimate: (Double) -> Linearization.Estimate?
    ) -> [FinishedRow] {
        let (n, weight) = (Double(base.count), base.weight)
        let mean = weight > 0 ? weightedSum / weight : nil
        // R survey's svyvar: the weighted mean square deviation times n/(n-1).
        let sd = mean.flatMap { mean in
            n >= 2 ? (max(0, weightedSquares / weight - mean * mean) * n / (n - 1)).squareRoot() : nil
        }
        return context.table.statistics.compactMap { statistic in
            switch statistic {
            case .mean:
                let estimate = mean.flatMap(meanEstimate)
                let error = standardError(estimate)
                // Under simple random sampling the mean's variance is svyvar / n.
                let simple = sd.map { $0 * $0 / n } ?? 0
                return FinishedRow(
                    context.row(
                        column, code: "", label: "", statistic: statistic, value: mean.map(ResultValue.real) ?? .empty,
                        base: base, standardError: error,
                        interval: mean.flatMap { mean in error.flatMap { Intervals.mean(mean, standardError: $0) } },
                        designEffect: error.flatMap { simple > 0 ? $0 * $0 / simple : nil }),
                    estimate: column.paired ? estimate : nil)
            case .standardDeviation:
                return FinishedRow(
                    context.row(
                        column, code: "", label: "", statistic: statistic, value: sd.map(ResultValue.real) ?? .empty,
                        base: base))
            case .count, .weightedCount, .percent, .rank, .ratio, .lessLikely:
                return nil
            }
        }
    }
}
