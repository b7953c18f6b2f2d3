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
        let outcome = Self.test(table, rows: rows, columns: kept, linearization)
        return IndependenceTest(
            banner: context.banner, table: context.table.name, question: context.table.questionKey,
            rows: rows.count, columns: kept.count, respondents: table.respondents,
            emptyRows: table.rows.indices.filter { table.rowTotals[$0] <= 0 }.map {
                field.categories[answers[$0]].code
            },
            emptyColumns: table.columns.indices.filter { table.columnTotals[$0] <= 0 }.map { columns[$0].code },
            statistics: try? outcome.get(), undefined: outcome.failure)
    }

    /// The test of the kept answers and columns, or why there is none.
    private static func test(
        _ table: JointTable, rows: [Int], columns: [Int], _ linearization: Linearization
    ) -> Result<RaoScott, IndependenceTest.Undefined> {
        guard rows.count >= 2 else { return .failure(.fewerThanTwoRows) }
        guard columns.count >= 2 else { return .failure(.fewerThanTwoColumns) }
        guard !table.columns.contains(where: \.overlapping) else { return .failure(.overlappingColumns) }
        let shares = table.shares(rows: rows, columns: columns)
        guard let covariance = table.covariance(rows: rows, columns: columns, shares: shares, linearization),
            let statistics = RaoScott(
                shares: shares, rows: rows.count, columns: columns.count, covariance: covariance,
                respondents: table.respondents, designRespondents: linearization.respondents)
        else { return .failure(.noVariance) }
        return .success(statistics)
    }
}

extension Result {
    /// The error, when it failed.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A categorical table's sums by answer and column over the table's base: per cell
/// of the design (Σ b, Σ b²) and, weighted by the cells' factors, per answer and column.
private struct JointTable {
    let sums: SlotSums
    /// The answer slots (rows) and the columns.
    let rows: [Int]
    let columns: [TableFinisher.Column]
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
        weights = Array(repeating: 0, count: answers.count * columns.count)
        squares = weights
        rowTotals = Array(repeating: 0, count: answers.count)
        columnTotals = Array(repeating: 0, count: columns.count)
        // Each respondent once, though overlapping columns share cells.
        var counted = Set<Int>()
        for (c, column) in columns.enumerated() {
            for cell in column.cells {
                let g = factors[cell]
                let first = counted.insert(cell).inserted
                for (r, slot) in answers.enumerated() {
                    let index = cell * sums.width + slot
                    if first { respondents += sums.count(at: index) }
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

    /// The covariance matrix of the shares under the design, or nil when the design
    /// has fewer than two respondents or the matrix is not finite.
    ///
    /// Share k's influence values are u = (1{k} − p_k 1{tested}) / W over the tested
    /// respondents, so its linearization is that of 1{k} (its own cells) and that of
    /// 1{tested} (worked out once) combined. Before the regression, Σ zᵏ zˡ =
    /// (δ_kl S_k + p_k p_l S − p_l S_k − p_k S_l) / W², with S_k = Σ w² in cell k and S
    /// over every tested respondent.
    func covariance(
        rows kept: [Int], columns keptColumns: [Int], shares: [Double], _ linearization: Linearization
    ) -> [Double]? {
        let total = kept.reduce(0.0) { $0 + rowTotals[$1] }
        let cellsOfTable = kept.flatMap { r in keptColumns.map { c in (row: r, column: c) } }
        let squaresOfCell = cellsOfTable.map { squares[$0.row * columns.count + $0.column] }
        let allSquares = squaresOfCell.reduce(0, +)
        // 1{tested}: Σ b and Σ b² of the tested respondents in each cell of the design.
        var tested: [Linearization.CellInfluence] = []
        for c in keptColumns {
            for cell in columns[c].cells {
                let b = kept.reduce(0.0) { $0 + sums.weight(at: cell * sums.width + rows[$1]) }
                let bb = kept.reduce(0.0) { $0 + sums.square(at: cell * sums.width + rows[$1]) }
                if b > 0 { tested.append(Linearization.CellInfluence(cell: cell, u: b, bu2: bb, b2u2: bb)) }
            }
        }
        guard let everyone = linearization.linear(tested) else { return nil }
        var estimates: [Linearization.Paired] = []
        for (k, place) in cellsOfTable.enumerated() {
            let own = columns[place.column].cells.compactMap { cell -> Linearization.CellInfluence? in
                let index = cell * sums.width + rows[place.row]
                let (b, bb) = (sums.weight(at: index), sums.square(at: index))
                return b > 0 ? Linearization.CellInfluence(cell: cell, u: b, bu2: bb, b2u2: bb) : nil
            }
            guard let indicator = linearization.linear(own) else { return nil }
            estimates.append(linearization.combined(indicator, 1 / total, everyone, -shares[k] / total))
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
}
