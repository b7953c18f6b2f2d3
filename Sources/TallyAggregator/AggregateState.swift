import TallyModel

/// The sums of one field, per cell.
public enum FieldSums: Sendable, Equatable {
    /// Categorical or multi-select answers: counts and weight sums per slot.
    case counts(CellSums)
    /// Numeric answers: moments per cell.
    case moments(NumericSums)
}

/// Everything a run has accumulated: a census of respondents per cell and the
/// sums of every table field. Its size depends on the definition only, never on
/// the number of respondents, and two states merge exactly by addition.
public struct AggregateState: Sendable, Equatable {
    /// Respondents used, per cell (width 1).
    public private(set) var census: CellSums
    /// Per distinct table field, in plan order.
    public private(set) var fields: [FieldSums]
    /// The smallest and largest base weight per cell (infinity and 0 for empty cells).
    public internal(set) var minimumBase: [Double]
    public internal(set) var maximumBase: [Double]

    init(census: CellSums, fields: [FieldSums]) {
        self.census = census
        self.fields = fields
        let cells = census.slotCount
        minimumBase = Array(repeating: .infinity, count: cells)
        maximumBase = Array(repeating: 0, count: cells)
    }

    /// Respondents accumulated.
    public var respondentCount: Int { census.counts.reduce(0, +) }

    /// Adds another state of the same plan. Merge partial states in a fixed order
    /// (e.g. input file order) so floating-point sums are the same on every run.
    public mutating func merge(_ other: AggregateState) {
        census.merge(other.census)
        for cell in minimumBase.indices {
            minimumBase[cell] = min(minimumBase[cell], other.minimumBase[cell])
            maximumBase[cell] = max(maximumBase[cell], other.maximumBase[cell])
        }
        precondition(fields.count == other.fields.count, "merging states of different plans")
        for i in fields.indices {
            switch (fields[i], other.fields[i]) {
            case (.counts(var mine), .counts(let theirs)):
                mine.merge(theirs)
                fields[i] = .counts(mine)
            case (.moments(var mine), .moments(let theirs)):
                mine.merge(theirs)
                fields[i] = .moments(mine)
            default:
                preconditionFailure("merging states of different plans")
            }
        }
    }

    /// Adds every row of a cleaned batch.
    /// - Parameter cells: each row's cell, from `plan.cellSpace.cells(of: batch)`.
    public mutating func add(_ batch: ColumnBatch, cells: [Int32], plan: AggregationPlan) {
        precondition(cells.count == batch.count && batch.baseWeights.count == batch.count, "one cell per row")
        let unitWeights = batch.baseWeights.allSatisfy { $0 == 1 }
        batch.baseWeights.withUnsafeBufferPointer { weights in
            addCensus(cells: cells, weights: weights, unitWeights: unitWeights)
            // Each distinct table filter's cells, found once for every field under it.
            let filteredCells = plan.filterPlans.map { Self.filtered(cells, by: $0, in: batch) }
            for (index, fieldPlan) in plan.fieldPlans.enumerated() {
                let cells = plan.filterOfField[index].map { filteredCells[$0] } ?? cells
                cells.withUnsafeBufferPointer { cells in
                    addField(index, fieldPlan, batch: batch, cells: cells, weights: weights, unitWeights: unitWeights)
                }
            }
        }
    }

