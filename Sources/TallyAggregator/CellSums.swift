/// Sums kept per (cell, slot): respondents, their base weights, and the squares
/// of their base weights. Flat arrays indexed `cell * width + slot`.
///
/// Every statistic is finished from these sums once the weighting factor of each
/// cell is known, and two `CellSums` of the same shape merge by addition, so shards
/// can be aggregated separately and combined.
public struct CellSums: Sendable, Equatable {
    /// Slots per cell.
    public let width: Int
    /// Respondents.
    public internal(set) var counts: [Int]
    /// Sums of base weights.
    public internal(set) var weights: [Double]
    /// Sums of squared base weights.
    public internal(set) var squares: [Double]

    /// Zero sums for `cellCount` cells of `width` slots.
    public init(cellCount: Int, width: Int) {
        self.width = width
        counts = Array(repeating: 0, count: cellCount * width)
        weights = Array(repeating: 0, count: cellCount * width)
        squares = Array(repeating: 0, count: cellCount * width)
    }

    /// Adds one respondent of base weight `weight` at a flat index.
    @inline(__always)
    mutating func add(at index: Int, weight: Double) {
        counts[index] &+= 1
        weights[index] += weight
        squares[index] += weight * weight
    }

    /// Adds another set of sums of the same shape.
    public mutating func merge(_ other: CellSums) {
        precondition(other.width == width && other.counts.count == counts.count, "merging sums of different shapes")
        for i in counts.indices {
            counts[i] &+= other.counts[i]
            weights[i] += other.weights[i]
            squares[i] += other.squares[i]
        }
    }

    /// Runs `body` with unchecked views of the three arrays; for hot loops that
    /// have checked their indices against `counts.count` up front.
    @inline(__always)
    mutating func withUnsafeSums<R>(
        _ body: (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> R
    ) -> R {
        counts.withUnsafeMutableBufferPointer { counts in
            weights.withUnsafeMutableBufferPointer { weights in
                squares.withUnsafeMutableBufferPointer { squares in
                    body(counts.baseAddress!, weights.baseAddress!, squares.baseAddress!)
                }
            }
        }
    }
}
