import TallyModel

/// `cleaning`: the quality rules the cleaner applies.
///
/// The cleaner takes the definition as validated: every field a rule names must
/// exist and have the kind the rule needs (a numeric duration, categorical grid
/// items sharing one code list, a categorical routing field), so each of these is
/// checked here and reported where it is written.
extension DefinitionParser {
    static let cleaningKeys = [
        "duplicates", "required", "reject_out_of_domain", "speeders", "straight_liners", "routing",
    ]

    /// What `duplicates` may say, and whether it rejects repeated ids.
    static let duplicatePolicies: [(name: String, rejects: Bool)] = [("keep", false), ("reject", true)]

    func parseCleaning(_ value: YAMLValue, fields: FieldRegistry) throws -> CleaningSpec {
        let map = try value.mapping(allowed: Self.cleaningKeys, what: "cleaning")
        var spec = CleaningSpec()
        if let duplicatesValue = map.optional("duplicates") {
            spec.rejectDuplicates = try parseDuplicates(duplicatesValue)
        }
        if let requiredValue = map.optional("required") {
            spec.required = try parseFieldNames(
                requiredValue, fields: fields, rule: "required", needs: "required takes any declared field",
                example: "[country]"
            ) { _ in true }
        }
        if let domainValue = map.optional("reject_out_of_domain") {
            spec.rejectOutOfDomain = try parseFieldNames(
                domainValue, fields: fields, rule: "reject_out_of_domain",
                needs: "reject_out_of_domain takes single or scale fields read from the data, whose codes are declared",
                example: "[country]"
            ) { $0.isRead && $0.field.isSingleOrScale }
        }
        spec.speeders = try map.optional("speeders").map { try parseSpeeders($0, fields: fields) }
        if let gridsValue = map.optional("straight_liners") {
            spec.straightLiners = try parseStraightLiners(gridsValue, fields: fields)
        }
        if let routingValue = map.optional("routing") {
            spec.routing = try parseRouting(routingValue, fields: fields)
        }
        return spec
    }

    /// `duplicates`: `reject` or `keep`.
    private func parseDuplicates(_ value: YAMLValue) throws -> Bool {
        let text = try value.text("'reject' or 'keep'")
        guard let policy = Self.duplicatePolicies.first(where: { $0.name == text }) else {
            throw value.error(
                "unknown duplicates policy '\(text)'; write 'reject' (reject every respondent whose id was already seen, keeping the first in file order) or 'keep' (the default: no check)"
            )
        }
        return policy.rejects
    }

    // MARK: Field references

    /// A list of field names, each once, each accepted by `eligible`.
    /// - Parameter rule: the key, for messages (`required`).
    private func parseFieldNames(
        _ value: YAMLValue, fields: FieldRegistry, rule: String, needs: String, example: String,
        eligible: (FieldRegistry.Entry) -> Bool
    ) throws -> [String] {
        var names: [String] = []
        for item in try value.list(example: example) {
            let entry = try fields.eligibleEntry(item, role: "field", needs: needs, eligible: eligible)
            guard !names.contains(entry.field.name) else {
                throw item.error("field '\(entry.field.name)' is listed twice in \(rule); list each field once")
            }
            names.append(entry.field.name)
        }
        return names
    }

    // MARK: Speeders

    private func parseSpeeders(_ value: YAMLValue, fields: FieldRegistry) throws -> SpeederRule {
        let map = try value.mapping(allowed: ["duration", "min_seconds", "fraction_of_median"], what: "speeders")
        let durationValue = try map.required(
            "duration", hint: "name the numeric field holding the interview length in seconds")
        let duration = try fields.eligibleEntry(
            durationValue, role: "the speeder duration",
            needs: "the duration must be a numeric field read from the data, the interview length in seconds"
        ) { $0.isRead && $0.field.isNumeric }

        var minimum: Double?
        if let minimumValue = map.optional("min_seconds") {
            let seconds = try minimumValue.number()
            guard seconds > 0, seconds.isFinite else {
                throw minimumValue.error(
                    "min_seconds is \(Phrase.number(seconds)); write a number of seconds above 0 (respondents faster than it are rejected), e.g. 120"
                )
            }
            minimum = seconds
        }
        var fraction: Double?
        if let fractionValue = map.optional("fraction_of_median") {
            let number = try fractionValue.number()
            guard number > 0, number < 1 else {
                throw fractionValue.error(
                    "fraction_of_median is \(Phrase.number(number)); write a number above 0 and below 1 (respondents faster than this fraction of the run's median duration are rejected), e.g. 0.4"
                )
            }
            fraction = number
        }
        guard minimum != nil || fraction != nil else {
            throw value.error(
                "the speeder rule on '\(duration.field.name)' has no threshold; give min_seconds (e.g. 120), fraction_of_median (e.g. 0.4), or both (the larger threshold applies)"
            )
        }
        return SpeederRule(field: duration.field.name, minimumSeconds: minimum, fractionOfMedian: fraction)
    }