    /// Adds every row to the sums of one field, but those whose cell is -1.
    private mutating func addField(
        _ index: Int, _ fieldPlan: AggregationPlan.FieldPlan, batch: ColumnBatch, cells: UnsafeBufferPointer<Int32>,
        weights: UnsafeBufferPointer<Double>, unitWeights: Bool
    ) {
        switch fieldPlan {
        case .categorical(let slot, let categoryCount):
            let codes = batch.categorical[slot]
            precondition(codes.count == batch.count, "one code per row")
            fields[index].withCounts { sums in
                codes.withUnsafeBufferPointer { codes in
                    sums.run(
                        CodesKernel(codes: codes, cells: cells, width: sums.width, missingSlot: categoryCount),
                        rowCount: cells.count, weights: weights, unitWeights: unitWeights)
                }
            }
        case .multi(let slot, let optionCount, let netMasks):
            let (mentioned, answered) = (batch.mentioned[slot], batch.answered[slot])
            precondition(mentioned.count == batch.count && answered.count == batch.count, "one mask per row")
            fields[index].withCounts { sums in
                mentioned.withUnsafeBufferPointer { mentioned in
                    answered.withUnsafeBufferPointer { answered in
                        netMasks.withUnsafeBufferPointer { netMasks in
                            sums.run(
                                SelectionsKernel(
                                    mentioned: mentioned, answered: answered, cells: cells,
                                    width: sums.width, optionCount: optionCount, netMasks: netMasks),
                                rowCount: cells.count, weights: weights, unitWeights: unitWeights)
                        }
                    }
                }
            }
        case .numeric(let slot):
            let values = batch.numeric[slot]
            precondition(values.count == batch.count, "one value per row")
            fields[index].withMoments { sums in
                values.withUnsafeBufferPointer { values in
                    sums.add(values: values, weights: weights, cells: cells, unitWeights: unitWeights)
                }
            }
        }
    }

    /// Adds every row to the census and to the smallest and largest base weight of its cell.
    private mutating func addCensus(cells: [Int32], weights: UnsafeBufferPointer<Double>, unitWeights: Bool) {
        let cellCount = minimumBase.count
        precondition(maximumBase.count == cellCount && census.slotCount == cellCount, "one census entry per cell")
        cells.withUnsafeBufferPointer { cells in
            precondition(cells.allSatisfy { 0 <= $0 && Int($0) < cellCount }, "a row's cell is out of range")
            census.run(CellKernel(cells: cells), rowCount: cells.count, weights: weights, unitWeights: unitWeights)
            minimumBase.withUnsafeMutableBufferPointer { minimum in
                maximumBase.withUnsafeMutableBufferPointer { maximum in
                    for row in cells.indices {
                        let cell = Int(cells[row])
                        minimum[cell] = min(minimum[cell], weights[row])
                        maximum[cell] = max(maximum[cell], weights[row])
                    }
                }
            }
        }
    }
}

extension FieldSums {
    /// Runs `body` on the counts, taken out of `self` meanwhile so that their
    /// buffers are uniquely referenced and updated in place, never copied.
    @inline(__always)
    mutating func withCounts(_ body: (inout CellSums) -> Void) {
        guard case .counts(var sums) = self else { preconditionFailure("state does not match its plan") }
        self = .counts(CellSums(cellCount: 0, width: 0))
        body(&sums)
        self = .counts(sums)
    }

    /// Runs `body` on the moments, taken out of `self` meanwhile (as `withCounts`).
    @inline(__always)
    mutating func withMoments(_ body: (inout NumericSums) -> Void) {
        guard case .moments(var sums) = self else { preconditionFailure("state does not match its plan") }
        self = .counts(CellSums(cellCount: 0, width: 0))
        body(&sums)
        self = .moments(sums)
    }
}

extension AggregateState {
    /// The cells of a batch with rows outside a table filter marked -1 (skipped).
    static func filtered(_ cells: [Int32], by filter: AggregationPlan.FilterPlan, in batch: ColumnBatch) -> [Int32] {
        var kept = cells
        kept.withUnsafeMutableBufferPointer { kept in
            switch filter {
            case .categories(let slot, let members):
                let codes = batch.categorical[slot]
                precondition(codes.count == kept.count, "one code per row")
                members.withUnsafeBufferPointer { members in
                    for row in kept.indices {
                        let code = codes[row]
                        if code == CategoryCode.missing || !members[Int(code)] { kept[row] = -1 }
                    }
                }
            case .options(let slot, let mask):
                let mentioned = batch.mentioned[slot]
                precondition(mentioned.count == kept.count, "one mask per row")
                for row in kept.indices where mentioned[row] & mask == 0 { kept[row] = -1 }
            }
        }
        return kept
    }
}
