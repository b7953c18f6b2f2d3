import TallyModel

/// Turns an aggregate state and the weighting factor of each cell into the tidy
/// result rows of every table, in definition order: table, banner, column, row,
/// statistic.
public struct TableFinisher: Sendable {
    /// A banner column: its code, label and the cells it gathers.
    struct Column {
        var code: String
        var label: String
        var cells: [Int]
        /// The test letter; empty for the total.
        var letter = ""
        /// Whether its estimates are kept for the design-based tests of their differences.
        var paired = false
        /// Whether it may share respondents with the banner's other columns (the options of
        /// a multi-answer field): its estimates then keep their moments per cell, for the
        /// respondents a pair has in common.
        var overlapping = false
        /// Its sums per answer slot when already known (a rest: the whole sample's less
        /// its column's); worked out from its cells otherwise.
        var totals: [SlotTotal]?
        /// The answers whose percentages alone it has (a rest for the report's profiles,
        /// which show the key statistics); every row when nil.
        var onlyAnswers: Set<String>?

        /// Whether its rows include an answer's.
        func includes(_ answer: String) -> Bool { onlyAnswers?.contains(answer) ?? true }
    }

    /// Sums of one answer slot over a column's cells, weighted by the cells' factors.
    struct SlotTotal {
        var count = 0
        var weight = 0.0
        var squares = 0.0

        mutating func add(_ other: SlotTotal) {
            count += other.count
            weight += other.weight
            squares += other.squares
        }

        /// These sums less a part of them.
        func removing(_ part: SlotTotal) -> SlotTotal {
            SlotTotal(count: count - part.count, weight: weight - part.weight, squares: squares - part.squares)
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
        finished(ofTable: tableIndex, state: state, cellFactors: cellFactors).rows
    }

    /// The rows of the definition's `tableIndex`-th table with the linearizations of
    /// their percentages and means, which the column tests read, and the tests of
    /// independence of a categorical table and each banner.
    public func finished(ofTable tableIndex: Int, state: AggregateState, cellFactors: [Double]) -> FinishedRows {
        precondition(cellFactors.count == plan.cellSpace.cellCount, "one factor per cell")
        let definition = plan.definition
        let table = definition.tables[tableIndex]
        var rows = FinishedRows(linearization: linearization)
        guard let field = definition.field(named: table.field) else { return rows }
        let sums = FinishedSums(state.fields[plan.sumsOfTable[tableIndex]])
        for bannerName in table.banners {
            guard let banner = definition.banner(named: bannerName) else { continue }
            let context = RowContext(banner: banner.name, table: table)
            let rests = rest(banner.name, in: table)
            var everyone: [SlotTotal]?
            let columns = columns(of: banner)
            if Self.testsIndependence(table, of: field), case .counts(let counts) = sums,
                let test = independence(
                    of: field, counts, columns: columns.filter { !$0.letter.isEmpty }, factors: cellFactors,
                    context: context)
            {
                rows.independence.append(test)
            }
            for column in columns {
                let first = rows.rows.count
                append(column, of: field, sums, cellFactors, context, to: &rows)
                guard rests.made, !column.letter.isEmpty else { continue }
                var restColumn = Self.rest(of: column, cellCount: plan.cellSpace.cellCount)
                restColumn.onlyAnswers = rests.answers
                if case .counts(let counts) = sums {
                    let all =
                        everyone
                        ?? totals(
                            counts, Column(code: "", label: "", cells: Array(0..<plan.cellSpace.cellCount)), cellFactors
                        )
                    everyone = all
                    restColumn.totals = zip(all, totals(counts, column, cellFactors)).map { $0.removing($1) }
                }
                var rest = FinishedRows(linearization: linearization)
                append(restColumn, of: field, sums, cellFactors, context, to: &rest)
                let positions = Dictionary(
                    (first..<rows.rows.count).map { (rows.rows[$0].rowCode + "\u{1}" + rows.rows[$0].statistic, $0) },
                    uniquingKeysWith: { first, _ in first })
                for index in rest.rows.indices {
                    let row = rest.rows[index]
                    if let position = positions[row.rowCode + "\u{1}" + row.statistic] {
                        rows.setRest(rest.finishedRow(at: index), of: position)
                    }
                }
            }
        }
        return rows
    }

    /// Whether the weights are grossed up to a population total: weighted counts are
    /// then estimated totals, with standard errors.
    var grossedUp: Bool { !unweighted && plan.definition.weighting?.population != nil }

