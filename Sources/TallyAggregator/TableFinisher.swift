import TallyModel

/// Turns an aggregate state and the weighting factor of each cell into the tidy
/// result rows of every table, in definition order: table, banner, column, row,
/// statistic.
public struct TableFinisher: Sendable {
    /// A banner column: its code, label and the cells it gathers.
    private struct Column {
        var code: String
        var label: String
        var cells: [Int]
        /// The test letter; empty for the total.
        var letter = ""
    }

    /// Sums of one answer slot over a column's cells, weighted by the cells' factors.
    private struct SlotTotal {
        var count = 0
        var weight = 0.0
        var squares = 0.0

        mutating func add(_ other: SlotTotal) {
            count += other.count
            weight += other.weight
            squares += other.squares
        }

        /// Kish's effective base, (Σw)² / Σw².
        var effective: Double { squares > 0 ? weight * weight / squares : 0 }
    }

    public let plan: AggregationPlan
    /// When true every respondent counts 1: base weights and cell factors are ignored.
    public let unweighted: Bool
    /// Standard errors come from it; without it rows carry none.
    public let linearization: Linearization?

    /// - Parameters:
    ///   - unweighted: finish unweighted estimates (every respondent counts 1), e.g.
    ///     to show what weighting changes; they carry no standard errors.
    ///   - linearization: the design's linearization, for standard errors and intervals.
    public init(plan: AggregationPlan, unweighted: Bool = false, linearization: Linearization? = nil) {
        self.plan = plan
        self.unweighted = unweighted
        self.linearization = unweighted ? nil : linearization
    }

    /// The rows of the definition's `tableIndex`-th table: tables are finished
    /// independently, so they can be finished at once and joined in order.
    /// - Parameter cellFactors: the weighting factor of each cell (1 where unweighted);
    ///   a respondent's weight is its base weight times its cell's factor.
    public func rows(ofTable tableIndex: Int, state: AggregateState, cellFactors: [Double]) -> [ResultRow] {
        precondition(cellFactors.count == plan.cellSpace.cellCount, "one factor per cell")
        let definition = plan.definition
        let table = definition.tables[tableIndex]
        guard let field = definition.field(named: table.field) else { return [] }
        let sums = FinishedSums(state.fields[plan.sumsOfTable[tableIndex]])
        var rows: [ResultRow] = []
        for bannerName in table.banners {
            guard let banner = definition.banner(named: bannerName) else { continue }
            let context = RowContext(banner: banner.name, table: table)
            for column in columns(of: banner) {
                switch (field.kind, sums) {
                case (.multi(let spec), .counts(let counts)):
                    appendMulti(spec, counts, column, cellFactors, context, to: &rows)
                case (.numeric, .moments(let moments)), (.count, .moments(let moments)):
                    appendNumeric(moments, column, cellFactors, context, to: &rows)
                case (_, .counts(let counts)):
                    appendCategorical(field, counts, column, cellFactors, context, to: &rows)
                default:
                    preconditionFailure("sums of the wrong kind for '\(field.name)'")
                }
            }
        }
        return rows
    }

    // MARK: - Columns

    private func columns(of banner: Banner) -> [Column] {
        let space = plan.cellSpace
        var columns: [Column] = []
        if let total = banner.totalLabel {
            columns.append(Column(code: "total", label: total, cells: Array(0..<space.cellCount)))
        }
        if let fieldName = banner.field, let field = plan.definition.field(named: fieldName),
            let dimension = space.dimension(of: fieldName)
        {
            var members = Array(repeating: [Int](), count: field.categories.count)
            for cell in 0..<space.cellCount {
                if let category = space.category(of: cell, in: dimension) { members[category].append(cell) }
            }
            for (index, (category, cells)) in zip(field.categories, members).enumerated() {
                columns.append(
                    Column(code: category.code, label: category.label, cells: cells, letter: ColumnTests.letter(index)))
            }
        }
        return columns
    }

    /// Totals of every slot over a column's cells.
    private func totals(_ sums: SlotSums, _ column: Column, _ factors: [Double]) -> [SlotTotal] {
        var totals = Array(repeating: SlotTotal(), count: sums.width)
        for cell in column.cells {
            let factor = factors[cell]
            let first = cell * sums.width
            for slot in 0..<sums.width {
                let count = sums.count(at: first + slot)
                totals[slot].count += count
                if unweighted {
                    totals[slot].weight += Double(count)
                    totals[slot].squares += Double(count)
                } else {
                    totals[slot].weight += factor * sums.weight(at: first + slot)
                    totals[slot].squares += factor * factor * sums.square(at: first + slot)
                }
            }
        }
        return totals
    }

    // MARK: - Rows per field kind

    private struct RowContext {
        var banner: String
        var table: Table

        func row(
            _ column: Column, code: String, label: String, statistic: Statistic, value: ResultValue,
            base: SlotTotal, standardError: Double? = nil, interval: ClosedRange<Double>? = nil,
            designEffect: Double? = nil
        ) -> ResultRow {
            ResultRow(
                banner: banner, table: table.name, question: table.questionKey, columnCode: column.code,
                column: column.label, rowCode: code, row: label, statistic: statistic.rawValue, value: value,
                unweightedBase: base.count, weightedBase: base.weight, effectiveBase: base.effective,
                standardError: standardError, interval: interval, columnLetter: column.letter,
                designEffect: designEffect)
        }

