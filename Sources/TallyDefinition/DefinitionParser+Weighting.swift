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
    }

    func parseWeighting(_ value: YAMLValue, fields: FieldRegistry) throws -> WeightingSpec {
        let map = try value.mapping(
            allowed: ["tolerance", "max_sweeps", "caps", "limits", "margins"], what: "weighting")

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
        return WeightingSpec(
            margins: margins.map(\.margin), tolerance: tolerance, maxSweeps: maxSweeps, caps: caps, limits: limits)
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

    // MARK: Margins

    static let marginKeys = ["field", "within", "targets", "type", "total", "missing", "source", "assumption"]

    func parseMargins(_ value: YAMLValue, fields: FieldRegistry) throws -> [DeclaredMargin] {
        var margins: [DeclaredMargin] = []
        for item in try value.nonEmptyList(example: "- {field: gender, targets: {M: 0.49, F: 0.51}}") {
            margins.append(try parseMargin(item, fields: fields, earlier: margins))
        }
        return margins
    }

    /// One entry of `margins`; `earlier` are the margins before it.
    func parseMargin(
        _ value: YAMLValue, fields: FieldRegistry, earlier: [DeclaredMargin]
    ) throws
        -> DeclaredMargin
    {
        let map = try value.mapping(allowed: Self.marginKeys, what: "a margin")
        let fieldValue = try map.required("field", hint: "name the categorical field to rake, e.g. field: gender")
        let field = try categoricalField(fieldValue, fields: fields, role: "weighting field")

        var group: (field: Field, shares: [Double])?
        if let withinValue = map.optional("within") {
            let withinField = try categoricalField(withinValue, fields: fields, role: "'within' field")
            guard withinField.name != field.name else {
                throw withinValue.error(
                    "field '\(field.name)' cannot be raked within itself; name another field's earlier margin, or leave 'within' out"
                )
            }
            let plain = earlier.filter { $0.margin.within == nil }
            guard let groupMargin = plain.first(where: { $0.margin.field == withinField.name }) else {
                let names = plain.map(\.margin.field)
                let available =
                    names.isEmpty
                    ? "no plain margin comes before this one" : "earlier plain margins: \(Phrase.list(names))"
                throw withinValue.error(
                    "'within: \(withinField.name)' needs an earlier margin of field '\(withinField.name)' without 'within', whose targets give the group shares; \(available)"
                )
            }
            group = (withinField, groupMargin.margin.targets)
        }
        if let first = earlier.first(where: { $0.margin.field == field.name && $0.margin.within == group?.field.name })
        {
            let how = group.map { "within '\($0.field.name)' " } ?? "as a plain margin "
            throw fieldValue.error(
                "field '\(field.name)' is already raked \(how)by \(first.keyPath); rake each field once, with one set of targets"
            )
        }

        var type = TargetType.shares
        if let typeValue = map.optional("type") {
            let text = try typeValue.text()
            guard let known = TargetType(rawValue: text) else {
                throw typeValue.error(
                    "unknown target type '\(text)'; write \(Phrase.alternatives(TargetType.allCases.map(\.rawValue))) (shares sum to 1, percent to 100, counts are normalised)"
                )
            }
            type = known
        }
        var total: (value: Double, keyPath: String)?
        if let totalValue = map.optional("total") {
            guard type == .counts else {
                throw totalValue.error(
                    "'total' applies only to type: counts (the population the counts add up to); this margin's targets are \(type.noun)"
                )
            }
            let number = try totalValue.number()
            guard number > 0, number.isFinite else {
                throw totalValue.error(
                    "total is \(Phrase.number(number)); write the positive count the targets add up to")
            }
            total = (number, totalValue.keyPath)
        }

        let targetsHint =
            group.map { "give every code of '\($0.field.name)' a map of targets for the codes of '\(field.name)'" }
            ?? "give every code of '\(field.name)' a target, e.g. {\(Self.exampleTargets(field))}"
        let targetsValue = try map.required("targets", hint: targetsHint)
        let targets: [Double]
        if let group {
            targets = try parseNestedTargets(
                targetsValue, field: field, groupField: group.field, groupShares: group.shares, type: type,
                total: total)
        } else {
            let numbers = try parseTargetMap(targetsValue, field: field, type: type, nestedHint: true)
            targets = try normalise(numbers, at: targetsValue, type: type, total: total, field: field)
        }

        let missingValue = map.optional("missing")
        let imputeMissing = try missingValue.flatMap { try parseMissing($0, field: field) }
        if let other = earlier.first(where: {
            $0.margin.field == field.name && $0.margin.imputeMissing != imputeMissing
        }) {
            let describe = { (index: Int?) in Self.missingTreatment(index, field: field) }
            throw (missingValue ?? fieldValue).error(
                "field '\(field.name)' is raked by \(other.keyPath) with \(describe(other.margin.imputeMissing)), but here with \(describe(imputeMissing)); a respondent has one value of '\(field.name)', so give every margin of it the same 'missing'"
            )
        }

        let source = try map.optional("source")?.text("a description of where the targets come from") ?? ""
        let assumption = try map.optional("assumption")?.bool() ?? false
        return DeclaredMargin(
            margin: Margin(
                field: field.name, within: group?.field.name, targets: targets, isAssumption: assumption,
                source: source, imputeMissing: imputeMissing),
            keyPath: value.keyPath)
    }

    /// `missing`: `reject` (the default) or `{impute: CODE}` with a code of the margin's own field.
    /// - Returns: the imputed category's index, or nil for `reject`.
    private func parseMissing(_ value: YAMLValue, field: Field) throws -> Int? {
        let codes = field.categories.map(\.code)
        let choices =
            "write missing: reject (the default: respondents without a valid '\(field.name)' are rejected) or missing: {impute: \(codes[0])} (they are weighted as if they had that code of '\(field.name)')"
        if case .mapping = value.node {
            let map = try value.mapping(allowed: ["impute"], what: "'missing'")
            let codeValue = try map.required(
                "impute", hint: "name the code of '\(field.name)' to weight them as, e.g. {impute: \(codes[0])}")
            let code = try codeValue.text("a code")
            guard let index = codes.firstIndex(of: code) else {
                throw codeValue.error(
                    "'\(code)' is not a code of field '\(field.name)'; impute one of its codes: \(Phrase.list(codes)) (written exactly as declared)"
                )
            }
            return index
        }
        let text = try value.text("'reject' or {impute: CODE}")
        guard text == "reject" else {
            throw value.error("unknown missing-value treatment '\(text)'; \(choices)")
        }
        return nil
    }

    /// `missing: reject` or `missing: {impute: C}`, for messages.
    static func missingTreatment(_ index: Int?, field: Field) -> String {
        guard let index else { return "missing: reject" }
        return "missing: {impute: \(field.categories[index].code)}"
    }

    /// A reference to a single, scale or derived bins field.
    private func categoricalField(_ value: YAMLValue, fields: FieldRegistry, role: String) throws -> Field {
        let entry = try fields.entry(referencedBy: value)
        guard entry.field.isCategorical else {
            let categorical = fields.fields.filter(\.field.isCategorical).map(\.field.name)
            throw value.error(
                "\(role) '\(entry.field.name)' is \(entry.field.kind.described); raking uses the categories of a single, scale or derived bins field (\(Phrase.list(categorical)))"
            )
        }
        return entry.field
    }

    /// `C: 0.77, B: 0.23` for messages.
    static func exampleTargets(_ field: Field) -> String {
        let codes = field.categories.map(\.code)
        return codes.prefix(3).map { "\($0): ..." }.joined(separator: ", ") + (codes.count > 3 ? ", ..." : "")
    }
}

extension Phrase {
    /// A computed number rounded for reading (`0.95`, not `0.9500000000000001`).
    package static func sum(_ value: Double) -> String {
        String(format: "%.12g", value)
    }
}
