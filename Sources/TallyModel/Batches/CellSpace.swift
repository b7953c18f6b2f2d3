/// The combinations of the classifying fields (banner fields and weighting
/// variables), numbered by a mixed-radix index.
///
/// Every classifying field has a small, known domain, so a respondent's cell is
/// `sum(digit[d] * stride[d])`, with one extra digit per field for a missing
/// answer. A categorical field's digit is its category; a multi-answer banner
/// field's is the bit pattern of the options mentioned (a banner whose columns
/// overlap: a respondent is in the column of every option of the pattern).
/// Respondents in one cell share their banner columns (and their weighting
/// adjustment), so the aggregator keeps sums per cell instead of rows, and no hash
/// table is ever needed.
public struct CellSpace: Sendable, Equatable {
    /// One classifying field.
    public struct Dimension: Sendable, Equatable {
        /// The field's name.
        public var field: String
        /// Its slot in a `ColumnBatch`: categorical, or multi-answer when `options` > 0.
        public var slot: Int
        /// Its number of categories (for a multi-answer field, of option patterns:
        /// 2^options); the digit `categoryCount` stands for missing.
        public var categoryCount: Int
        /// The multiplier of this field's digit in the cell index.
        public var stride: Int
        /// A multi-answer field's options; 0 for a categorical field.
        public var options = 0
    }

    /// The most options a multi-answer banner field may have (its patterns are cells).
    public static let maximumBannerOptions = 10

    /// The largest number of cells a definition may produce.
    public static let maximumCellCount = 1 << 16

    /// The classifying fields, in definition order.
    public let dimensions: [Dimension]
    /// The number of cells (the product of the radixes).
    public let cellCount: Int

    /// The cell space over the named categorical fields.
    /// - Throws: `TallyError.definition` when the combinations exceed `maximumCellCount`.
    public init(fields names: [String], definition: PipelineDefinition, layout: ColumnLayout) throws {
        var dimensions: [Dimension] = []
        var stride = 1
        for field in definition.fields where names.contains(field.name) {
            let dimension: Dimension
            switch (layout.slot(of: field.name), field.kind) {
            case (.categorical(let slot)?, _):
                dimension = Dimension(
                    field: field.name, slot: slot, categoryCount: field.categories.count, stride: stride)
            case (.multi(let slot)?, .multi(let spec)) where spec.options.count <= CellSpace.maximumBannerOptions:
                dimension = Dimension(
                    field: field.name, slot: slot, categoryCount: 1 << spec.options.count, stride: stride,
                    options: spec.options.count)
            default:
                continue
            }
            let radix = dimension.categoryCount + 1
            dimensions.append(dimension)
            guard stride <= CellSpace.maximumCellCount / radix else {
                throw TallyError.definition(
                    file: definition.sourcePath, keyPath: "banners", line: nil,
                    message:
                        "the banner and weighting fields \(names.joined(separator: ", ")) combine into more than \(CellSpace.maximumCellCount) cells; use fewer or coarser fields"
                )
            }
            stride *= radix
        }
        self.dimensions = dimensions
        self.cellCount = stride
    }

    /// The category index of `cell` in a dimension (a multi-answer field's pattern of
    /// options mentioned), or nil where the field is missing.
    @inlinable
    public func category(of cell: Int, in dimension: Int) -> Int? {
        let d = dimensions[dimension]
        let digit = (cell / d.stride) % (d.categoryCount + 1)
        return digit == d.categoryCount ? nil : digit
    }

    /// The index of the dimension for a field, if it classifies cells.
    public func dimension(of field: String) -> Int? {
        dimensions.firstIndex { $0.field == field }
    }

    /// Computes every row's cell index.
    public func cells(of batch: ColumnBatch) -> [Int32] {
        var cells = [Int32](repeating: 0, count: batch.count)
        for dimension in dimensions where dimension.options > 0 {
            // The options mentioned, as a pattern; missing where none was answered.
            let mask = UInt64(1) << dimension.options - 1
            let (mentioned, answered) = (batch.mentioned[dimension.slot], batch.answered[dimension.slot])
            for row in 0..<cells.count {
                let digit = answered[row] & mask == 0 ? dimension.categoryCount : Int(mentioned[row] & mask)
                cells[row] &+= Int32(digit * dimension.stride)
            }
        }
        for dimension in dimensions where dimension.options == 0 {
            let missingDigit = Int32(dimension.categoryCount)
            let stride = Int32(dimension.stride)
            let codes = batch.categorical[dimension.slot]
            cells.withUnsafeMutableBufferPointer { cells in
                codes.withUnsafeBufferPointer { codes in
                    for row in 0..<cells.count {
                        let code = codes[row]
                        let digit = code == CategoryCode.missing ? missingDigit : Int32(code)
                        cells[row] &+= digit &* stride
                    }
                }
            }
        }
        return cells
    }
}
