import TallyModel

// The test of independence of a categorical table and a banner: the cells' joint
// shares over the table's base with a column, their covariance from the design's
// linearization, and Rao-Scott's corrections of Pearson's chi-square.
extension TableFinisher {
    /// Whether a table gets tests of independence: its field holds one category per
    /// respondent and it shows its answers' counts or percentages.
    static func testsIndependence(_ table: Table, of field: Field) -> Bool {
        field.isCategorical && table.statistics.contains { [.count, .weightedCount, .percent].contains($0) }
    }

    /// The test of independence of a table's answers in the base and a banner's
    /// lettered `columns` (the total is not one of them).
    func independence(
        of field: Field, _ sums: SlotSums, columns: [Column], factors: [Double], context: RowContext
    ) -> IndependenceTest? {
        guard let linearization, !columns.isEmpty else { return nil }
        let answers = field.categories.indices.filter { field.categories[$0].inBase }
        let table = JointTable(sums, answers: answers, columns: columns, factors: factors)
        let rows = table.rows.indices.filter { table.rowTotals[$0] > 0 }
        let kept = table.columns.indices.filter { table.columnTotals[$0] > 0 }
        var test = IndependenceTest(
            banner: context.banner, table: context.table.name, question: context.table.questionKey,
            rows: rows.count, columns: kept.count, respondents: table.respondents,
            emptyRows: table.rows.indices.filter { table.rowTotals[$0] <= 0 }.map { field.categories[answers[$0]].code },
            emptyColumns: table.columns.indices.filter { table.columnTotals[$0] <= 0 }.map { columns[$0].code })
        guard rows.count >= 2 else {
            test.undefined = .fewerThanTwoRows
            return test
        }
        guard kept.count >= 2 else {
            test.undefined = .fewerThanTwoColumns
            return test
        }
        let shares = table.shares(rows: rows, columns: kept)
        guard let covariance = table.covariance(rows: rows, columns: kept, shares: shares, linearization) else {
            test.undefined = .noVariance
            return test
        }
        test.statistics = RaoScott(
            shares: shares, rows: rows.count, columns: kept.count, covariance: covariance,
            respondents: table.respondents, designRespondents: linearization.respondents)
        if test.statistics == nil { test.undefined = .noVariance }
        return test
    }
}

/// A categorical table's sums by answer and column over the table's base: per cell
/// of the design (Σ b, Σ b²) and, weighted by the cells' factors, per answer and column.
private struct JointTable {
    let sums: SlotSums
    /// The answer slots (rows) and the columns.
    let rows: [Int]
    let columns: [TableFinisher.Column]
    let factors: [Double]
    /// Σ w and Σ w² of each answer in each column, at `row * columns.count + column`.
    var weights: [Double]
    var squares: [Double]
    var rowTotals: [Double]
    var columnTotals: [Double]
    var respondents = 0

    init(_ sums: SlotSums, answers: [Int], columns: [TableFinisher.Column], factors: [Double]) {
        self.sums = sums
        rows = answers
        self.columns = columns
        self.factors = factors
        weights = Array(repeating: 0, count: answers.count * columns.count)
        squares = weights
        rowTotals = Array(repeating: 0, count: answers.count)
        columnTotals = Array(repeating: 0, count: columns.count)
        for (c, column) in columns.enumerated() {
            for cell in column.cells {
                let g = factors[cell]
                for (r, slot) in answers.enumerated() {
                    let index = cell * sums.width + slot
                    respondents += sums.count(at: index)
                    weights[r * columns.count + c] += g * sums.weight(at: index)
                    squares[r * columns.count + c] += g * g * sums.square(at: index)
                }
            }
        }
        for r in answers.indices {
            for c in columns.indices {
                rowTotals[r] += weights[r * columns.count + c]
                columnTotals[c] += weights[r * columns.count + c]
            }
        }
    }

    /// The joint shares of the kept answers and columns' cells, row by row.
    func shares(rows kept: [Int], columns keptColumns: [Int]) -> [Double] {
        let total = kept.reduce(0.0) { $0 + rowTotals[$1] }
        return kept.flatMap { r in keptColumns.map { c in weights[r * columns.count + c] / total } }
    }

    /// The covariance matrix of the shares under the design, or nil when a share has
    /// no linearization.
    ///
    /// Share k's influence values are u = (1{k} − p_k) / W over the tested respondents;
    /// before the regression, Σ zᵏ zˡ = (δ_kl S_k + p_k p_l S − p_l S_k − p_k S_l) / W²,
    /// with S_k = Σ w² in cell k and S over every tested respondent.
    func covariance(
        rows kept: [Int], columns keptColumns: [Int], shares: [Double], _ linearization: Linearization
    ) -> [Double]? {
        let total = kept.reduce(0.0) { $0 + rowTotals[$1] }
        let cellsOfTable = kept.flatMap { r in keptColumns.map { c in (row: r, column: c) } }
        let squaresOfCell = cellsOfTable.map { squares[$0.row * columns.count + $0.column] }
        let allSquares = squaresOfCell.reduce(0, +)
        // Σ b and Σ b² of the tested respondents in each cell of the design.
        var domain: [Int: (b: Double, bb: Double)] = [:]
        for c in keptColumns {
            for cell in columns[c].cells {
                var sum = (b: 0.0, bb: 0.0)
                for r in kept {
                    sum.b += sums.weight(at: cell * sums.width + rows[r])
                    sum.bb += sums.square(at: cell * sums.width + rows[r])
                }
                if sum.b > 0 { domain[cell] = sum }
            }
        }
        var estimates: [Linearization.Paired] = []
        for (k, place) in cellsOfTable.enumerated() {
            let p = shares[k]
            let inside = columns[place.column].cells.compactMap { cell in
                let index = cell * sums.width + rows[place.row]
                return Self.influence(
                    cell, all: domain[cell], b: sums.weight(at: index), bb: sums.square(at: index), p: p, total: total)
            }
            let outside = keptColumns.filter { $0 != place.column }.flatMap { columns[$0].cells }.compactMap {
                Self.influence($0, all: domain[$0], b: 0, bb: 0, p: p, total: total)
            }
            guard let estimate = linearization.estimate(inside + outside, paired: true) else { return nil }
            estimates.append(linearization.paired(estimate))
        }
        let count = cellsOfTable.count
        var raw = Array(repeating: 0.0, count: count * count)
        for k in 0..<count {
            for l in 0..<count {
                let own = k == l ? squaresOfCell[k] : 0
                raw[k * count + l] =
                    (own + shares[k] * shares[l] * allSquares - shares[l] * squaresOfCell[k] - shares[k]
                        * squaresOfCell[l]) / (total * total)
            }
        }
        let matrix = linearization.covariances(estimates, rawProducts: raw)
        return matrix.allSatisfy(\.isFinite) ? matrix : nil
    }

    /// A design cell's sums of u = (1{k} − p) / W, given the tested respondents' Σ b
    /// and Σ b² in it (`all`; nil: none) and those in cell k (`b`, `bb`).
    private static func influence(
        _ cell: Int, all: (b: Double, bb: Double)?, b: Double, bb: Double, p: Double, total: Double
    ) -> Linearization.CellInfluence? {
        guard let all else { return nil }
        return Linearization.CellInfluence(
            cell: cell, u: (b - p * all.b) / total, bu2: (bb - p * all.bb) / total,
            b2u2: (bb * (1 - 2 * p) + p * p * all.bb) / (total * total))
    }
}
