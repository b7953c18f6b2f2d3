import TallyDefinition
import TallyModel
import Yams

/// `synthesis` and the fields' `synth`: how `tally synth` makes respondents.
///
/// The top-level section says how the sample is composed (the demographic fields
/// drawn first), how long interviews take and how messy the data are; each field's
/// `synth` says how its answers depend on a categorical field (`by`). A field's
/// `by` (and `asked` field) must be known when its answers are drawn, so it must be
/// sampled or declared before the field.
///
/// `TallyDefinition` keeps both as written (`DefinitionDocument`), so problems are
/// reported with the key path and line of the definition file, as its own are.
struct SynthesisParser {
    /// The synthesis configuration of a parsed definition, or nil when it has no
    /// `synthesis` section.
    /// - Throws: `TallyError.definition` naming the key path and line of the first
    ///   problem, also when a field has `synth` but the definition has no `synthesis`.
    static func parse(_ document: DefinitionDocument) throws -> SynthesisSpec? {
        try SynthesisParser().parseSynthesis(document.synthesis, fields: document.fields)
    }

    static let synthesisKeys = ["by", "sample", "duration", "mess"]

    /// The `mess` keys, in the order of `MessRates`.
    static let messKeys = ["blank", "duplicate", "out_of_domain", "speeder", "straight_liner", "broken_quote"]

    /// How far probabilities or shares may add up from 1 before they are normalised.
    static let probabilityTolerance = 1e-6

    /// Reads `synthesis` (nil when absent), then every field's `synth`.
    /// - Throws: also when a field has `synth` but the definition has no `synthesis`.
    func parseSynthesis(_ value: YAMLValue?, fields registry: FieldRegistry) throws -> SynthesisSpec? {
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
        var spec = SynthesisSpec(by: by.field.name, sample: sample, duration: duration, mess: mess)
        for (index, entry) in registry.fields.enumerated() {
            guard let synth = entry.synthValue else { continue }
            spec.answers[entry.field.name] = try parseFieldSynthesis(
                synth, fieldAt: index, spec: spec, fields: registry)
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

    // MARK: Helpers

    /// `1 probability`, `3 probabilities`.
    static func probabilities(_ count: Int) -> String {
        count == 1 ? "1 probability" : "\(count) probabilities"
    }

    /// A share or probability: a number from 0 to 1.
    func probability(_ value: YAMLValue, what: String) throws -> Double {
        let number = try value.number()
        guard number >= 0, number <= 1 else {
            throw value.error("\(what) \(Phrase.number(number)) is not between 0 and 1")
        }
        return number
    }

    /// Numbers that must add up to 1 within 1e-6, divided by their sum.
    func normalised(_ numbers: [Double], at value: YAMLValue, what: String) throws -> [Double] {
        let sum = numbers.reduce(0, +)
        guard abs(sum - 1) <= Self.probabilityTolerance else {
            throw value.error(
                "\(what) sum to \(Phrase.sum(sum)), not 1; they must add up to 1 (within \(Phrase.sum(Self.probabilityTolerance)))"
            )
        }
        return numbers.map { $0 / sum }
    }
}
