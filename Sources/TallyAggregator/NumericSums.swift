/// Moments of a numeric answer per cell: respondents with a value, and the sums of
/// `b`, `b*b`, `b*y`, `b*y*y`, `y`, `y*y`, `b*b*y` and `b*b*y*y` over them (`b` the
/// base weight, `y` the value; `y` and `y*y` give unweighted estimates, the last two
/// the linearization variance).
public struct NumericSums: Sendable, Equatable {
    /// The number of moments kept per cell.
    static let width = 9
    /// Moments, nine per cell: n, Σb, Σb², Σby, Σby², Σy, Σy², Σb²y, Σb²y².
    public internal(set) var moments: [Double]

    /// Zero moments for `cellCount` cells.
    public init(cellCount: Int) {
        moments = Array(repeating: 0, count: cellCount * NumericSums.width)
    }

    /// Respondents with a value in a cell.
    public func count(cell: Int) -> Double { moments[cell * NumericSums.width] }
    /// Σb in a cell.
    public func weight(cell: Int) -> Double { moments[cell * NumericSums.width + 1] }
    /// Σb² in a cell.
    public func squaredWeight(cell: Int) -> Double { moments[cell * NumericSums.width + 2] }
    /// Σby in a cell.
    public func weightedSum(cell: Int) -> Double { moments[cell * NumericSums.width + 3] }
    /// Σby² in a cell.
    public func weightedSumOfSquares(cell: Int) -> Double { moments[cell * NumericSums.width + 4] }
    /// Σy in a cell.
    public func sum(cell: Int) -> Double { moments[cell * NumericSums.width + 5] }
    /// Σy² in a cell.
    public func sumOfSquares(cell: Int) -> Double { moments[cell * NumericSums.width + 6] }
    /// Σb²y in a cell.
    public func squaredWeightSum(cell: Int) -> Double { moments[cell * NumericSums.width + 7] }
    /// Σb²y² in a cell.
    public func squaredWeightSumOfSquares(cell: Int) -> Double { moments[cell * NumericSums.width + 8] }

    /// Adds the values of a batch column (NaN is no value), but of the rows whose cell is -1.
    mutating func add(
        values: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, cells: UnsafeBufferPointer<Int32>
    ) {
        let cellCount = moments.count / NumericSums.width
        precondition(values.count == cells.count && weights.count == cells.count, "one value per row")
        moments.withUnsafeMutableBufferPointer { moments in
            for row in cells.indices {
                let y = values[row]
                if y.isNaN || cells[row] < 0 { continue }
                let cell = Int(cells[row])
                assert(cell < cellCount)
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

    /// Adds another set of moments of the same shape.
    public mutating func merge(_ other: NumericSums) {
        precondition(other.moments.count == moments.count, "merging moments of different shapes")
        for i in moments.indices { moments[i] += other.moments[i] }
    }
}
