import TallyDefinition
import TallyModel
import Yams

/// A field's `synth`: how its answers depend on a categorical field.
extension SynthesisParser {
    /// The keys `synth` takes on each kind of read field.
    static let categoricalSynthKeys = ["by", "p", "default", "asked"]
    static let numericSynthKeys = ["by", "mean", "sd", "round", "asked"]

    /// A field's `synth`, once `spec` is known.
    func parseFieldSynthesis(
        _ value: YAMLValue, fieldAt index: Int, spec: SynthesisSpec, fields: FieldRegistry
    ) throws -> FieldSynthesis {
        let field = fields.fields[index].field
        try checkNotDrawnElsewhere(field, at: value, spec: spec, fields: fields)
        let map = try value.mapping(
            allowed: ["by", "p", "default", "mean", "sd", "round", "asked"], what: "synth")
        try map.rejectKeys(
            outside: field.isNumeric ? Self.numericSynthKeys : Self.categoricalSynthKeys,
            for: "synth of \(field.kind.described)",
            hints: [
                "p": "a numeric field's answers are drawn from mean and sd",
                "default": "a numeric field's answers are drawn from mean and sd",
                "mean": "only numeric fields have a mean; give probabilities under p",
                "sd": "only numeric fields have an sd; give probabilities under p",
                "round": "only numeric answers are rounded",
            ])
        let by = try conditioningField(
            map.optional("by"), for: field, at: index, spec: spec, fields: fields, role: "by field", defaultAt: value)
        let asked = try map.optional("asked").map {
            try parseAsked($0, for: field, at: index, spec: spec, fields: fields)
        }
        let (parameters, fallback) =
            field.isNumeric
            ? try parseNormal(map, by: by) : try parseProbabilities(map, of: field, by: by, at: value)
        return FieldSynthesis(by: by.name, parameters: parameters, fallback: fallback, asked: asked)
    }

    /// A field drawn from `synthesis.sample` or `synthesis.duration`, or within a sampled bin, takes no `synth`.
    private func checkNotDrawnElsewhere(
        _ field: Field, at value: YAMLValue, spec: SynthesisSpec, fields: FieldRegistry
    ) throws {
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
    }

    /// `asked: {field, codes}`: only respondents with these codes of a conditioning field are asked.
    private func parseAsked(
        _ askedValue: YAMLValue, for field: Field, at index: Int, spec: SynthesisSpec, fields: FieldRegistry
    ) throws -> (field: String, categories: [Int]) {
        let askedMap = try askedValue.mapping(allowed: ["field", "codes"], what: "'asked'")
        let gate = try conditioningField(
            askedMap.required("field", hint: "name the categorical field deciding who is asked"), for: field,
            at: index, spec: spec, fields: fields, role: "asked field")
        let codes = gate.categories.map(\.code)
        let categories = try askedMap.required(
            "codes", hint: "list the codes of '\(gate.name)' whose respondents are asked"
        ).memberIndices(of: codes, word: "code", field: gate.name)
        return (gate.name, categories)
    }

    /// A categorical field's `p` (a list per code of `by`) and `default` (for the codes `p` leaves out).
    private func parseProbabilities(
        _ map: YAMLMapping, of field: Field, by: Field, at value: YAMLValue
    ) throws -> ([AnswerModel?], AnswerModel?) {
        let byCodes = by.categories.map(\.code)
        var parameters = [AnswerModel?](repeating: nil, count: byCodes.count)
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
        let fallback = try map.optional("default").map { try answerModel($0, field: field) }
        let missing = byCodes.indices.filter { parameters[$0] == nil }.map { byCodes[$0] }
        if fallback == nil, !missing.isEmpty {
            throw (pValue ?? value).error(
                "no probabilities of '\(field.name)' for \(missing.count == 1 ? "code" : "codes") \(Phrase.list(missing, limit: 20)) of '\(by.name)'; give them under p, or give default: [...] for the codes not listed"
            )
        }
        return (parameters, fallback)
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
}