        /// The count, weighted count, percentage and rank rows of one answer, as the table asks.
        /// - Parameter percentError: the standard error, in points, of a percentage.
        func answerRows(
            _ column: Column, code: String, label: String, total: SlotTotal, base: SlotTotal, hasPercent: Bool,
            rank: Int? = nil, percentError: (Double) -> Double?
        ) -> [ResultRow] {
            table.statistics.compactMap { statistic in
                switch statistic {
                case .count:
                    return row(
                        column, code: code, label: label, statistic: statistic, value: .integer(total.count), base: base
                    )
                case .weightedCount:
                    return row(
                        column, code: code, label: label, statistic: statistic, value: .real(total.weight), base: base)
                case .percent:
                    guard hasPercent else { return nil }
                    guard base.weight > 0 else {
                        return row(column, code: code, label: label, statistic: statistic, value: .empty, base: base)
                    }
                    let share = total.weight / base.weight
                    // Not 100 * share: the percentage keeps the rounding it has always had.
                    let percent = 100 * total.weight / base.weight
                    let error = percentError(share)
                    // Under simple random sampling the share's variance is p(1 - p)/(n - 1):
                    // R's svyvar of a 0/1 answer, p(1 - p) n/(n - 1), over n.
                    let simple = base.count >= 2 ? share * (1 - share) / Double(base.count - 1) : 0
                    return row(
                        column, code: code, label: label, statistic: statistic, value: .real(percent), base: base,
                        standardError: error, interval: error.flatMap { Intervals.percent(percent, standardError: $0) },
                        designEffect: error.flatMap { simple > 0 ? $0 * $0 / 10_000 / simple : nil })
                case .rank:
                    guard let rank else { return nil }
                    return row(
                        column, code: code, label: label, statistic: statistic, value: .integer(rank), base: base)
                case .mean, .standardDeviation, .ratio, .lessLikely:
                    return nil
                }
            }
        }
    }

    private func appendCategorical(
        _ field: Field, _ sums: SlotSums, _ column: Column, _ factors: [Double], _ context: RowContext,
        to rows: inout [ResultRow]
    ) {
        let totals = totals(sums, column, factors)
        let categories = field.categories
        var base = SlotTotal()
        for (index, category) in categories.enumerated() where category.inBase {
            base.add(totals[index])
        }
        let baseSlots = categories.indices.filter { categories[$0].inBase }
        func error(_ slots: [Int]) -> (Double) -> Double? {
            { share in
                ratioError(
                    sums, numerator: slots, denominator: baseSlots, cells: column.cells, ratio: share,
                    denominatorWeight: base.weight, nested: true
                ).map { 100 * $0 }
            }
        }
        let ranks = Self.ranks(categories.indices.map { categories[$0].inBase ? totals[$0].weight : nil })
        for (index, category) in categories.enumerated() {
            rows += context.answerRows(
                column, code: category.code, label: category.label, total: totals[index], base: base,
                hasPercent: category.inBase, rank: base.weight > 0 ? ranks[index] : nil, percentError: error([index]))
        }
        for (position, net) in field.nets.enumerated() {
            var total = SlotTotal()
            for member in net.members {
                total.add(totals[member])
            }
            let inBase = net.members.allSatisfy { categories[$0].inBase }
            rows += context.answerRows(
                column, code: "net\(position + 1)", label: net.label, total: total, base: base, hasPercent: inBase,
                percentError: error(net.members))
        }
        if let ratio = context.table.ratio, context.table.statistics.contains(.ratio) {
            appendRatio(ratio, sums, column, totals: totals, base: base, context, to: &rows)
        }
        if context.table.statistics.contains(where: { $0 == .mean || $0 == .standardDeviation }) {
            appendScores(categories, sums, column, totals: totals, base: base, context, to: &rows)
        }
    }