    // MARK: Straight-liners

    private func parseStraightLiners(_ value: YAMLValue, fields: FieldRegistry) throws -> [StraightLineRule] {
        var rules: [StraightLineRule] = []
        var firstPaths: [String: String] = [:]
        for item in try value.list(example: "- {name: trust_grid, fields: [q1, q2, q3]}") {
            let map = try item.mapping(allowed: ["name", "fields", "min_items"], what: "a straight-liner grid")
            let nameValue = try map.required("name", hint: "name the grid, e.g. name: trust_grid")
            let name = try nameValue.text("a name")
            guard NameRules.isTableName(name) else {
                throw nameValue.error(
                    "grid name '\(name)' is not a valid name; use only letters, digits, '_' and '-'")
            }
            if let first = firstPaths[name] {
                throw nameValue.error("grid name '\(name)' is already used by \(first); names must be unique")
            }
            firstPaths[name] = item.keyPath

            let fieldsValue = try map.required(
                "fields", hint: "list the grid's items, at least 2 single or scale fields with the same codes")
            let items = try parseGridItems(fieldsValue, grid: name, fields: fields)

            var minimumItems = items.count
            if let minimumValue = map.optional("min_items") {
                let number = try minimumValue.number()
                guard number == number.rounded(), number >= 2, number <= Double(Int32.max) else {
                    throw minimumValue.error(
                        "min_items is \(Phrase.number(number)); write a whole number of 2 or more (the grid is checked only when it has at least this many items; the default is its number of fields, \(items.count))"
                    )
                }
                minimumItems = Int(number)
            }
            rules.append(StraightLineRule(name: name, fields: items, minimumItems: minimumItems))
        }
        return rules
    }

    /// A grid's `fields`: at least two distinct single or scale fields with the same codes in the same order.
    private func parseGridItems(_ value: YAMLValue, grid: String, fields: FieldRegistry) throws -> [String] {
        let listed = try value.list(example: "[q1, q2, q3]")
        var items: [Field] = []
        var firstValue: YAMLValue?
        for item in listed {
            let field = try fields.eligibleEntry(
                item, role: "grid item", needs: "the items of a grid must be single or scale fields",
                eligible: { $0.field.isSingleOrScale }
            ).field
            guard !items.contains(where: { $0.name == field.name }) else {
                throw item.error("field '\(field.name)' is listed twice in grid '\(grid)'; list each item once")
            }
            if let first = items.first {
                let codes = field.categories.map(\.code)
                let firstCodes = first.categories.map(\.code)
                guard codes == firstCodes else {
                    throw item.error(
                        "grid item '\(field.name)' has codes \(Phrase.list(codes, limit: 20)), but the grid's first item '\(first.name)' has \(Phrase.list(firstCodes, limit: 20)); every item of a grid needs the same codes in the same order"
                    )
                }
            } else {
                firstValue = item
            }
            items.append(field)
        }
        guard items.count >= 2 else {
            let found = items.first.map { "only '\($0.name)'" } ?? "none"
            throw (firstValue ?? value).error(
                "grid '\(grid)' lists \(found); a straight-liner grid needs at least 2 fields")
        }
        return items.map(\.name)
    }

    // MARK: Routing

    /// A parsed routing rule and the key path of its declaration.
    private struct DeclaredRouting {
        var rule: RoutingRule
        var keyPath: String
    }

    private func parseRouting(_ value: YAMLValue, fields: FieldRegistry) throws -> [RoutingRule] {
        var rules: [DeclaredRouting] = []
        for item in try value.list(example: "- {questions: [q7], asked: {field: customer_type, codes: [B]}}") {
            rules.append(try parseRoutingRule(item, fields: fields, earlier: rules))
        }
        return rules.map(\.rule)
    }

