import TallyModel

extension AggregateState {
    /// Rebuilds a state from its stored parts (a partial result read back), when
    /// they have exactly the shape of `empty`, a state of the same plan.
    ///
    /// - Returns: nil when any part has another shape than `empty`'s.
    public init?(
        census: CellSums, fields: [FieldSums], minimumBase: [Double], maximumBase: [Double],
        shapedLike empty: AggregateState
    ) {
        guard census.hasShape(of: empty.census), fields.count == empty.fields.count,
            minimumBase.count == empty.minimumBase.count, maximumBase.count == empty.maximumBase.count
        else { return nil }
        for (field, expected) in zip(fields, empty.fields) {
            switch (field, expected) {
            case (.counts(let sums), .counts(let shape)) where sums.hasShape(of: shape): continue
            case (.moments(let sums), .moments(let shape)) where sums.cellCount == shape.cellCount: continue
            default: return nil
            }
        }
        self.init(census: census, fields: fields)
        self.minimumBase = minimumBase
        self.maximumBase = maximumBase
    }
}

extension CellSums {
    /// Sums read back from storage: three flat arrays of `cells × width` entries.
    /// - Returns: nil when the arrays differ in length or do not fill whole cells.
    public init?(width: Int, counts: [Int], weights: [Double], squares: [Double]) {
        guard width > 0, counts.count % width == 0, weights.count == counts.count, squares.count == counts.count
        else { return nil }
        self.init(
            width: width,
            entries: counts.indices.map { Entry(count: counts[$0], weight: weights[$0], square: squares[$0]) })
    }

    /// Whether another set of sums has the same width and number of cells.
    func hasShape(of other: CellSums) -> Bool {
        width == other.width && slotCount == other.slotCount
    }
}

extension NumericSums {
    /// Moments read back from storage, nine per cell.
    /// - Returns: nil when the array does not fill whole cells.
    public init?(moments: [Double]) {
        guard moments.count % NumericSums.width == 0 else { return nil }
        self.init(cellCount: moments.count / NumericSums.width, moments: moments)
    }
}
