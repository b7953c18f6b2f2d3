import TallyModel

// The loops that add a batch's rows to the sums of one field, in row order. They
// run over views of the batch's columns whose lengths the caller checked, and
// skip the rows whose cell is -1 (outside a table filter).

/// Adds every row at its cell (width 1): the census.
struct CellKernel: SumsKernel {
    let cells: UnsafeBufferPointer<Int32>

    @inline(__always)
    func run<A: SlotAdder>(_ adder: A, rows: Range<Int>) {
        for row in rows { adder.add(at: Int(cells[row]), row: row) }
    }
}

/// Adds categorical codes: slot = code, or `missingSlot` for a missing answer.
struct CodesKernel: SumsKernel {
    let codes: UnsafeBufferPointer<UInt16>
    let cells: UnsafeBufferPointer<Int32>
    let width: Int
    let missingSlot: Int

    @inline(__always)
    func run<A: SlotAdder>(_ adder: A, rows: Range<Int>) {
        for row in rows where cells[row] >= 0 {
            let code = codes[row]
            let slot = code == CategoryCode.missing ? missingSlot : Int(code)
            assert(slot <= missingSlot)
            adder.add(at: Int(cells[row]) &* width &+ slot, row: row)
        }
    }
}

/// Adds multi-select answers: the base slot (last) for every respondent who
/// answered any option, one slot per option mentioned and per net any of whose
/// options was mentioned.
struct SelectionsKernel: SumsKernel {
    let mentioned: UnsafeBufferPointer<UInt64>
    let answered: UnsafeBufferPointer<UInt64>
    let cells: UnsafeBufferPointer<Int32>
    let width: Int
    let optionCount: Int
    let netMasks: UnsafeBufferPointer<UInt64>

    @inline(__always)
    func run<A: SlotAdder>(_ adder: A, rows: Range<Int>) {
        if let counter = adder as? CountAdder<UInt16> {
            runWithoutBranches(counter, rows: rows)
            return
        }
        if let counter = adder as? CountAdder<Int> {
            runWithoutBranches(counter, rows: rows)
            return
        }
        let baseSlot = width - 1
        for row in rows where answered[row] != 0 && cells[row] >= 0 {
            let first = Int(cells[row]) &* width
            adder.add(at: first &+ baseSlot, row: row)
            let mentions = mentioned[row]
            var bits = mentions
            while bits != 0 {
                adder.add(at: first &+ bits.trailingZeroBitCount, row: row)
                bits &= bits &- 1
            }
            for net in netMasks.indices where mentions & netMasks[net] != 0 {
                adder.add(at: first &+ optionCount &+ net, row: row)
            }
        }
    }

    /// The same counts with every option and net slot of a row incremented by 0
    /// or 1: a fixed number of adds instead of a loop over the bits set, whose
    /// length the processor cannot predict.
    @inline(__always)
    private func runWithoutBranches<Counter>(_ counter: CountAdder<Counter>, rows: Range<Int>) {
        let baseSlot = width - 1
        for row in rows where answered[row] != 0 && cells[row] >= 0 {
            let first = Int(cells[row]) &* width
            counter.add(at: first &+ baseSlot, row: row)
            let mentions = mentioned[row]
            for option in 0..<optionCount {
                counter.add(at: first &+ option, if: (mentions &>> UInt64(option)) & 1 != 0)
            }
            for net in netMasks.indices {
                counter.add(at: first &+ optionCount &+ net, if: mentions & netMasks[net] != 0)
            }
        }
    }
}
