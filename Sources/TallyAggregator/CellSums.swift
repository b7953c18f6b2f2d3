/// Sums kept per (cell, slot): respondents, their base weights, and the squares
/// of their base weights, indexed `cell * width + slot`.
///
/// Every statistic is finished from these sums once the weighting factor of each
/// cell is known, and two `CellSums` of the same shape merge by addition, so shards
/// can be aggregated separately and combined.
///
/// The three sums of a slot are stored side by side (one cache line per update,
/// not three). While every base weight added is exactly 1 only the counts are
/// stored: the sum of n weights of 1, and of their squares, is then exactly n
/// (n < 2⁵³), so `weights` and `squares` are the counts as numbers, bit for bit
/// what adding the ones would have given. The first other weight (or a merge with
/// such sums) switches to storing all three.
public struct CellSums: Sendable {
    /// Above this many slots per row of a batch, counting it in a table first costs
    /// more (the table's pass) than it saves.
    static let slotsPerRowForTable = 8

    /// The three sums of one (cell, slot).
    struct Entry: Sendable, Equatable {
        var count: Int
        var weight: Double
        var square: Double
    }

    /// Slots per cell.
    public let width: Int
    /// The number of (cell, slot) entries.
    public let slotCount: Int
    /// Whether every base weight added so far was 1: then only `unitCounts` is kept.
    private(set) var isUnit: Bool
    /// The counts while `isUnit`; empty otherwise.
    private var unitCounts: [Int]
    /// The three sums of every slot once a base weight other than 1 was added; empty before.
    private var entries: [Entry]

    /// Zero sums for `cellCount` cells of `width` slots.
    public init(cellCount: Int, width: Int) {
        self.width = width
        slotCount = cellCount * width
        isUnit = true
        unitCounts = Array(repeating: 0, count: slotCount)
        entries = []
    }

    /// Sums with all three values given per slot (read back from storage).
    init(width: Int, entries: [Entry]) {
        self.width = width
        slotCount = entries.count
        isUnit = false
        unitCounts = []
        self.entries = entries
    }

    /// Respondents, per slot.
    public var counts: [Int] { isUnit ? unitCounts : entries.map(\.count) }
    /// Sums of base weights, per slot.
    public var weights: [Double] { isUnit ? unitCounts.map(Double.init) : entries.map(\.weight) }
    /// Sums of squared base weights, per slot.
    public var squares: [Double] { isUnit ? unitCounts.map(Double.init) : entries.map(\.square) }

    /// Respondents in a slot, by flat index.
    @inline(__always)
    public func count(at index: Int) -> Int { isUnit ? unitCounts[index] : entries[index].count }
    /// The sum of base weights in a slot, by flat index.
    @inline(__always)
    public func weight(at index: Int) -> Double { isUnit ? Double(unitCounts[index]) : entries[index].weight }
    /// The sum of squared base weights in a slot, by flat index.
    @inline(__always)
    public func square(at index: Int) -> Double { isUnit ? Double(unitCounts[index]) : entries[index].square }

    /// Switches to storing all three sums: a weight sum and a square sum equal to each count.
    private mutating func storeWeights() {
        guard isUnit else { return }
        entries = unitCounts.map { Entry(count: $0, weight: Double($0), square: Double($0)) }
        unitCounts = []
        isUnit = false
    }

    /// Adds another set of sums of the same shape.
    public mutating func merge(_ other: CellSums) {
        precondition(other.width == width && other.slotCount == slotCount, "merging sums of different shapes")
        if isUnit && other.isUnit {
            for i in unitCounts.indices { unitCounts[i] &+= other.unitCounts[i] }
            return
        }
        storeWeights()
        for i in entries.indices {
            entries[i].count &+= other.count(at: i)
            entries[i].weight += other.weight(at: i)
            entries[i].square += other.square(at: i)
        }
    }

