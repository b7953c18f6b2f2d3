import TallyModel
import Yams

/// `synthesis` and the fields' `synth`: how `tally synth` makes respondents.
///
/// The top-level section says how the sample is composed (the demographic fields
/// drawn first), how long interviews take and how messy the data are; each field's
/// `synth` says how its answers depend on a categorical field (`by`). A field's
/// `by` (and `asked` field) must be known when its answers are drawn, so it must be
/// sampled or declared before the field.
extension DefinitionParser {
    static let synthesisKeys = ["by", "sample", "duration", "mess"]

    /// The `mess` keys, in the order of `MessRates`.
    static let messKeys = ["blank", "duplicate", "out_of_domain", "speeder", "straight_liner", "broken_quote"]

    /// How far probabilities or shares may add up from 1 before they are normalised.
    static let probabilityTolerance = 1e-6

    /// Reads `synthesis` (nil when absent), then every field's `synth`, which it sets on the registry's fields.
    /// - Throws: also when a field has `synth` but the definition has no `synthesis`.
    func parseSynthesis(_ value: YAMLValue?, fields registry: inout FieldRegistry) throws -> SynthesisSpec? {
        guard let value else {
            if let entry = registry.fields.first(where: { $0.synthValue != nil }), let synth = entry.synthValue {
                throw synth.error(
                    "field '\(entry.field.name)' has 'synth' but the definition has no top-level 'synthesis'; add synthesis: {by: FIELD, sample: {...}} saying how the sample is composed"
                )
            }
            return nil
        }
        let map = try value.mapping(allowed: Self.synthesisKeys, what: "synthesis")
        let by = try registry.eligibleEntry(
            map.required(
                "by", hint: "name the categorical field answers are conditioned on by default, e.g. by: customer_type"),
            role: "synthesis.by field",
            needs: "answers are conditioned on the categories of a single, scale or derived bins field",
            eligible: \.field.isCategorical)
        let sample = try parseSample(
            map.required(
                "sample", hint: "give the sample's composition, e.g. sample: {customer_type: {C: 0.6, B: 0.4}}"),
            fields: registry)
        let duration = try map.optional("duration").map { try parseDuration($0, fields: registry) }
        let mess = try map.optional("mess").map(parseMess) ?? .defaults
        let spec = SynthesisSpec(by: by.field.name, sample: sample, duration: duration, mess: mess)

        for (index, entry) in registry.fields.enumerated() {
            guard let synth = entry.synthValue else { continue }
            let synthesis = try parseFieldSynthesis(synth, fieldAt: index, spec: spec, fields: registry)
            registry.setSynthesis(synthesis, at: index)
        }
        return spec
    }

    // MARK: Sample

    /// `sample`: each sampled categorical field and its shares, in the order they are drawn.
    private func parseSample(_ value: YAMLValue, fields: FieldRegistry) throws -> [SampleShares] {
        let entries = try value.codeKeyedEntries(
            keyRole: "a field name",
            expected: "a map from each sampled field to its shares, e.g. {customer_type: {C: 0.6, B: 0.4}}")
        guard !entries.isEmpty else {
            throw value.error(
                "the sample is empty; give the shares of at least one categorical field, e.g. {customer_type: {C: 0.6, B: 0.4}}"
            )
        }
        var samples: [SampleShares] = []
        for (key, sharesValue) in entries {
            let field = try fields.eligibleEntry(
                key.at, role: "sampled field",
                needs: "the sample is drawn by the categories of single, scale or derived bins fields",
                eligible: \.field.isCategorical
            ).field
            if case .bins(let spec) = field.kind,
                let bin = spec.bins.first(where: { !$0.lower.isFinite || !$0.upper.isFinite })
            {
                throw key.at.error(
                    "bin '\(bin.category.code)' of '\(field.name)' is unbounded, so '\(spec.source)' cannot be drawn uniformly within it; give the bins of a sampled field finite min and max"
                )
            }
            samples.append(try parseSampleShares(sharesValue, field: field, earlier: samples, fields: fields))
        }
        return samples
    }

