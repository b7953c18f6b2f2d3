/// Who a table's percentages are of, in words: what tab books print as "Base:".
extension PipelineDefinition {
    /// A table's base in words, from its filter, else from the routing of its field
    /// (answers present for part of the sample only), else everyone; answers outside
    /// the base are named: `Business buyers`, `All respondents (excluding Don't know)`.
    public func baseText(of table: Table) -> String {
        var text: String
        if let filter = table.filter {
            text = filter.label
        } else if let rule = routingRule(of: table.field), let gate = field(named: rule.field) {
            let labels = rule.categories.map { gate.categories[$0].label }
            text = labels.joined(separator: " or ")
        } else {
            text = "All respondents"
        }
        let excluded = field(named: table.field)?.categories.filter { !$0.inBase }.map(\.label) ?? []
        if !excluded.isEmpty { text += " (excluding \(excluded.joined(separator: ", ")))" }
        return text.prefix(1).uppercased() + text.dropFirst()
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