    /// A scale's mean score and standard deviation over its base: each answer in the
    /// base counts its `score` (the definition checked that each has one).
    private func appendScores(
        _ categories: [Category], _ sums: SlotSums, _ column: Column, totals: [SlotTotal], base: SlotTotal,
        _ context: RowContext, to rows: inout [ResultRow]
    ) {
        let scores = categories.map { $0.inBase ? $0.score ?? 0 : nil }
        var weightedSum = 0.0, weightedSquares = 0.0
        for (total, score) in zip(totals, scores) {
            guard let score else { continue }
            weightedSum += score * total.weight
            weightedSquares += score * score * total.weight
        }
        let moments = ScoreMoments(sums: sums, scores: scores)
        rows += summaryRows(
            column, base: base, weightedSum: weightedSum, weightedSquares: weightedSquares, context
        ) { mean in
            self.meanError(cells: column.cells, mean: mean, baseWeight: base.weight, moments: moments.ofCell)
        }
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
    private func appendRatio(
        _ ratio: RatioSpec, _ sums: SlotSums, _ column: Column, totals: [SlotTotal], base: SlotTotal,
        _ context: RowContext, to rows: inout [ResultRow]
    ) {
        let above = ratio.numerator.reduce(0.0) { $0 + totals[$1].weight }
        let below = ratio.denominator.reduce(0.0) { $0 + totals[$1].weight }
        let value = below > 0 ? above / below : nil
        let standardError = value.flatMap { value in
            ratioError(
                sums, numerator: ratio.numerator, denominator: ratio.denominator, cells: column.cells, ratio: value,
                denominatorWeight: below, nested: false)
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

    /// Competition ranks ("1224") of weighted totals, highest first; nil totals
    /// (answers outside the base) get no rank.
    static func ranks(_ totals: [Double?]) -> [Int?] {
        totals.map { total in
            guard let total else { return nil }
            return 1 + totals.count { other in other.map { $0 > total } ?? false }
        }
    }

    private func appendMulti(
        _ spec: MultiSelectSpec, _ sums: SlotSums, _ column: Column, _ factors: [Double], _ context: RowContext,
        to rows: inout [ResultRow]
    ) {
        let totals = totals(sums, column, factors)
        let base = totals[sums.width - 1]
        func error(_ slot: Int) -> (Double) -> Double? {
            { share in
                ratioError(
                    sums, numerator: [slot], denominator: [sums.width - 1], cells: column.cells, ratio: share,
                    denominatorWeight: base.weight, nested: true
                ).map { 100 * $0 }
            }
        }
        let ranks = Self.ranks(spec.options.indices.map { totals[$0].weight })
        for (index, option) in spec.options.enumerated() {
            rows += context.answerRows(
                column, code: option.column, label: option.label, total: totals[index], base: base, hasPercent: true,
                rank: base.weight > 0 ? ranks[index] : nil, percentError: error(index))
        }
        for (position, net) in spec.nets.enumerated() {
            let slot = spec.options.count + position
            rows += context.answerRows(
                column, code: "net\(position + 1)", label: net.label, total: totals[slot], base: base, hasPercent: true,
                percentError: error(slot))
        }
    }

    private func appendNumeric(
        _ sums: NumericSums, _ column: Column, _ factors: [Double], _ context: RowContext,
        to rows: inout [ResultRow]
    ) {
        var n = 0.0, weight = 0.0, squares = 0.0, weightedSum = 0.0, weightedSquares = 0.0
        for cell in column.cells {
            let factor = factors[cell]
            n += sums.count(cell: cell)
            if unweighted {
                weight += sums.count(cell: cell)
                squares += sums.count(cell: cell)
                weightedSum += sums.sum(cell: cell)
                weightedSquares += sums.sumOfSquares(cell: cell)
            } else {
                weight += factor * sums.weight(cell: cell)
                squares += factor * factor * sums.squaredWeight(cell: cell)
                weightedSum += factor * sums.weightedSum(cell: cell)
                weightedSquares += factor * sums.weightedSumOfSquares(cell: cell)
            }
        }
        let base = SlotTotal(count: Int(n), weight: weight, squares: squares)
        rows += summaryRows(
            column, base: base, weightedSum: weightedSum, weightedSquares: weightedSquares, context
        ) { mean in
            self.meanError(cells: column.cells, mean: mean, baseWeight: weight, moments: sums.moments)
        }
    }

    /// The mean and standard deviation rows a table asks for, from a column's base
    /// and its weighted sums of values and squared values.
    /// - Parameter meanError: the mean's standard error, given the mean.
    private func summaryRows(
        _ column: Column, base: SlotTotal, weightedSum: Double, weightedSquares: Double, _ context: RowContext,
        meanError: (Double) -> Double?
    ) -> [ResultRow] {
        let (n, weight) = (Double(base.count), base.weight)
        let mean = weight > 0 ? weightedSum / weight : nil
        // R survey's svyvar: the weighted mean square deviation times n/(n-1).
        let sd = mean.flatMap { mean in
            n >= 2 ? (max(0, weightedSquares / weight - mean * mean) * n / (n - 1)).squareRoot() : nil
        }
        return context.table.statistics.compactMap { statistic in
            switch statistic {
            case .mean:
                let error = mean.flatMap(meanError)
                // Under simple random sampling the mean's variance is svyvar / n.
                let simple = sd.map { $0 * $0 / n } ?? 0
                return context.row(
                    column, code: "", label: "", statistic: statistic, value: mean.map(ResultValue.real) ?? .empty,
                    base: base, standardError: error,
                    interval: mean.flatMap { mean in error.flatMap { Intervals.mean(mean, standardError: $0) } },
                    designEffect: error.flatMap { simple > 0 ? $0 * $0 / simple : nil })
            case .standardDeviation:
                return context.row(
                    column, code: "", label: "", statistic: statistic, value: sd.map(ResultValue.real) ?? .empty,
                    base: base)
            case .count, .weightedCount, .percent, .rank, .ratio, .lessLikely:
                return nil
            }
        }
    }
}
