/// A field's sums as the table finisher reads them: counts per slot as three flat
/// arrays, made once per table, so that reading a slot is an array access whichever
/// way `CellSums` stores them.
struct SlotSums {
    /// Slots per cell.
    let width: Int
    private let counts: [Int]
    private let weights: [Double]
    private let squares: [Double]

    init(_ sums: CellSums) {
        width = sums.width
        counts = sums.counts
        weights = sums.weights
        squares = sums.squares
    }

    /// Respondents in a slot, by flat index (`cell * width + slot`).
    func count(at index: Int) -> Int { counts[index] }
    /// The sum of base weights in a slot, by flat index.
    func weight(at index: Int) -> Double { weights[index] }
    /// The sum of squared base weights in a slot, by flat index.
    func square(at index: Int) -> Double { squares[index] }
}

/// The sums of one field, read for finishing its tables.
enum FinishedSums {
    case counts(SlotSums)
    case moments(NumericSums)

    init(_ sums: FieldSums) {
        switch sums {
        case .counts(let counts): self = .counts(SlotSums(counts))
        case .moments(let moments): self = .moments(moments)
        }
    }
}
