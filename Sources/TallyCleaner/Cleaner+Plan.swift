import TallyModel

// The cleaner's rules resolved against a layout: slots, columns, category indices
// and the fixed parts of their messages, so cleaning a batch only indexes arrays.
extension Cleaner {
    /// A binned field and the numeric field it reads.
    struct Derivation: Sendable {
        var fieldName: String
        /// The source's data column, named in `no_bin` records.
        var sourceColumn: String
        var sourceSlot: Int
        var targetSlot: Int
        var bins: [Bin]
    }

    /// A count of the options of a multi-select mentioned.
    struct Count: Sendable {
        var sourceSlot: Int
        var targetSlot: Int
    }

    /// A field that must hold a valid value (a required field or a weighting variable).
    struct RequiredCheck: Sendable {
        var slot: ColumnLayout.Slot
        /// The data column named in the reject (the field's name for a multi-select).
        var column: String
        var reason: String
    }

    /// A data column whose out-of-domain codes reject the respondent.
    struct OutOfDomainColumn: Sendable {
        var column: String
        var fieldName: String
    }

    /// The speeder rule with its threshold.
    struct SpeederCheck: Sendable {
        var slot: Int
        var column: String
        var threshold: Double
        /// The end of the reason: "below the threshold of 240 s (0.5 × median 480 s)".
        var explanation: String
    }

    /// A grid checked for straight-lining.
    struct StraightLineCheck: Sendable {
        var name: String
        /// The grid items' categorical slots.
        var slots: [Int]
        /// The text of each code of the grid's (shared) code list.
        var codes: [String]
    }

    /// A routing rule: who was asked, and the questions to blank for everyone else.
    struct RoutingPlan: Sendable {
        var gateSlot: Int
        /// Per category of the gate field: whether its respondents were asked.
        var asked: [Bool]
        var questions: [RoutedQuestion]
        /// "asked only of customer_type B".
        var reason: String

        /// Whether a respondent with this gate code was asked (never, for a missing code).
        func wasAsked(_ code: UInt16) -> Bool {
            Int(code) < asked.count && asked[Int(code)]
        }
    }

    /// A question routed: where it is stored, and the column named when a value is blanked.
    struct RoutedQuestion: Sendable {
        enum Storage: Sendable {
            /// A categorical slot and the text of each code.
            case categorical(slot: Int, codes: [String])
            case numeric(slot: Int)
            /// A multi-select slot and the data column of each option.
            case multi(slot: Int, optionColumns: [String])
        }

        var storage: Storage
        var column: String
    }
}

/// Resolves the definition's rules against a layout. The definition is validated,
/// so a name that does not resolve is a programming error.
struct RuleResolver {
    let definition: PipelineDefinition
    let layout: ColumnLayout

    /// The named field and its slot.
    private func field(_ name: String, in rule: String) -> (field: Field, slot: ColumnLayout.Slot) {
        guard let index = layout.index(of: name), index < definition.fields.count else {
            preconditionFailure("\(rule) names '\(name)', which is not a field of the layout")
        }
        return (definition.fields[index], layout.slots[index])
    }

    /// The column a reject names for a field: its data column, a bin's source
    /// column, or the field's name for a multi-select (it has one column per option).
    private func dataColumn(of field: Field) -> String {
        switch field.kind {
        case .single(let spec): return spec.column
        case .numeric(let spec): return spec.column
        case .multi, .count: return field.name
        case .bins(let spec):
            guard case .numeric(let source)? = definition.field(named: spec.source)?.kind else { return spec.source }
            return source.column
        }
    }

    func derivations() -> [Cleaner.Derivation] {
        definition.fields.enumerated().compactMap { index, field in
            guard case .bins(let spec) = field.kind else { return nil }
            guard case .categorical(let target) = layout.slots[index],
                case .numeric(let source) = self.field(spec.source, in: "the bins of '\(field.name)'").slot
            else { preconditionFailure("binned field '\(field.name)' must read a numeric field") }
            return Cleaner.Derivation(
                fieldName: field.name, sourceColumn: dataColumn(of: field), sourceSlot: source, targetSlot: target,
                bins: spec.bins)
        }
    }

    func counts() -> [Cleaner.Count] {
        definition.fields.enumerated().compactMap { index, field in
            guard case .count(let spec) = field.kind else { return nil }
            guard case .numeric(let target) = layout.slots[index],
                case .multi(let source) = self.field(spec.source, in: "the count '\(field.name)'").slot
            else { preconditionFailure("count field '\(field.name)' must count a multi-select field") }
            return Cleaner.Count(sourceSlot: source, targetSlot: target)
        }
    }

    func requiredCheck(_ name: String) -> Cleaner.RequiredCheck {
        let (field, slot) = field(name, in: "cleaning.required")
        let reason: String
        switch slot {
        case .categorical, .numeric: reason = "required field '\(name)' has no valid answer"
        case .multi: reason = "required field '\(name)' has no option answered"
        }
        return Cleaner.RequiredCheck(slot: slot, column: dataColumn(of: field), reason: reason)
    }