    /// A sampled field's shares: `{code: share}` or `{within: FIELD, shares: {group: {code: share}}}`.
    private func parseSampleShares(
        _ value: YAMLValue, field: Field, earlier: [SampleShares], fields: FieldRegistry
    ) throws -> SampleShares {
        let codes = field.categories.map(\.code)
        var isNested = false
        if case .mapping(let mapping) = value.node {
            isNested = mapping.keys.contains { key in
                let name = key.scalar?.string ?? ""
                return (name == "within" || name == "shares") && !codes.contains(name)
            }
        }
        guard isNested else {
            return SampleShares(field: field.name, within: nil, shares: try parseShares(value, field: field))
        }
        let map = try value.mapping(allowed: ["within", "shares"], what: "nested sample shares")
        let sharesValue = try map.required(
            "shares", hint: "give a map from each code of the 'within' field to the shares of '\(field.name)'")
        guard let withinValue = map.optional("within") else {
            return SampleShares(field: field.name, within: nil, shares: try parseShares(sharesValue, field: field))
        }
        let group = try fields.eligibleEntry(
            withinValue, role: "'within' field",
            needs: "shares are given within the categories of a single, scale or derived bins field",
            eligible: \.field.isCategorical
        ).field
        guard group.name != field.name else {
            throw withinValue.error(
                "'\(field.name)' cannot be sampled within itself; name a field sampled before it, or leave 'within' out"
            )
        }
        guard earlier.contains(where: { $0.field == group.name }) else {
            let names = earlier.map(\.field)
            let available =
                names.isEmpty ? "no field is sampled before it" : "fields sampled before it: \(Phrase.list(names))"
            throw withinValue.error(
                "'within: \(group.name)' needs '\(group.name)' sampled before '\(field.name)' (list it earlier under sample); \(available)"
            )
        }
        let groupCodes = group.categories.map(\.code)
        var groups = [[Double]?](repeating: nil, count: groupCodes.count)
        for (key, groupValue) in try sharesValue.codeKeyedEntries(
            keyRole: "a code",
            expected: "a map from each code of '\(group.name)' to the shares of '\(field.name)' in that group")
        {
            guard let index = groupCodes.firstIndex(of: key.code) else {
                throw key.at.error(
                    "'\(key.code)' is not a code of field '\(group.name)' (the 'within' field); its codes are \(Phrase.list(groupCodes))"
                )
            }
            groups[index] = try parseShares(
                groupValue, field: field, context: " in group '\(key.code)' of '\(group.name)'")
        }
        let missing = groupCodes.indices.filter { groups[$0] == nil }.map { groupCodes[$0] }
        guard missing.isEmpty else {
            throw sharesValue.error(
                "no shares of '\(field.name)' for \(missing.count == 1 ? "group" : "groups") \(Phrase.list(missing, limit: 20)) of '\(group.name)'; give every group a map of shares"
            )
        }
        return SampleShares(field: field.name, within: group.name, shares: groups.flatMap { $0 ?? [] })
    }

    /// A share for every code of `field`, in its category order, summing to 1 within 1e-6 (normalised).
    private func parseShares(_ value: YAMLValue, field: Field, context: String = "") throws -> [Double] {
        let codes = field.categories.map(\.code)
        let example = codes.prefix(3).map { "\($0): ..." }.joined(separator: ", ") + (codes.count > 3 ? ", ..." : "")
        var shares = [Double?](repeating: nil, count: codes.count)
        for (key, shareValue) in try value.codeKeyedEntries(
            keyRole: "a code", expected: "a map from each code of '\(field.name)' to its share, e.g. {\(example)}")
        {
            guard let index = codes.firstIndex(of: key.code) else {
                throw key.at.error(
                    "'\(key.code)' is not a code of field '\(field.name)'; its codes are \(Phrase.list(codes)) (written exactly as declared)"
                )
            }
            shares[index] = try probability(shareValue, what: "share")
        }
        let missing = codes.indices.filter { shares[$0] == nil }.map { codes[$0] }
        guard missing.isEmpty else {
            throw value.error(
                "no share for \(missing.count == 1 ? "code" : "codes") \(Phrase.list(missing, limit: 20)) of '\(field.name)'\(context); give every code a share (0 for none)"
            )
        }
        return try normalised(shares.map { $0 ?? 0 }, at: value, what: "the shares of '\(field.name)'\(context)")
    }

    // MARK: Duration and mess