    /// Whether the column tests compare each column of a banner with the rest of the
    /// sample in a table, and for which answers: every one (nil) as the definition's
    /// tests ask; for the report's profiles, the percentages of their banner's key
    /// statistics (whose markers they are).
    private func rest(_ banner: String, in table: Table) -> (made: Bool, answers: Set<String>?) {
        let definition = plan.definition
        guard !unweighted else { return (false, nil) }
        if definition.significance.compare.contains(.rest) { return (true, nil) }
        guard let report = definition.report, report.profiles == banner else { return (false, nil) }
        let answers = Set(report.keyStatistics.filter { $0.table == table.name }.map(\.row))
        return (!answers.isEmpty, answers)
    }

    /// A column's rows, as its field's kind has them.
    private func append(
        _ column: Column, of field: Field, _ sums: FinishedSums, _ factors: [Double], _ context: RowContext,
        to rows: inout FinishedRows
    ) {
        switch (field.kind, sums) {
        case (.multi(let spec), .counts(let counts)):
            appendMulti(spec, counts, column, factors, context, to: &rows)
        case (.numeric, .moments(let moments)), (.count, .moments(let moments)):
            appendNumeric(moments, column, factors, context, to: &rows)
        case (_, .counts(let counts)):
            appendCategorical(field, counts, column, factors, context, to: &rows)
        default:
            preconditionFailure("sums of the wrong kind for '\(field.name)'")
        }
    }