    /// Runs a kernel over these sums with the adder that fits: counts alone while
    /// every weight is 1 (`unitWeights` says whether all of `weights` are), all
    /// three sums otherwise. The kernel must only add at indices below `slotCount`,
    /// and at most once per row at any index.
    ///
    /// Counts alone are first counted in a table of 16-bit counters (a quarter of
    /// the memory the scattered increments would otherwise touch, so it stays in
    /// the first-level cache), then added to the counts in one sequential pass, at
    /// most `UInt16.max` rows at a time so no counter overflows. A batch with far
    /// fewer rows than slots adds to the counts directly instead.
    mutating func run<K: SumsKernel>(
        _ kernel: K, rowCount: Int, weights: UnsafeBufferPointer<Double>, unitWeights: Bool
    ) {
        if isUnit && unitWeights && slotCount > CellSums.slotsPerRowForTable * rowCount {
            unitCounts.withUnsafeMutableBufferPointer { counts in
                guard let base = counts.baseAddress else { return }
                kernel.run(CountAdder(counts: base), rows: 0..<rowCount)
            }
            return
        }
        if isUnit && unitWeights {
            var batchCounts = [UInt16](repeating: 0, count: slotCount)
            var start = 0
            while start < rowCount {
                let rows = start..<min(rowCount, start + Int(UInt16.max))
                batchCounts.withUnsafeMutableBufferPointer { batchCounts in
                    unitCounts.withUnsafeMutableBufferPointer { counts in
                        guard let base = batchCounts.baseAddress else { return }
                        kernel.run(CountAdder(counts: base), rows: rows)
                        for i in counts.indices {
                            counts[i] &+= Int(batchCounts[i])
                            batchCounts[i] = 0
                        }
                    }
                }
                start = rows.upperBound
            }
            return
        }
        storeWeights()
        entries.withUnsafeMutableBufferPointer { entries in
            guard let entries = entries.baseAddress, let weights = weights.baseAddress else { return }
            kernel.run(WeightedAdder(entries: entries, weights: weights), rows: 0..<rowCount)
        }
    }
}

extension CellSums: Equatable {
    /// Equal when the shapes and every slot's three sums are equal, however they are stored.
    public static func == (lhs: CellSums, rhs: CellSums) -> Bool {
        guard lhs.width == rhs.width, lhs.slotCount == rhs.slotCount else { return false }
        if lhs.isUnit && rhs.isUnit { return lhs.unitCounts == rhs.unitCounts }
        if !lhs.isUnit && !rhs.isUnit { return lhs.entries == rhs.entries }
        return (0..<lhs.slotCount).allSatisfy { i in
            lhs.count(at: i) == rhs.count(at: i) && lhs.weight(at: i) == rhs.weight(at: i)
                && lhs.square(at: i) == rhs.square(at: i)
        }
    }
}

/// Adds one respondent (a row of the batch) at a flat index of some `CellSums`.
protocol SlotAdder {
    /// Adds row `row`'s respondent at `index`.
    func add(at index: Int, row: Int)
}

/// A loop over rows of a batch that adds respondents through an adder.
protocol SumsKernel {
    /// Adds the rows in `rows`.
    func run<A: SlotAdder>(_ adder: A, rows: Range<Int>)
}

/// Counts only (every base weight is 1), in counters of type `Counter`.
struct CountAdder<Counter: FixedWidthInteger>: SlotAdder {
    let counts: UnsafeMutablePointer<Counter>

    @inline(__always)
    func add(at index: Int, row: Int) { counts[index] &+= 1 }

    /// Adds one respondent at `index` if `flag` is true, without a branch.
    @inline(__always)
    func add(at index: Int, if flag: Bool) { counts[index] &+= flag ? 1 : 0 }
}

/// All three sums, from the rows' base weights.
struct WeightedAdder: SlotAdder {
    let entries: UnsafeMutablePointer<CellSums.Entry>
    let weights: UnsafePointer<Double>

    @inline(__always)
    func add(at index: Int, row: Int) {
        let b = weights[row]
        entries[index].count &+= 1
        entries[index].weight += b
        entries[index].square += b * b
    }
}