    private func parseDuration(_ value: YAMLValue, fields: FieldRegistry) throws -> DurationModel {
        let map = try value.mapping(allowed: ["field", "median", "spread"], what: "duration")
        let field = try fields.eligibleEntry(
            map.required("field", hint: "name the numeric field holding the interview length in seconds"),
            role: "duration field",
            needs: "durations are written to a numeric field read from the data",
            eligible: { $0.isRead && $0.field.isNumeric }
        ).field
        let medianValue = try map.required("median", hint: "the median interview length in seconds, e.g. median: 840")
        let median = try medianValue.number()
        guard median > 0, median.isFinite else {
            throw medianValue.error("median is \(Phrase.number(median)); write the median duration in seconds, above 0")
        }
        let spreadValue = try map.required(
            "spread", hint: "the standard deviation of the log duration, e.g. spread: 0.45")
        let spread = try spreadValue.number()
        guard spread >= 0, spread.isFinite else {
            throw spreadValue.error(
                "spread is \(Phrase.number(spread)); write the standard deviation of the log duration, 0 or more (e.g. 0.45)"
            )
        }
        return DurationModel(field: field.name, median: median, spread: spread)
    }

    private func parseMess(_ value: YAMLValue) throws -> MessRates {
        let map = try value.mapping(allowed: Self.messKeys, what: "mess")
        let paths: [WritableKeyPath<MessRates, Double>] = [
            \.blank, \.duplicate, \.outOfDomain, \.speeder, \.straightLiner, \.brokenQuote,
        ]
        var rates = MessRates.defaults
        for (key, rate) in zip(Self.messKeys, paths) {
            guard let rateValue = map.optional(key) else { continue }
            let number = try rateValue.number()
            guard number >= 0, number < 1 else {
                throw rateValue.error("\(key) is \(Phrase.number(number)); write a rate from 0 up to (not including) 1")
            }
            rates[keyPath: rate] = number
        }
        return rates
    }

    // MARK: Field synth

    /// The keys `synth` takes on each kind of read field.
    static let categoricalSynthKeys = ["by", "p", "default", "asked"]
    static let numericSynthKeys = ["by", "mean", "sd", "round", "asked"]

    /// A field's `synth`, once `spec` is known.
    private func parseFieldSynthesis(
        _ value: YAMLValue, fieldAt index: Int, spec: SynthesisSpec, fields: FieldRegistry
    ) throws -> FieldSynthesis {
        let field = fields.fields[index].field
        if spec.sample.contains(where: { $0.field == field.name }) {
            throw value.error(
                "'\(field.name)' is drawn from synthesis.sample, so it takes no 'synth'; remove one of them")
        }
        if spec.duration?.field == field.name {
            throw value.error(
                "'\(field.name)' is the synthesis duration field, whose values come from synthesis.duration; remove its 'synth'"
            )
        }
        if let bins = spec.sample.lazy.compactMap({ fields.entry(named: $0.field)?.field }).first(where: {
            if case .bins(let binSpec) = $0.kind { return binSpec.source == field.name }
            return false
        }) {
            throw value.error(
                "'\(field.name)' is drawn within the sampled bin of '\(bins.name)', so it takes no 'synth'; remove it or sample another field"
            )
        }

        let map = try value.mapping(
            allowed: ["by", "p", "default", "mean", "sd", "round", "asked"], what: "synth")
        let isNumeric = field.isNumeric
        try map.rejectKeys(
            outside: isNumeric ? Self.numericSynthKeys : Self.categoricalSynthKeys,
            for: "synth of \(field.kind.described)",
            hints: [
                "p": "a numeric field's answers are drawn from mean and sd",
                "default": "a numeric field's answers are drawn from mean and sd",
                "mean": "only numeric fields have a mean; give probabilities under p",
                "sd": "only numeric fields have an sd; give probabilities under p",
                "round": "only numeric answers are rounded",
            ])

        let by: Field
        if let byValue = map.optional("by") {
            by = try conditioningField(byValue, for: field, at: index, spec: spec, fields: fields, role: "by field")
        } else {
            by = try conditioningField(
                nil, for: field, at: index, spec: spec, fields: fields, role: "by field", defaultAt: value)
        }

        var asked: (field: String, categories: [Int])?
        if let askedValue = map.optional("asked") {
            let askedMap = try askedValue.mapping(allowed: ["field", "codes"], what: "'asked'")
            let gate = try conditioningField(
                askedMap.required("field", hint: "name the categorical field deciding who is asked"), for: field,
                at: index, spec: spec, fields: fields, role: "asked field")
            let codes = gate.categories.map(\.code)
            let categories = try parseMembers(
                askedMap.required("codes", hint: "list the codes of '\(gate.name)' whose respondents are asked"),
                of: codes, word: "code", field: gate.name)
            asked = (gate.name, categories)
        }

        let byCodes = by.categories.map(\.code)
        var parameters = [AnswerModel?](repeating: nil, count: byCodes.count)
        var fallback: AnswerModel?
        if isNumeric {
            (parameters, fallback) = try parseNormal(map, by: by)
        } else {
            let pValue = map.optional("p")
            if let pValue {
                if case .sequence = pValue.node {
                    throw pValue.error(
                        "p is a map from each code of '\(by.name)' to a list, e.g. {\(byCodes[0]): [...]}; for the same probabilities in every group write default: [...]"
                    )
                }
                for (key, listValue) in try pValue.codeKeyedEntries(
                    keyRole: "a code",
                    expected:
                        "a map from each code of '\(by.name)' to a list of probabilities, e.g. {\(byCodes[0]): [...]}")
                {
                    guard let category = byCodes.firstIndex(of: key.code) else {
                        throw key.at.error(
                            "'\(key.code)' is not a code of '\(by.name)', the field '\(field.name)' is synthesized by; its codes are \(Phrase.list(byCodes))"
                        )
                    }
                    parameters[category] = try answerModel(listValue, field: field)
                }
            }
            fallback = try map.optional("default").map { try answerModel($0, field: field) }
            let missing = byCodes.indices.filter { parameters[$0] == nil }.map { byCodes[$0] }
            if fallback == nil, !missing.isEmpty {
                throw (pValue ?? value).error(
                    "no probabilities of '\(field.name)' for \(missing.count == 1 ? "code" : "codes") \(Phrase.list(missing, limit: 20)) of '\(by.name)'; give them under p, or give default: [...] for the codes not listed"
                )
            }
        }
        return FieldSynthesis(by: by.name, parameters: parameters, fallback: fallback, asked: asked)
    }

