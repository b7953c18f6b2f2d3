/// Moments of a numeric answer per cell: respondents with a value, and the sums of
/// `b`, `b*b`, `b*y`, `b*y*y`, `y`, `y*y`, `b*b*y` and `b*b*y*y` over them (`b` the
/// base weight, `y` the value; `y` and `y*y` give unweighted estimates, the last two
/// the linearization variance).
///
/// While every base weight added is exactly 1, only n, Σy and Σy² are stored: the
/// other six are then the same additions of the same numbers (1·y is y, and the
/// weights and their squares are ones), so they are read from these three, bit for
/// bit what adding them would have given.
public struct NumericSums: Sendable {
    /// The number of moments kept per cell.
    static let width = 9
    /// The number of moments stored per cell while every base weight is 1: n, Σy, Σy².
    static let unitWidth = 3
    /// The number of cells.
    public let cellCount: Int
    /// Whether every base weight added so far was 1: then only `unitMoments` is kept.
    private(set) var isUnit = true
    /// n, Σy, Σy² per cell while `isUnit`; empty otherwise.
    private var unitMoments: [Double]
    /// The nine moments per cell once a base weight other than 1 was added; empty before.
    private var allMoments: [Double] = []

    /// Zero moments for `cellCount` cells.
    public init(cellCount: Int) {
        self.cellCount = cellCount
        unitMoments = Array(repeating: 0, count: cellCount * NumericSums.unitWidth)
    }

    /// Moments, nine per cell: n, Σb, Σb², Σby, Σby², Σy, Σy², Σb²y, Σb²y².
    public var moments: [Double] {
        isUnit
            ? (0..<cellCount * NumericSums.width).map { moment($0 % NumericSums.width, cell: $0 / NumericSums.width) }
            : allMoments
    }

    /// The moment at `offset` (0 to 8, in the order of `moments`) of a cell.
    @inline(__always)
    private func moment(_ offset: Int, cell: Int) -> Double {
        guard isUnit else { return allMoments[cell * NumericSums.width + offset] }
        // n, Σb, Σb² are n; Σby, Σy, Σb²y are Σy; Σby², Σy², Σb²y² are Σy².
        let stored: Int
        switch offset {
        case 0, 1, 2: stored = 0
        case 3, 5, 7: stored = 1
        default: stored = 2
        }
        return unitMoments[cell * NumericSums.unitWidth + stored]
    }

    /// Respondents with a value in a cell.
    public func count(cell: Int) -> Double { moment(0, cell: cell) }
    /// Σb in a cell.
    public func weight(cell: Int) -> Double { moment(1, cell: cell) }
    /// Σb² in a cell.
    public func squaredWeight(cell: Int) -> Double { moment(2, cell: cell) }
    /// Σby in a cell.
    public func weightedSum(cell: Int) -> Double { moment(3, cell: cell) }
    /// Σby² in a cell.
    public func weightedSumOfSquares(cell: Int) -> Double { moment(4, cell: cell) }
    /// Σy in a cell.
    public func sum(cell: Int) -> Double { moment(5, cell: cell) }
    /// Σy² in a cell.
    public func sumOfSquares(cell: Int) -> Double { moment(6, cell: cell) }
    /// Σb²y in a cell.
    public func squaredWeightSum(cell: Int) -> Double { moment(7, cell: cell) }
    /// Σb²y² in a cell.
    public func squaredWeightSumOfSquares(cell: Int) -> Double { moment(8, cell: cell) }

    /// Moments given in full, nine per cell (read back from storage).
    init(cellCount: Int, moments: [Double]) {
        self.cellCount = cellCount
        isUnit = false
        unitMoments = []
        allMoments = moments
    }

    /// Switches to storing all nine moments.
    private mutating func storeAllMoments() {
        guard isUnit else { return }
        allMoments = moments
        unitMoments = []
        isUnit = false
    }

    /// Adds the values of a batch column (NaN is no value), but of the rows whose cell is -1.
    /// - Parameter unitWeights: whether every one of `weights` is 1.
    mutating func add(
        values: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, cells: UnsafeBufferPointer<Int32>,
        unitWeights: Bool
    ) {
        precondition(values.count == cells.count && weights.count == cells.count, "one value per row")
        let cellCount = self.cellCount
        if isUnit && unitWeights {
            unitMoments.withUnsafeMutableBufferPointer { moments in
                Self.forEachValue(values, cells, cellCount: cellCount) { _, cell, y in
                    let base = cell &* NumericSums.unitWidth
                    moments[base] += 1
                    moments[base + 1] += y
                    moments[base + 2] += y * y
                }
            }
            return
        }
        storeAllMoments()
        allMoments.withUnsafeMutableBufferPointer { moments in
            Self.forEachValue(values, cells, cellCount: cellCount) { row, cell, y in
                let b = weights[row]
                let base = cell &* NumericSums.width
                moments[base] += 1
                moments[base + 1] += b
                moments[base + 2] += b * b
                moments[base + 3] += b * y
                moments[base + 4] += b * y * y
                moments[base + 5] += y
                moments[base + 6] += y * y
                moments[base + 7] += b * b * y
                moments[base + 8] += b * b * y * y
            }
        }
    }

    /// Calls `body` with the row, cell and value of every row with a value (not NaN) and a cell (not -1), in row order.
    @inline(__always)
    private static func forEachValue(
        _ values: UnsafeBufferPointer<Double>, _ cells: UnsafeBufferPointer<Int32>, cellCount: Int,
        _ body: (Int, Int, Double) -> Void
    ) {
        for row in cells.indices {
            let y = values[row]
            if y.isNaN || cells[row] < 0 { continue }
            assert(Int(cells[row]) < cellCount)
            body(row, Int(cells[row]), y)
        }
    }

    /// Adds another set of moments of the same shape.
    public mutating func merge(_ other: NumericSums) {
        precondition(other.cellCount == cellCount, "merging moments of different shapes")
        if isUnit && other.isUnit {
            for i in unitMoments.indices { unitMoments[i] += other.unitMoments[i] }
            return
        }
        storeAllMoments()
        let theirs = other.moments
        for i in allMoments.indices { allMoments[i] += theirs[i] }
    }
}

extension NumericSums: Equatable {
    /// Equal when every moment of every cell is equal, however they are stored.
    public static func == (lhs: NumericSums, rhs: NumericSums) -> Bool {
        guard lhs.cellCount == rhs.cellCount else { return false }
        if lhs.isUnit && rhs.isUnit { return lhs.unitMoments == rhs.unitMoments }
        return lhs.moments == rhs.moments
    }
}
