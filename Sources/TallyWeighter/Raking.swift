import TallyModel

/// One margin as raking sees it: the margin category of every cell, and the
/// target share of every category.
public struct RakingMargin: Sendable {
    /// A name for messages: `country`, or `generation within country`.
    public var name: String
    /// The category labels for messages.
    public var labels: [String]
    /// The category of each cell, or -1 where a cell's field is missing.
    public var categoryOfCell: [Int]
    /// Target shares per category, summing to 1.
    public var targets: [Double]

    public init(name: String, labels: [String], categoryOfCell: [Int], targets: [Double]) {
        self.name = name
        self.labels = labels
        self.categoryOfCell = categoryOfCell
        self.targets = targets
    }
}

/// How raking ended.
public struct RakingOutcome: Sendable, Equatable {
    /// The adjustment factor of each cell.
    public var factors: [Double]
    /// Sweeps run.
    public var sweeps: Int
    /// The largest distance between a weighted margin share and its target.
    public var marginError: Double
    /// The largest relative change of a factor in the last sweep.
    public var lastChange: Double
}

/// Raking (iterative proportional fitting) on the table of weighting cells.
///
/// Respondents in one cell share their adjustment, so each sweep costs the number
/// of cells, not of respondents. Without caps this is R `survey`'s `rake()`; with
/// caps `[L, U]` each adjustment is `clamp(u, L, U)` of an unbounded raking factor
/// `u`, which is the estimator of `calibrate(..., calfun = "raking", bounds = c(L, U))`:
/// each margin category's multiplier is then solved exactly so its bounded total
/// meets its target. Convergence is judged by the distance to the targets, not by
/// the change between sweeps.
public enum Raking {
    /// Rakes cells with base-weight totals `cellWeights` to the margins.
    /// - Parameters:
    ///   - cellWeights: Σ base weight per cell.
    ///   - location: where to point errors (the definition).
    /// - Throws: `TallyError.badData` when a target category has no respondents,
    ///   respondents fall in a category whose target is 0, the caps make a target
    ///   unreachable, or the margins are not met within `maxSweeps`.
    public static func rake(
        cellWeights: [Double], margins: [RakingMargin], tolerance: Double, maxSweeps: Int, caps: WeightCaps?,
        location: DataLocation
    ) throws -> RakingOutcome {
        let total = cellWeights.reduce(0, +)
        try checkSupport(cellWeights: cellWeights, margins: margins, total: total, location: location)
        // The populated cells of each margin category, found once.
        let members: [[[Int]]] = margins.map { margin in
            var cells = Array(repeating: [Int](), count: margin.targets.count)
            for (cell, category) in margin.categoryOfCell.enumerated() where category >= 0 && cellWeights[cell] > 0 {
                cells[category].append(cell)
            }
            return cells
        }
        var raw = Array(repeating: 1.0, count: cellWeights.count)
        var factors = raw
        var marginError = distance(factors, cellWeights, margins, total)
        var lastChange = 0.0
        var sweeps = 0
        while marginError > tolerance {
            guard sweeps < maxSweeps else {
                throw TallyError.badData(
                    location,
                    "raking did not converge in \(maxSweeps) sweeps: the largest margin distance is \(marginError) (tolerance \(tolerance)), the last sweep changed a weight by \(lastChange)\(caps == nil ? "" : "; the caps may not hold together with the margins")"
                )
            }
            let previous = factors
            for (margin, cellsByCategory) in zip(margins, members) {
                for (category, cells) in cellsByCategory.enumerated() {
                    let target = margin.targets[category] * total
                    let multiplier = try solveMultiplier(
                        cells: cells, raw: raw, cellWeights: cellWeights, target: target, caps: caps,
                        describe: { "\(margin.name) = \(margin.labels[category])" }, location: location)
                    for cell in cells {
                        raw[cell] *= multiplier
                        factors[cell] = bounded(raw[cell], caps)
                    }
                }
            }
            sweeps += 1
            lastChange = zip(factors, previous).reduce(0) { max($0, abs($1.0 / $1.1 - 1)) }
            marginError = distance(factors, cellWeights, margins, total)
        }
        return RakingOutcome(factors: factors, sweeps: sweeps, marginError: marginError, lastChange: lastChange)
    }