    /// A field answers are conditioned on (`by`) or that decides who is asked (`asked.field`): a categorical
    /// field that is sampled or declared before `field`. A nil `value` means the default, `synthesis.by`,
    /// reported at `defaultAt`.
    private func conditioningField(
        _ value: YAMLValue?, for field: Field, at index: Int, spec: SynthesisSpec, fields: FieldRegistry, role: String,
        defaultAt: YAMLValue? = nil
    ) throws -> Field {
        let condition: Field
        let at: YAMLValue
        let how: String
        if let value {
            condition = try fields.eligibleEntry(
                value, role: role,
                needs: "answers are conditioned on the categories of a single, scale or derived bins field",
                eligible: \.field.isCategorical
            ).field
            at = value
            how = "'\(condition.name)'"
        } else {
            guard let by = fields.entry(named: spec.by)?.field, let defaultAt else {
                preconditionFailure("synthesis.by was checked")
            }
            condition = by
            at = defaultAt
            how = "'\(by.name)' (synthesis.by, the default 'by')"
        }
        guard condition.name != field.name else {
            throw at.error("'\(field.name)' cannot be conditioned on itself; name another categorical field")
        }
        let sampled = spec.sample.contains { $0.field == condition.name }
        let earlier = fields.index(named: condition.name).map { $0 < index } ?? false
        guard sampled || earlier else {
            let sampledNames = spec.sample.map(\.field)
            throw at.error(
                "\(how) is neither sampled nor declared before '\(field.name)', so it is not known when '\(field.name)' is drawn; use a sampled field (\(Phrase.list(sampledNames))) or a categorical field declared before '\(field.name)'"
            )
        }
        return condition
    }

    /// One group's probabilities: one per code, summing to 1 (single, scale), or one mention probability
    /// per option (multi).
    private func answerModel(_ value: YAMLValue, field: Field) throws -> AnswerModel {
        let items = try value.list(example: "[0.2, 0.8]")
        switch field.kind {
        case .multi(let spec):
            guard items.count == spec.options.count else {
                throw value.error(
                    "\(Self.probabilities(items.count)) for the \(spec.options.count) options of '\(field.name)' (\(Phrase.list(spec.options.map(\.column)))); give one mention probability per option, in that order"
                )
            }
            return .mentions(try items.map { try probability($0, what: "probability") })
        default:
            let codes = field.categories.map(\.code)
            guard items.count == codes.count else {
                throw value.error(
                    "\(Self.probabilities(items.count)) for the \(codes.count) codes of '\(field.name)' (\(Phrase.list(codes, limit: 20))); give one probability per code, in that order"
                )
            }
            let numbers = try items.map { try probability($0, what: "probability") }
            return .categorical(
                try normalised(numbers, at: value, what: "the probabilities of '\(field.name)'"))
        }
    }

