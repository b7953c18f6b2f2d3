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
        let cells = census.counts.count
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
        precondition(cells.count == batch.count, "one cell per row")
        census.withUnsafeSums { counts, weights, squares in
            for row in 0..<cells.count {
                let cell = Int(cells[row])
                let b = batch.baseWeights[row]
                counts[cell] &+= 1
                weights[cell] += b
                squares[cell] += b * b
            }
        }
        for row in 0..<cells.count {
            let cell = Int(cells[row])
            minimumBase[cell] = min(minimumBase[cell], batch.baseWeights[row])
            maximumBase[cell] = max(maximumBase[cell], batch.baseWeights[row])
        }
        for (index, fieldPlan) in plan.fieldPlans.enumerated() {
            let cells = plan.filterPlans[index].map { Self.filtered(cells, by: $0, in: batch) } ?? cells
            switch fieldPlan {
            case .categorical(let slot, let categoryCount):
                fields[index].withCounts { sums in
                    sums.addCodes(
                        batch.categorical[slot], missingSlot: categoryCount, cells: cells, weights: batch.baseWeights)
                }
            case .multi(let slot, let optionCount, let netMasks):
                fields[index].withCounts { sums in
                    sums.addSelections(
                        mentioned: batch.mentioned[slot], answered: batch.answered[slot], optionCount: optionCount,
                        netMasks: netMasks, cells: cells, weights: batch.baseWeights)
                }
            case .numeric(let slot):
                fields[index].withMoments { sums in
                    sums.add(values: batch.numeric[slot], weights: batch.baseWeights, cells: cells)
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
        switch filter {
        case .categories(let slot, let members):
            let codes = batch.categorical[slot]
            for row in kept.indices {
                let code = codes[row]
                if code == CategoryCode.missing || !members[Int(code)] { kept[row] = -1 }
            }
        case .options(let slot, let mask):
            let mentioned = batch.mentioned[slot]
            for row in kept.indices where mentioned[row] & mask == 0 { kept[row] = -1 }
        }
        return kept
    }
}

extension CellSums {
    /// Adds categorical codes: slot = code, or `missingSlot` for a missing answer.
    mutating func addCodes(_ codes: [UInt16], missingSlot: Int, cells: [Int32], weights: [Double]) {
        precondition(codes.count == cells.count && weights.count == cells.count)
        let width = self.width
        withUnsafeSums { counts, sums, squares in
            codes.withUnsafeBufferPointer { codes in
                for row in 0..<cells.count where cells[row] >= 0 {
                    let code = codes[row]
                    let slot = code == CategoryCode.missing ? missingSlot : Int(code)
                    assert(slot <= missingSlot)
                    let index = Int(cells[row]) &* width &+ slot
                    let b = weights[row]
                    counts[index] &+= 1
                    sums[index] += b
                    squares[index] += b * b
                }
            }
        }
    }

    /// Adds multi-select answers: the base slot (last) for every respondent who
    /// answered any option, one slot per option mentioned and per net any of whose
    /// options was mentioned.
    mutating func addSelections(
        mentioned: [UInt64], answered: [UInt64], optionCount: Int, netMasks: [UInt64], cells: [Int32],
        weights: [Double]
    ) {
        precondition(mentioned.count == cells.count && answered.count == cells.count)
        let width = self.width
        let baseSlot = width - 1
        withUnsafeSums { counts, sums, squares in
            for row in 0..<cells.count where answered[row] != 0 && cells[row] >= 0 {
                let first = Int(cells[row]) &* width
                let b = weights[row]
                let bb = b * b
                counts[first + baseSlot] &+= 1
                sums[first + baseSlot] += b
                squares[first + baseSlot] += bb
                var bits = mentioned[row]
                while bits != 0 {
                    let option = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    counts[first + option] &+= 1
                    sums[first + option] += b
                    squares[first + option] += bb
                }
                for (net, mask) in netMasks.enumerated() where mentioned[row] & mask != 0 {
                    let index = first + optionCount + net
                    counts[index] &+= 1
                    sums[index] += b
                    squares[index] += bb
                }
            }
        }
    }
}
