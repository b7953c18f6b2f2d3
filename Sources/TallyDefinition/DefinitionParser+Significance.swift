import TallyModel

/// `significance` and `low_base`: column tests and low-base rules.
extension DefinitionParser {
    func parseSignificance(_ value: YAMLValue) throws -> SignificanceSpec {
        let map = try value.mapping(
            allowed: ["levels", "correction", "minimum_base", "method", "compare"], what: "significance")
        var spec = SignificanceSpec()
        if let levelsValue = map.optional("levels") {
            let items = try levelsValue.nonEmptyList(example: "[0.95, 0.99]")
            guard items.count <= 2 else {
                throw levelsValue.error(
                    "\(items.count) levels given; write one or two confidence levels, e.g. [0.95] or [0.95, 0.99]")
            }
            var levels: [Double] = []
            for item in items {
                let level = try item.number()
                guard level > 0.5, level < 1 else {
                    throw item.error(
                        "level \(Phrase.number(level)) is out of range; write a confidence level above 0.5 and below 1, e.g. 0.95"
                    )
                }
                if let previous = levels.last, level <= previous {
                    throw item.error(
                        "level \(Phrase.number(level)) is not above \(Phrase.number(previous)); write the levels in increasing order, e.g. [0.95, 0.99]"
                    )
                }
                levels.append(level)
            }
            spec.levels = levels
        }
        if let correctionValue = map.optional("correction") {
            spec.correction = try choice(correctionValue, what: "correction", of: SignificanceSpec.Correction.self)
        }
        if let methodValue = map.optional("method") {
            spec.method = try choice(methodValue, what: "method", of: SignificanceSpec.Method.self)
        }
        if let compareValue = map.optional("compare") {
            var items = [compareValue]
            if case .sequence = compareValue.node { items = try compareValue.nonEmptyList(example: "[columns, rest]") }
            var comparisons: [SignificanceSpec.Comparison] = []
            for item in items {
                let comparison = try choice(item, what: "comparison", of: SignificanceSpec.Comparison.self)
                guard !comparisons.contains(comparison) else {
                    throw item.error("'\(comparison.rawValue)' is listed twice; write each comparison once")
                }
                comparisons.append(comparison)
            }
            spec.compare = comparisons
        }
        if let baseValue = map.optional("minimum_base") {
            let base = try baseValue.number()
            guard base.isFinite, base >= 0 else {
                throw baseValue.error(
                    "minimum_base is \(Phrase.number(base)); write the smallest base of a tested column, 0 or more (default: the low_base flag threshold)"
                )
            }
            spec.minimumBase = base
        }
        return spec
    }

    /// One of an enumeration's raw values, or an error listing them.
    private func choice<Choice: RawRepresentable & CaseIterable>(
        _ value: YAMLValue, what: String, of type: Choice.Type
    ) throws -> Choice where Choice.RawValue == String {
        let text = try value.text()
        guard let choice = Choice(rawValue: text) else {
            throw value.error(
                "unknown \(what) '\(text)'; use \(Phrase.alternatives(Choice.allCases.map(\.rawValue)))")
        }
        return choice
    }

    func parseLowBase(_ value: YAMLValue) throws -> LowBaseSpec {
        let map = try value.mapping(allowed: ["flag", "suppress", "base"], what: "low_base")
        var spec = LowBaseSpec()
        func threshold(_ key: String) throws -> Double? {
            guard let item = map.optional(key) else { return nil }
            let number = try item.number()
            guard number.isFinite, number >= 0 else {
                throw item.error(
                    "\(key) is \(Phrase.number(number)); write a base size of 0 or more, e.g. \(key == "flag" ? 100 : 30)"
                )
            }
            return number
        }
        if let flag = try threshold("flag") { spec.flag = flag }
        if let suppress = try threshold("suppress") { spec.suppress = suppress }
        guard spec.flag >= spec.suppress else {
            let culprit = try map.optional("suppress") ?? map.required("flag")
            throw culprit.error(
                "suppress (\(Phrase.number(spec.suppress))) is above flag (\(Phrase.number(spec.flag))); flag must be at least suppress, e.g. {flag: 100, suppress: 30}"
            )
        }
        if let baseValue = map.optional("base") {
            spec.base = try choice(baseValue, what: "base", of: LowBaseSpec.Measure.self)
        }
        return spec
    }
}
