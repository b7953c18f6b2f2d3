import Foundation
import TallyModel
import Yams

/// `weighting`: the raking targets and the rules the weights must satisfy.
extension DefinitionParser {
    /// The tolerance when `tolerance` is not given.
    static let defaultTolerance = 1e-9
    /// The sweep limit when `max_sweeps` is not given.
    static let defaultMaxSweeps = 100
    /// The largest `max_sweeps` accepted.
    static let maximumSweeps = 100_000

    /// How a margin's targets are written.
    enum TargetType: String, CaseIterable {
        case shares, percent, counts

        /// What the numbers of one set of targets must add up to, or nil for counts without a total.
        var expectedSum: Double? {
            switch self {
            case .shares: return 1
            case .percent: return 100
            case .counts: return nil
            }
        }

        /// How far the sum may be from `expectedSum`, absolutely.
        var sumTolerance: Double { self == .percent ? 1e-4 : 1e-6 }

        /// The largest single target, or nil for counts.
        var ceiling: Double? { expectedSum }

        /// The plural noun for messages: `shares`, `percentages`, `counts`.
        var noun: String {
            switch self {
            case .shares: return "shares"
            case .percent: return "percentages"
            case .counts: return "counts"
            }
        }
    }

    /// A parsed margin and the key path of its declaration.
    struct DeclaredMargin {
        var margin: Margin
        var keyPath: String
        /// What its targets add up to when they are counts.
        var countTotal: Double?
    }

    func parseWeighting(_ value: YAMLValue, fields: FieldRegistry) throws -> WeightingSpec {
        let map = try value.mapping(
            allowed: ["tolerance", "max_sweeps", "caps", "limits", "margins", "population"], what: "weighting")

        var tolerance = Self.defaultTolerance
        if let toleranceValue = map.optional("tolerance") {
            tolerance = try toleranceValue.number()
            guard tolerance > 0, tolerance < 0.1 else {
                throw toleranceValue.error(
                    "tolerance is \(Phrase.number(tolerance)); write a number above 0 and below 0.1, the largest distance accepted between a weighted share and its target (e.g. 1.0e-9)"
                )
            }
        }

        var maxSweeps = Self.defaultMaxSweeps
        if let sweepsValue = map.optional("max_sweeps") {
            let sweeps = try sweepsValue.number()
            guard sweeps == sweeps.rounded(), (1...Double(Self.maximumSweeps)).contains(sweeps) else {
                throw sweepsValue.error(
                    "max_sweeps is \(Phrase.number(sweeps)); write a whole number from 1 to \(Self.maximumSweeps)")
            }
            maxSweeps = Int(sweeps)
        }

        let caps = try map.optional("caps").map(parseCaps)
        let limits = try map.optional("limits").map(parseLimits) ?? WeightLimits()
        let margins = try parseMargins(
            map.required(
                "margins", hint: "list the margins to rake to, e.g. - {field: gender, targets: {M: 0.49, F: 0.51}}"),
            fields: fields)
        let population = try map.optional("population").map { try parsePopulation($0, margins: margins) }
        return WeightingSpec(
            margins: margins.map(\.margin), tolerance: tolerance, maxSweeps: maxSweeps, caps: caps, limits: limits,
            population: population)
    }

    /// `population: N`, or `population: counts` for the total the counts targets add up to.
    private func parsePopulation(_ value: YAMLValue, margins: [DeclaredMargin]) throws -> Double {
        if case .scalar(let scalar) = value.node, scalar.string == "counts" {
            let counted = margins.filter { $0.countTotal != nil }
            guard let first = counted.first, let total = first.countTotal else {
                throw value.error(
                    "population: counts takes the total the counts targets add up to, but no margin has type: counts; write the population as a number, e.g. population: 250000"
                )
            }
            if let other = counted.first(where: { abs(($0.countTotal ?? 0) - total) > 1e-6 * total }) {
                throw value.error(
                    "the counts targets add up to \(Phrase.sum(total)) at \(first.keyPath) but \(Phrase.sum(other.countTotal ?? 0)) at \(other.keyPath); for population: counts every counts margin must add up to the same population"
                )
            }
            return total
        }
        let number = try value.number()
        guard number > 0, number.isFinite else {
            throw value.error(
                "population is \(Phrase.number(number)); write the positive population total the weights add up to, e.g. 250000, or 'counts' for the counts targets' total"
            )
        }
        return number
    }

    // MARK: Caps and limits

    /// `caps: {min, max}`: bounds on final weight / base weight, `0 < min <= 1 <= max`.
    func parseCaps(_ value: YAMLValue) throws -> WeightCaps {
        let map = try value.mapping(allowed: ["min", "max"], what: "caps")
        let minValue = try map.required("min", hint: "the smallest adjustment allowed, e.g. min: 0.4")
        let maxValue = try map.required("max", hint: "the largest adjustment allowed, e.g. max: 2.5")
        let minimum = try minValue.number()
        let maximum = try maxValue.number()
        guard minimum <= maximum else {
            throw maxValue.error(
                "caps max \(Phrase.number(maximum)) is below caps min \(Phrase.number(minimum)); min must not exceed max (e.g. {min: 0.4, max: 2.5})"
            )
        }
        guard minimum > 0, minimum <= 1 else {
            throw minValue.error(
                "caps min is \(Phrase.number(minimum)); write a number above 0 and at most 1 (raking must be able to leave a weight as it is)"
            )
        }
        guard maximum >= 1 else {
            throw maxValue.error(
                "caps max is \(Phrase.number(maximum)); write a number of at least 1 (raking must be able to leave a weight as it is)"
            )
        }
        return WeightCaps(minimum: minimum, maximum: maximum)
    }

    /// `limits`: thresholds whose breach fails the run.
    func parseLimits(_ value: YAMLValue) throws -> WeightLimits {
        let map = try value.mapping(
            allowed: ["min_efficiency", "max_weight", "max_margin_error"], what: "limits")
        var limits = WeightLimits()
        if let efficiencyValue = map.optional("min_efficiency") {
            let efficiency = try efficiencyValue.number()
            guard efficiency > 0, efficiency <= 1 else {
                throw efficiencyValue.error(
                    "min_efficiency is \(Phrase.number(efficiency)); write a number above 0 and at most 1 (the Kish efficiency, e.g. 0.5)"
                )
            }
            limits.minimumEfficiency = efficiency
        }
        if let weightValue = map.optional("max_weight") {
            let weight = try weightValue.number()
            guard weight > 1, weight.isFinite else {
                throw weightValue.error(
                    "max_weight is \(Phrase.number(weight)); write a number above 1 (the largest weight divided by the mean weight, e.g. 6)"
                )
            }
            limits.maximumWeight = weight
        }
        if let errorValue = map.optional("max_margin_error") {
            let error = try errorValue.number()
            guard error > 0, error.isFinite else {
                throw errorValue.error(
                    "max_margin_error is \(Phrase.number(error)); write a number above 0 (the largest distance between a weighted share and its target, e.g. 1.0e-6)"
                )
            }
            limits.maximumMarginError = error
        }
        return limits
    }
}

extension Phrase {
    /// A computed number rounded for reading (`0.95`, not `0.9500000000000001`).
    package static func sum(_ value: Double) -> String {
        String(format: "%.12g", value)
    }
}