    /// Every category with a target needs respondents, and every respondent a category with a target.
    private static func checkSupport(
        cellWeights: [Double], margins: [RakingMargin], total: Double, location: DataLocation
    ) throws {
        guard total > 0 else { throw TallyError.badData(location, "no respondents to weight") }
        for margin in margins {
            var present = Array(repeating: 0.0, count: margin.targets.count)
            for (cell, category) in margin.categoryOfCell.enumerated() where cellWeights[cell] > 0 {
                guard category >= 0 else {
                    throw TallyError.badData(
                        location,
                        "respondents with no '\(margin.name)' reached weighting; they must be rejected before raking")
                }
                present[category] += cellWeights[cell]
            }
            for (category, target) in margin.targets.enumerated() {
                if target > 0 && present[category] == 0 {
                    throw TallyError.badData(
                        location,
                        "weighting target \(margin.name) = \(margin.labels[category]) is \(target * 100)% but no respondent has it"
                    )
                }
                if target == 0 && present[category] > 0 {
                    throw TallyError.badData(
                        location,
                        "respondents with \(margin.name) = \(margin.labels[category]) have no weighting target (it is 0)"
                    )
                }
            }
        }
    }

    /// The multiplier `a` with Σ b_c · clamp(u_c · a) = target over a category's cells.
    private static func solveMultiplier(
        cells: [Int], raw: [Double], cellWeights: [Double], target: Double, caps: WeightCaps?,
        describe: () -> String, location: DataLocation
    ) throws -> Double {
        if cells.isEmpty { return 1 }
        let current = cells.reduce(0.0) { $0 + cellWeights[$1] * raw[$1] }
        guard let caps else { return target / current }
        let reachable = cells.reduce(0.0) { $0 + cellWeights[$1] } * caps.maximum
        let floor = cells.reduce(0.0) { $0 + cellWeights[$1] } * caps.minimum
        guard target <= reachable * (1 + 1e-12), target >= floor * (1 - 1e-12) else {
            throw TallyError.badData(
                location,
                "the caps [\(caps.minimum), \(caps.maximum)] cannot hold together with the target of \(describe()): it needs a weighted total of \(target), the caps allow \(floor) to \(reachable)"
            )
        }
        // Σ b·clamp(u·a) is continuous and nondecreasing in a: bisect on log a.
        func bounded(total a: Double) -> Double {
            cells.reduce(0.0) { $0 + cellWeights[$1] * Raking.bounded(raw[$1] * a, caps) }
        }
        var low = target / current, high = low
        while bounded(total: low) > target { low /= 2 }
        while bounded(total: high) < target { high *= 2 }
        for _ in 0..<200 {
            let middle = (low * high).squareRoot()
            if bounded(total: middle) < target { low = middle } else { high = middle }
            if high / low - 1 < 1e-15 { break }
        }
        return (low * high).squareRoot()
    }

    @inline(__always)
    static func bounded(_ value: Double, _ caps: WeightCaps?) -> Double {
        guard let caps else { return value }
        return min(max(value, caps.minimum), caps.maximum)
    }

    /// The largest |weighted share − target share| over all margins and categories.
    static func distance(
        _ factors: [Double], _ cellWeights: [Double], _ margins: [RakingMargin], _ total: Double
    ) -> Double {
        let weighted = zip(factors, cellWeights).reduce(0.0) { $0 + $1.0 * $1.1 }
        var largest = 0.0
        for margin in margins {
            var shares = Array(repeating: 0.0, count: margin.targets.count)
            for (cell, category) in margin.categoryOfCell.enumerated() where category >= 0 {
                shares[category] += factors[cell] * cellWeights[cell]
            }
            for (share, target) in zip(shares, margin.targets) {
                largest = max(largest, abs(share / weighted - target))
            }
        }
        return largest
    }
}