    /// The rest of the sample beside a column: every cell outside it.
    private static func rest(of column: Column, cellCount: Int) -> Column {
        var inColumn = Array(repeating: false, count: cellCount)
        for cell in column.cells { inColumn[cell] = true }
        return Column(
            code: ColumnDifference.rest, label: "", cells: (0..<cellCount).filter { !inColumn[$0] },
            paired: column.paired)
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
            // A category's cells; a multi-answer field's option's: every pattern mentioning it.
            var answers = field.categories.map { (code: $0.code, label: $0.label) }
            let multi = space.dimensions[dimension].options > 0
            if case .multi(let spec) = field.kind { answers = spec.options.map { ($0.column, $0.label) } }
            var members = Array(repeating: [Int](), count: answers.count)
            for cell in 0..<space.cellCount {
                guard let digit = space.category(of: cell, in: dimension) else { continue }
                if multi {
                    for option in answers.indices where digit & (1 << option) != 0 { members[option].append(cell) }
                } else {
                    members[digit].append(cell)
                }
            }
            for (index, (answer, cells)) in zip(answers, members).enumerated() {
                columns.append(
                    Column(
                        code: answer.code, label: answer.label, cells: cells, letter: ColumnTests.letter(index),
                        paired: plan.definition.significance.method == .design, overlapping: multi))
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

    struct RowContext {
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
        /// - Parameter percentEstimate: the linearization of a percentage's share, given the share.
        func answerRows(
            _ column: Column, code: String, label: String, total: SlotTotal, base: SlotTotal, hasPercent: Bool,
            rank: Int? = nil, percentEstimate: (Double) -> Linearization.Estimate?,
            countEstimate: () -> Linearization.Estimate?, finisher: TableFinisher
        ) -> [FinishedRow] {
            guard column.includes(code) else { return [] }
            return table.statistics.compactMap { statistic in
                guard column.onlyAnswers == nil || statistic == .percent else { return nil }
                switch statistic {
                case .count:
                    return FinishedRow(
                        row(
                            column, code: code, label: label, statistic: statistic, value: .integer(total.count),
                            base: base))
                case .weightedCount:
                    // An estimated population total, with its error, when the weights are grossed up.
                    let error = finisher.grossedUp ? finisher.standardError(countEstimate()) : nil
                    return FinishedRow(
                        row(
                            column, code: code, label: label, statistic: statistic, value: .real(total.weight),
                            base: base, standardError: error,
                            interval: error.flatMap { Intervals.mean(total.weight, standardError: $0) }))
                case .percent:
                    guard hasPercent else { return nil }
                    guard base.weight > 0 else {
                        return FinishedRow(
                            row(column, code: code, label: label, statistic: statistic, value: .empty, base: base))
                    }
                    let share = total.weight / base.weight
                    // Not 100 * share: the percentage keeps the rounding it has always had.
                    let percent = 100 * total.weight / base.weight
                    let estimate = percentEstimate(share)
                    let error = finisher.standardError(estimate).map { 100 * $0 }
                    // Under simple random sampling the share's variance is p(1 - p)/(n - 1):
                    // R's svyvar of a 0/1 answer, p(1 - p) n/(n - 1), over n.
                    let simple = base.count >= 2 ? share * (1 - share) / Double(base.count - 1) : 0
                    return FinishedRow(
                        row(
                            column, code: code, label: label, statistic: statistic, value: .real(percent), base: base,
                            standardError: error,
                            interval: error.flatMap { Intervals.percent(percent, standardError: $0) },
                            designEffect: error.flatMap { simple > 0 ? $0 * $0 / 10_000 / simple : nil }),
                        estimate: column.paired ? estimate : nil)
                case .rank:
                    guard let rank else { return nil }
                    return FinishedRow(
                        row(column, code: code, label: label, statistic: statistic, value: .integer(rank), base: base))
                case .mean, .standardDeviation, .ratio, .lessLikely:
                    return nil
                }
            }
        }
    }

    private func appendCategorical(
        _ field: Field, _ sums: SlotSums, _ column: Column, _ factors: [Double], _ context: RowContext,
        to rows: inout FinishedRows
    ) {
        let totals = column.totals ?? totals(sums, column, factors)
        let categories = field.categories
        var base = SlotTotal()
        for (index, category) in categories.enumerated() where category.inBase {
            base.add(totals[index])
        }
        let baseSlots = categories.indices.filter { categories[$0].inBase }
        func estimate(_ slots: [Int]) -> (Double) -> Linearization.Estimate? {
            { share in
                ratioEstimate(
                    sums, numerator: slots, denominator: baseSlots, column: column, ratio: share,
                    denominatorWeight: base.weight, nested: true)
            }
        }
        let ranks = Self.ranks(categories.indices.map { categories[$0].inBase ? totals[$0].weight : nil })
        for (index, category) in categories.enumerated() {
            rows.append(
                contentsOf: context.answerRows(
                    column, code: category.code, label: category.label, total: totals[index], base: base,
                    hasPercent: category.inBase, rank: base.weight > 0 ? ranks[index] : nil,
                    percentEstimate: estimate([index]),
                    countEstimate: { totalEstimate(sums, slots: [index], column: column) }, finisher: self))
        }
        for (position, net) in field.nets.enumerated() {
            var total = SlotTotal()
            for member in net.members {
                total.add(totals[member])
            }
            let inBase = net.members.allSatisfy { categories[$0].inBase }
            rows.append(
                contentsOf: context.answerRows(
                    column, code: "net\(position + 1)", label: net.label, total: total, base: base, hasPercent: inBase,
                    percentEstimate: estimate(net.members),
                    countEstimate: { totalEstimate(sums, slots: net.members, column: column) }, finisher: self))
        }
        guard column.onlyAnswers == nil else { return }
        if let ratio = context.table.ratio, context.table.statistics.contains(.ratio) {
            appendRatio(ratio, sums, column, totals: totals, base: base, context, to: &rows)
        }
        if context.table.statistics.contains(where: { $0 == .mean || $0 == .standardDeviation }) {
            appendScores(categories, sums, column, totals: totals, base: base, context, to: &rows)
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
        to rows: inout FinishedRows
    ) {
        let totals = column.totals ?? totals(sums, column, factors)
        let base = totals[sums.width - 1]
        func estimate(_ slot: Int) -> (Double) -> Linearization.Estimate? {
            { share in
                ratioEstimate(
                    sums, numerator: [slot], denominator: [sums.width - 1], column: column, ratio: share,
                    denominatorWeight: base.weight, nested: true)
            }
        }
        let ranks = Self.ranks(spec.options.indices.map { totals[$0].weight })
        for (index, option) in spec.options.enumerated() {
            rows.append(
                contentsOf: context.answerRows(
                    column, code: option.column, label: option.label, total: totals[index], base: base,
                    hasPercent: true,
                    rank: base.weight > 0 ? ranks[index] : nil, percentEstimate: estimate(index),
                    countEstimate: { totalEstimate(sums, slots: [index], column: column) }, finisher: self))
        }
        for (position, net) in spec.nets.enumerated() {
            let slot = spec.options.count + position
            rows.append(
                contentsOf: context.answerRows(
                    column, code: "net\(position + 1)", label: net.label, total: totals[slot], base: base,
                    hasPercent: true,
                    percentEstimate: estimate(slot),
                    countEstimate: { totalEstimate(sums, slots: [slot], column: column) }, finisher: self))
        }
    }

    private func appendNumeric(
        _ sums: NumericSums, _ column: Column, _ factors: [Double], _ context: RowContext,
        to rows: inout FinishedRows
    ) {
        guard column.onlyAnswers == nil else { return }
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
        rows.append(
            contentsOf: summaryRows(
                column, base: base, weightedSum: weightedSum, weightedSquares: weightedSquares, context
            ) { mean in
                self.meanEstimate(column: column, mean: mean, baseWeight: weight, moments: sums.moments)
            })
    }

}
