/// The words a table's base is said with in one language.
public struct BaseWords: Sendable {
    /// Everyone: `All respondents`.
    public var everyone: String
    /// Between the groups a question was asked of: ` or `.
    public var or: String
    /// Between the answers left out: `, `.
    public var comma: String
    /// Around the answers left out: ` (excluding ` and `)`.
    public var excludingBefore: String
    public var excludingAfter: String
    /// Whether the text starts with a capital letter.
    public var capitalized: Bool

    public init(
        everyone: String, or: String, comma: String, excludingBefore: String, excludingAfter: String,
        capitalized: Bool
    ) {
        (self.everyone, self.or, self.comma) = (everyone, or, comma)
        (self.excludingBefore, self.excludingAfter, self.capitalized) = (excludingBefore, excludingAfter, capitalized)
    }

    /// The tab book's and tidy files' words.
    public static let english = BaseWords(
        everyone: "All respondents", or: " or ", comma: ", ", excludingBefore: " (excluding ", excludingAfter: ")",
        capitalized: true)
}

/// Who a table's percentages are of, in words: what tab books print as "Base:".
extension PipelineDefinition {
    /// A table's base in words, from its filter, else from the routing of its field
    /// (answers present for part of the sample only), else everyone; answers outside
    /// the base are named: `Business buyers`, `All respondents (excluding Don't know)`.
    /// With `language`, the labels are that language's and `words` say the rest.
    public func baseText(of table: Table, language: String? = nil, words: BaseWords = .english) -> String {
        let say = { (key: String, text: String) in language.map { self.text(key, text, in: $0) } ?? text }
        var text: String
        if let filter = table.filter {
            text = say(TextKey.filter(table.name), filter.label)
        } else if let rule = routingRule(of: table.field), let gate = field(named: rule.field) {
            let labels = rule.categories.map { gate.categories[$0] }.map {
                say(TextKey.answer(gate.name, $0.code), $0.label)
            }
            text = labels.joined(separator: words.or)
        } else {
            text = words.everyone
        }
        let excluded = field(named: table.field)?.categories.filter { !$0.inBase }.map {
            say(TextKey.answer(table.field, $0.code), $0.label)
        }
        if let excluded, !excluded.isEmpty {
            text += words.excludingBefore + excluded.joined(separator: words.comma) + words.excludingAfter
        }
        return words.capitalized ? text.prefix(1).uppercased() + text.dropFirst() : text
    }

    /// The routing rule that decides who is asked a field, following derived fields
    /// (bins of a number, counts of a multi-select) to the field they come from.
    public func routingRule(of name: String) -> RoutingRule? {
        var name = name
        for _ in 0...fields.count {
            if let rule = cleaning.routing.first(where: { $0.questions.contains(name) }) { return rule }
            switch field(named: name)?.kind {
            case .bins(let spec): name = spec.source
            case .count(let spec): name = spec.source
            default: return nil
            }
        }
        return nil
    }
}

extension FieldKind {
    /// The kind's name as definitions write it: `single`, `scale`, `multi`, `numeric`, `bins`, `count`.
    public var name: String {
        switch self {
        case .single(let spec): return spec.isScale ? "scale" : "single"
        case .multi: return "multi"
        case .numeric: return "numeric"
        case .bins: return "bins"
        case .count: return "count"
        }
    }
}