    func outOfDomainColumns(_ name: String) -> [Cleaner.OutOfDomainColumn] {
        let field = field(name, in: "cleaning.reject_out_of_domain").field
        let columns: [String]
        switch field.kind {
        case .multi(let spec): columns = spec.options.map(\.column)
        case .single, .numeric, .bins, .count: columns = [dataColumn(of: field)]
        }
        return columns.map { Cleaner.OutOfDomainColumn(column: $0, fieldName: name) }
    }

    func speederCheck(_ rule: SpeederRule, threshold given: Double?) -> Cleaner.SpeederCheck? {
        let (field, slot) = field(rule.field, in: "cleaning.speeders")
        guard case .numeric(let numericSlot) = slot else {
            preconditionFailure("the speeder duration field '\(rule.field)' must be numeric")
        }
        guard let threshold = given ?? rule.minimumSeconds else { return nil }
        var explanation = "below the threshold of \(formatRounded(threshold)) s"
        if given != nil, let fraction = rule.fractionOfMedian, fraction > 0,
            rule.minimumSeconds.map({ threshold > $0 }) ?? true
        {
            // The threshold is the relative part, so the median is recovered from it.
            explanation += " (\(formatNumber(fraction)) × median \(formatRounded(threshold / fraction)) s)"
        } else if rule.minimumSeconds == threshold, rule.fractionOfMedian != nil {
            explanation += " (the declared minimum)"
        }
        return Cleaner.SpeederCheck(
            slot: numericSlot, column: dataColumn(of: field), threshold: threshold, explanation: explanation)
    }

    /// The check of a grid, or nil when the grid has fewer items than its minimum.
    func straightLineCheck(_ rule: StraightLineRule) -> Cleaner.StraightLineCheck? {
        let items = rule.fields.map { name in
            let (field, slot) = field(name, in: "straight-liner rule '\(rule.name)'")
            guard case .categorical(let categorical) = slot else {
                preconditionFailure("straight-liner rule '\(rule.name)': '\(name)' is not categorical")
            }
            return (field: field, slot: categorical)
        }
        guard let first = items.first?.field else { return nil }
        precondition(
            items.allSatisfy { $0.field.categories.count == first.categories.count },
            "straight-liner rule '\(rule.name)': the items' code lists differ in length")
        guard items.count >= rule.minimumItems else { return nil }
        return Cleaner.StraightLineCheck(
            name: rule.name, slots: items.map(\.slot), codes: first.categories.map(\.code))
    }

    func routingPlan(_ rule: RoutingRule) -> Cleaner.RoutingPlan {
        let (gate, gateSlot) = field(rule.field, in: "a routing rule")
        guard case .categorical(let gateIndex) = gateSlot else {
            preconditionFailure("the routing field '\(rule.field)' must be categorical")
        }
        let categories = gate.categories
        var asked = Array(repeating: false, count: categories.count)
        for category in rule.categories {
            precondition(
                categories.indices.contains(category), "routing on '\(rule.field)': no category \(category)")
            asked[category] = true
        }
        let codes = rule.categories.map { categories[$0].code }.joined(separator: " or ")
        let questions = rule.questions.map { name in
            let (field, slot) = field(name, in: "routing on '\(rule.field)'")
            let storage: Cleaner.RoutedQuestion.Storage
            switch (slot, field.kind) {
            case (.categorical(let index), _):
                storage = .categorical(slot: index, codes: field.categories.map(\.code))
            case (.numeric(let index), _):
                storage = .numeric(slot: index)
            case (.multi(let index), .multi(let spec)):
                storage = .multi(slot: index, optionColumns: spec.options.map(\.column))
            case (.multi, _):
                preconditionFailure("field '\(name)' has a multi-select slot but is not a multi-select")
            }
            return Cleaner.RoutedQuestion(storage: storage, column: dataColumn(of: field))
        }
        return Cleaner.RoutingPlan(
            gateSlot: gateIndex, asked: asked, questions: questions, reason: "asked only of \(rule.field) \(codes)")
    }

    /// The categorical fields the weighting rakes on, each once: those whose
    /// missing values reject the respondent, and those a margin imputes.
    func weightingVariables() -> (rejecting: [Cleaner.RequiredCheck], imputed: [Cleaner.RequiredCheck]) {
        var names: [String] = []
        for name in definition.weighting?.fields ?? [] where !names.contains(name) { names.append(name) }
        var rejecting: [Cleaner.RequiredCheck] = []
        var imputed: [Cleaner.RequiredCheck] = []
        for name in names {
            let (field, slot) = field(name, in: "the weighting")
            guard case .categorical = slot else { continue }
            let margin = definition.weighting?.margins.first { $0.field == name && $0.imputeMissing != nil }
            if let category = margin?.imputeMissing {
                let code = field.categories[category].code
                imputed.append(
                    Cleaner.RequiredCheck(
                        slot: slot, column: dataColumn(of: field),
                        reason: "no valid '\(name)'; weighted as if '\(code)', left missing in tables"))
            } else {
                rejecting.append(
                    Cleaner.RequiredCheck(
                        slot: slot, column: dataColumn(of: field), reason: "no valid '\(name)', which weighting needs"))
            }
        }
        return (rejecting, imputed)
    }
}