    private func parseRoutingRule(
        _ value: YAMLValue, fields: FieldRegistry, earlier: [DeclaredRouting]
    ) throws
        -> DeclaredRouting
    {
        let map = try value.mapping(allowed: ["questions", "asked"], what: "a routing rule")
        let questionsValue = try map.required("questions", hint: "list the fields asked of some respondents only")
        var questions: [String] = []
        for item in try questionsValue.nonEmptyList(example: "[bb_trust, bb_vendors]") {
            questions.append(try parseRoutedQuestion(item, fields: fields, listed: questions, earlier: earlier))
        }
        let askedValue = try map.required(
            "asked", hint: "say who is asked, e.g. asked: {field: customer_type, codes: [B]}")
        let asked = try askedValue.mapping(allowed: ["field", "codes"], what: "'asked'")
        let fieldValue = try asked.required("field", hint: "name the categorical field deciding who is asked")
        let gate = try parseRoutingField(fieldValue, fields: fields, questions: questions, earlier: earlier)
        let codes = gate.categories.map(\.code)
        let codesValue = try asked.required(
            "codes", hint: "list the codes of '\(gate.name)' whose respondents are asked, e.g. [\(codes[0])]")
        var categories: [Int] = []
        for item in try codesValue.nonEmptyList(example: "[\(codes[0])]") {
            let code = try item.text("a code")
            guard let index = codes.firstIndex(of: code) else {
                throw item.error(
                    "'\(code)' is not a code of field '\(gate.name)'; its codes are \(Phrase.list(codes)) (written exactly as declared)"
                )
            }
            guard !categories.contains(index) else {
                throw item.error("code '\(code)' is listed twice; list each code once")
            }
            categories.append(index)
        }
        return DeclaredRouting(
            rule: RoutingRule(questions: questions, field: gate.name, categories: categories), keyPath: value.keyPath)
    }

    /// One of a rule's `questions`: a read field, listed once, routed by no other rule and deciding none.
    private func parseRoutedQuestion(
        _ item: YAMLValue, fields: FieldRegistry, listed: [String], earlier: [DeclaredRouting]
    ) throws -> String {
        let question = try fields.eligibleEntry(
            item, role: "routed question",
            needs: "routed questions must be fields read from the data, not derived ones",
            eligible: \.isRead
        ).field.name
        guard !listed.contains(question) else {
            throw item.error("question '\(question)' is listed twice in this rule; list each question once")
        }
        if let other = earlier.first(where: { $0.rule.questions.contains(question) }) {
            throw item.error(
                "question '\(question)' is already routed by \(other.keyPath); a question can be in only one routing rule, so list every group asked it under one rule's 'asked'"
            )
        }
        if let other = earlier.first(where: { $0.rule.field == question }) {
            throw item.error(
                "'\(question)' decides who is asked in \(other.keyPath), so it cannot be routed itself")
        }
        return question
    }

    /// `asked.field`: a categorical field that no rule routes.
    private func parseRoutingField(
        _ fieldValue: YAMLValue, fields: FieldRegistry, questions: [String], earlier: [DeclaredRouting]
    ) throws -> Field {
        let gate = try fields.eligibleEntry(
            fieldValue, role: "the routing field",
            needs: "the field deciding who is asked must be a single, scale or derived bins field",
            eligible: \.field.isCategorical
        ).field
        if questions.contains(gate.name) {
            throw fieldValue.error(
                "'\(gate.name)' is one of this rule's questions; the field deciding who is asked cannot itself be routed"
            )
        }
        if let other = earlier.first(where: { $0.rule.questions.contains(gate.name) }) {
            throw fieldValue.error(
                "'\(gate.name)' is routed by \(other.keyPath); the field deciding who is asked cannot itself be routed"
            )
        }
        return gate
    }
}

extension Field {
    /// Whether the field is a single-choice question or a scale (categorical and read).
    var isSingleOrScale: Bool {
        if case .single = kind { return true }
        return false
    }

    /// Whether the field is numeric.
    package var isNumeric: Bool {
        if case .numeric = kind { return true }
        return false
    }
}