    /// A numeric field's `mean`, `sd` and `round`: plain numbers (the same in every group, given as the
    /// fallback) or maps from every code of `by`.
    private func parseNormal(_ map: YAMLMapping, by: Field) throws -> ([AnswerModel?], AnswerModel?) {
        var round = 1.0
        if let roundValue = map.optional("round") {
            round = try roundValue.number()
            guard round > 0, round.isFinite else {
                throw roundValue.error(
                    "round is \(Phrase.number(round)); write the positive multiple answers are rounded to (1 for whole numbers)"
                )
            }
        }
        let byCodes = by.categories.map(\.code)
        /// A number, or one per code of `by`.
        func numbers(
            _ key: String, check: (Double) -> Bool, needs: String
        ) throws -> (plain: Double?, byCategory: [Double]) {
            let value = try map.required(
                key, hint: "write a number, or a map from each code of '\(by.name)' to one, e.g. {\(byCodes[0]): ...}")
            func number(_ value: YAMLValue) throws -> Double {
                let number = try value.number()
                guard number.isFinite, check(number) else {
                    throw value.error("\(key) \(Phrase.number(number)) is out of range; \(needs)")
                }
                return number
            }
            guard case .mapping = value.node else {
                let plain = try number(value)
                return (plain, Array(repeating: plain, count: byCodes.count))
            }
            var found = [Double?](repeating: nil, count: byCodes.count)
            for (key, numberValue) in try value.codeKeyedEntries(keyRole: "a code", expected: "a map") {
                guard let category = byCodes.firstIndex(of: key.code) else {
                    throw key.at.error(
                        "'\(key.code)' is not a code of '\(by.name)'; its codes are \(Phrase.list(byCodes))")
                }
                found[category] = try number(numberValue)
            }
            let missing = byCodes.indices.filter { found[$0] == nil }.map { byCodes[$0] }
            guard missing.isEmpty else {
                throw value.error(
                    "no \(key) for \(missing.count == 1 ? "code" : "codes") \(Phrase.list(missing, limit: 20)) of '\(by.name)'; give every code one, or write a single number for all"
                )
            }
            return (nil, found.map { $0 ?? 0 })
        }
        let mean = try numbers("mean", check: { _ in true }, needs: "write a finite number")
        let sd = try numbers("sd", check: { $0 >= 0 }, needs: "a standard deviation is 0 or more")
        if let plainMean = mean.plain, let plainSD = sd.plain {
            return (
                Array(repeating: nil, count: byCodes.count), .normal(mean: plainMean, sd: plainSD, round: round)
            )
        }
        return (
            byCodes.indices.map { .normal(mean: mean.byCategory[$0], sd: sd.byCategory[$0], round: round) }, nil
        )
    }

    // MARK: Helpers

    /// `1 probability`, `3 probabilities`.
    static func probabilities(_ count: Int) -> String {
        count == 1 ? "1 probability" : "\(count) probabilities"
    }

    /// A share or probability: a number from 0 to 1.
    private func probability(_ value: YAMLValue, what: String) throws -> Double {
        let number = try value.number()
        guard number >= 0, number <= 1 else {
            throw value.error("\(what) \(Phrase.number(number)) is not between 0 and 1")
        }
        return number
    }

    /// Numbers that must add up to 1 within 1e-6, divided by their sum.
    private func normalised(_ numbers: [Double], at value: YAMLValue, what: String) throws -> [Double] {
        let sum = numbers.reduce(0, +)
        guard abs(sum - 1) <= Self.probabilityTolerance else {
            throw value.error(
                "\(what) sum to \(Phrase.sum(sum)), not 1; they must add up to 1 (within \(Phrase.sum(Self.probabilityTolerance)))"
            )
        }
        return numbers.map { $0 / sum }
    }
}
