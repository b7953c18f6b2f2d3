import TallyModel

/// The weighting stage: rakes the cell table to the definition's targets and
/// checks the weights against its limits.
public struct Weighter: Sendable {
    /// What weighting produced.
    public struct Result: Sendable {
        public var weights: CellWeights
        /// Nil when the definition declares no weighting.
        public var raking: RakingOutcome?
        /// The most and least a respondent's final weight is, and its mean.
        public var minimumWeight: Double
        public var maximumWeight: Double
        public var meanWeight: Double
    }

    public let definition: PipelineDefinition
    public let cellSpace: CellSpace

    public init(definition: PipelineDefinition, cellSpace: CellSpace) {
        self.definition = definition
        self.cellSpace = cellSpace
    }

    /// Weights the cells.
    /// - Parameters:
    ///   - counts: respondents per cell.
    ///   - weights: Σ base weight per cell.
    ///   - squares: Σ base weight² per cell.
    ///   - minimumBase, maximumBase: the smallest and largest base weight per cell
    ///     (for the range of final weights).
    /// - Throws: `TallyError.badData` when raking fails or a limit is broken.
    public func weigh(
        counts: [Int], weights: [Double], squares: [Double], minimumBase: [Double], maximumBase: [Double]
    ) throws -> Result {
        let location = DataLocation(file: definition.sourcePath)
        var raking: RakingOutcome? = nil
        var factors = Array(repeating: 1.0, count: counts.count)
        if let spec = definition.weighting {
            let outcome = try Raking.rake(
                cellWeights: weights, margins: spec.margins.map(rakingMargin), tolerance: spec.tolerance,
                maxSweeps: spec.maxSweeps, caps: spec.caps, location: location)
            raking = outcome
            factors = Self.grossedUp(outcome.factors, weights: weights, to: spec.population)
        }
        let cellWeights = CellWeights(factors: factors, counts: counts, weights: weights, squares: squares)
        var low = Double.infinity, high = 0.0
        for cell in counts.indices where counts[cell] > 0 {
            low = min(low, factors[cell] * minimumBase[cell])
            high = max(high, factors[cell] * maximumBase[cell])
        }
        let result = Result(
            weights: cellWeights, raking: raking, minimumWeight: low.isFinite ? low : 0, maximumWeight: high,
            meanWeight: cellWeights.respondents > 0 ? cellWeights.sumOfWeights / Double(cellWeights.respondents) : 0)
        if let limits = definition.weighting?.limits { try check(result, against: limits, location: location) }
        return result
    }

    /// The factors scaled so that the weights add up to `population` (raking to shares
    /// keeps the base weights' total, so this is the same as raking to the targets as
    /// totals of the population); unchanged without one.
    static func grossedUp(_ factors: [Double], weights: [Double], to population: Double?) -> [Double] {
        guard let population else { return factors }
        let total = zip(factors, weights).reduce(0.0) { $0 + $1.0 * $1.1 }
        guard total > 0 else { return factors }
        return factors.map { $0 * population / total }
    }

    /// Per raking margin, the category of every cell (-1 for none): the model the
    /// linearization's standard errors project on. Empty without weighting.
    public var marginCategories: [[Int]] {
        (definition.weighting?.margins ?? []).map { rakingMargin($0).categoryOfCell }
    }

    /// The margin's category for every cell of the cell space.
    func rakingMargin(_ margin: Margin) -> RakingMargin {
        guard let fieldDimension = cellSpace.dimension(of: margin.field),
            let field = definition.field(named: margin.field)
        else { preconditionFailure("weighting field '\(margin.field)' is not in the cell space") }
        let categoryCount = field.categories.count
        var labels = field.categories.map(\.label)
        var groupDimension: Int? = nil
        var name = margin.field
        if let within = margin.within, let group = definition.field(named: within) {
            groupDimension = cellSpace.dimension(of: within)
            name = "\(margin.field) within \(within)"
            labels = group.categories.flatMap { group in field.categories.map { "\($0.label) in \(group.label)" } }
        }
        // Respondents without the field stay only where a margin imputes a category for them.
        let groupImputed = definition.weighting?.margins.first { $0.field == margin.within && $0.imputeMissing != nil }?
            .imputeMissing
        let categoryOfCell = (0..<cellSpace.cellCount).map { cell -> Int in
            guard let category = cellSpace.category(of: cell, in: fieldDimension) ?? margin.imputeMissing else {
                return -1
            }
            guard let groupDimension else { return category }
            guard let group = cellSpace.category(of: cell, in: groupDimension) ?? groupImputed else { return -1 }
            return group * categoryCount + category
        }
        return RakingMargin(name: name, labels: labels, categoryOfCell: categoryOfCell, targets: margin.targets)
    }

    private func check(_ result: Result, against limits: WeightLimits, location: DataLocation) throws {
        if let minimum = limits.minimumEfficiency, result.weights.efficiency < minimum {
            throw TallyError.badData(
                location,
                "weighting efficiency \(result.weights.efficiency) is below the definition's minimum of \(minimum)")
        }
        if let maximum = limits.maximumWeight, result.meanWeight > 0, result.maximumWeight / result.meanWeight > maximum
        {
            throw TallyError.badData(
                location,
                "the largest weight is \(result.maximumWeight / result.meanWeight) times the mean, above the definition's maximum of \(maximum)"
            )
        }
        if let maximum = limits.maximumMarginError, let error = result.raking?.marginError, error > maximum {
            throw TallyError.badData(
                location,
                "the weighted margins are \(error) from their targets, above the definition's maximum of \(maximum)")
        }
    }
}
