import Foundation
import TallyModel

/// `weighting.margins`: the fields raked, their targets and how a missing value is treated.
extension DefinitionParser {
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
        let group = try map.optional("within").map {
            try parseGroup($0, of: field, fields: fields, earlier: earlier)
        }
        try checkRakedOnce(field, within: group?.field, at: fieldValue, earlier: earlier)
        let type = try map.optional("type").map(parseTargetType) ?? .shares
        let total = try map.optional("total").map { try parseTotal($0, type: type) }
        let (targets, sum) = try parseTargets(map, field: field, group: group, type: type, total: total)
        let missingValue = map.optional("missing")
        let imputeMissing = try missingValue.flatMap { try parseMissing($0, field: field) }
        try checkSameMissing(
            imputeMissing, of: field, at: missingValue ?? fieldValue, earlier: earlier)
        let source = try map.optional("source")?.text("a description of where the targets come from") ?? ""
        let assumption = try map.optional("assumption")?.bool() ?? false
        return DeclaredMargin(
            margin: Margin(
                field: field.name, within: group?.field.name, targets: targets, isAssumption: assumption,
                source: source, imputeMissing: imputeMissing),
            keyPath: value.keyPath, countTotal: type == .counts ? sum : nil)
    }

    /// The group of a nested margin: the `within` field and the targets of its earlier plain margin.
    private typealias MarginGroup = (field: Field, shares: [Double])

    /// `within: FIELD`: a field with an earlier plain margin, other than the raked field.
    private func parseGroup(
        _ withinValue: YAMLValue, of field: Field, fields: FieldRegistry, earlier: [DeclaredMargin]
    ) throws -> MarginGroup {
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
        return (withinField, groupMargin.margin.targets)
    }

    /// A field is raked once as a plain margin and once within each group at most.
    private func checkRakedOnce(
        _ field: Field, within group: Field?, at fieldValue: YAMLValue, earlier: [DeclaredMargin]
    ) throws {
        guard let first = earlier.first(where: { $0.margin.field == field.name && $0.margin.within == group?.name })
        else { return }
        let how = group.map { "within '\($0.name)' " } ?? "as a plain margin "
        throw fieldValue.error(
            "field '\(field.name)' is already raked \(how)by \(first.keyPath); rake each field once, with one set of targets"
        )
    }

    /// `type: shares | percent | counts`.
    private func parseTargetType(_ typeValue: YAMLValue) throws -> TargetType {
        let text = try typeValue.text()
        guard let known = TargetType(rawValue: text) else {
            throw typeValue.error(
                "unknown target type '\(text)'; write \(Phrase.alternatives(TargetType.allCases.map(\.rawValue))) (shares sum to 1, percent to 100, counts are normalised)"
            )
        }
        return known
    }

    /// `total: N`, the population counts targets add up to; only with `type: counts`.
    private func parseTotal(_ totalValue: YAMLValue, type: TargetType) throws -> (value: Double, keyPath: String) {
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
        return (number, totalValue.keyPath)
    }

    /// `targets`: one share per code, or per group code a map of them for a nested margin.
    private func parseTargets(
        _ map: YAMLMapping, field: Field, group: MarginGroup?, type: TargetType,
        total: (value: Double, keyPath: String)?
    ) throws -> (targets: [Double], sum: Double) {
        let targetsHint =
            group.map { "give every code of '\($0.field.name)' a map of targets for the codes of '\(field.name)'" }
            ?? "give every code of '\(field.name)' a target, e.g. {\(Self.exampleTargets(field))}"
        let targetsValue = try map.required("targets", hint: targetsHint)
        if let group {
            return try parseNestedTargets(
                targetsValue, field: field, groupField: group.field, groupShares: group.shares, type: type,
                total: total)
        }
        let numbers = try parseTargetMap(targetsValue, field: field, type: type, nestedHint: true)
        return (
            try normalise(numbers, at: targetsValue, type: type, total: total, field: field), numbers.reduce(0, +)
        )
    }

    /// Every margin of one field treats a missing value the same way.
    private func checkSameMissing(
        _ imputeMissing: Int?, of field: Field, at value: YAMLValue, earlier: [DeclaredMargin]
    ) throws {
        guard
            let other = earlier.first(where: {
                $0.margin.field == field.name && $0.margin.imputeMissing != imputeMissing
            })
        else { return }
        let describe = { (index: Int?) in Self.missingTreatment(index, field: field) }
        throw value.error(
            "field '\(field.name)' is raked by \(other.keyPath) with \(describe(other.margin.imputeMissing)), but here with \(describe(imputeMissing)); a respondent has one value of '\(field.name)', so give every margin of it the same 'missing'"
        )
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
