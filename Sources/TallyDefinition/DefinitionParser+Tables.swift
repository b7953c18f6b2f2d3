import TallyModel

/// `banners` and `tables`: what is cut by what, and which statistics are reported.
extension DefinitionParser {
    /// A banner and the key path of its declaration.
    struct DeclaredBanner {
        var banner: Banner
        var keyPath: String
    }

    func parseBanners(_ value: YAMLValue, fields: FieldRegistry) throws -> [DeclaredBanner] {
        var banners: [DeclaredBanner] = []
        for item in try value.nonEmptyList(example: "- {name: customer, total: All customers, field: customer_type}") {
            let map = try item.mapping(allowed: ["name", "total", "field"], what: "a banner")
            let nameValue = try map.required("name", hint: "e.g. name: customer")
            let name = try nameValue.text("a name")
            guard NameRules.isTableName(name) else {
                throw nameValue.error(
                    "banner name '\(name)' names a banner=... partition folder; use only letters, digits, '_' and '-'")
            }
            if let first = banners.first(where: { $0.banner.name == name }) {
                throw nameValue.error("banner name '\(name)' is already used by \(first.keyPath); names must be unique")
            }
            let total = try map.optional("total")?.text("a label for the total column")
            var fieldName: String?
            if let fieldValue = map.optional("field") {
                let entry = try fields.entry(referencedBy: fieldValue)
                guard entry.field.isCategorical else {
                    let categorical = fields.fields.filter(\.field.isCategorical).map(\.field.name)
                    throw fieldValue.error(
                        "banner field '\(entry.field.name)' is \(entry.field.kind.described); a banner's columns are the categories of a single, scale or derived bins field (\(Phrase.list(categorical)))"
                    )
                }
                fieldName = entry.field.name
            }
            guard total != nil || fieldName != nil else {
                throw item.error(
                    "banner '\(name)' has no columns; give it 'field' (one column per category), 'total' (a total column's label), or both"
                )
            }
            banners.append(
                DeclaredBanner(banner: Banner(name: name, totalLabel: total, field: fieldName), keyPath: item.keyPath))
        }
        return banners
    }

    func parseTables(_ value: YAMLValue, fields: FieldRegistry, banners: [DeclaredBanner]) throws -> [Table] {
        var tables: [Table] = []
        var firstPaths: [String: String] = [:]
        for item in try value.nonEmptyList(example: "- {name: q1, field: q1, banners: [total], statistics: [percent]}")
        {
            let map = try item.mapping(
                allowed: ["name", "title", "question", "field", "banners", "statistics"], what: "a table")
            let nameValue = try map.required("name", hint: "e.g. name: experience")
            let name = try nameValue.text("a name")
            guard NameRules.isTableName(name) else {
                throw nameValue.error("table name '\(name)' is not a valid name; use only letters, digits, '_' and '-'")
            }
            if let first = firstPaths[name] {
                throw nameValue.error("table name '\(name)' is already used by \(first); names must be unique")
            }
            firstPaths[name] = item.keyPath

            let field = try fields.entry(referencedBy: map.required("field", hint: "name the field to tabulate")).field
            let title = try map.optional("title")?.text("a title") ?? field.label
            let question = try map.optional("question")?.text("a question key") ?? field.name
            let bannerNames = try parseTableBanners(
                map.required("banners", hint: "list the banners to cut by, e.g. [customer]"), banners: banners)
            let statistics = try parseStatistics(
                map.required(
                    "statistics", hint: "e.g. [\(Phrase.list(field.kind.acceptedStatistics.map(\.rawValue)))]"),
                field: field)
            tables.append(
                Table(
                    name: name, title: title, questionKey: question, field: field.name, banners: bannerNames,
                    statistics: statistics))
        }
        return tables
    }

    /// A table's `banners`: declared banner names, each once.
    private func parseTableBanners(_ value: YAMLValue, banners: [DeclaredBanner]) throws -> [String] {
        let declared = banners.map(\.banner.name)
        var names: [String] = []
        for item in try value.nonEmptyList(example: "[\(declared[0])]") {
            let name = try item.text("a banner name")
            guard declared.contains(name) else {
                let guess = YAMLMapping.closest(to: name, among: declared).map { " (did you mean '\($0)'?)" } ?? ""
                throw item.error("unknown banner '\(name)'\(guess); declared banners: \(Phrase.list(declared))")
            }
            guard !names.contains(name) else {
                throw item.error("banner '\(name)' is listed twice; list each banner once")
            }
            names.append(name)
        }
        return names
    }

    /// A table's `statistics`: those its field's type accepts, each once.
    private func parseStatistics(_ value: YAMLValue, field: Field) throws -> [Statistic] {
        let accepted = field.kind.acceptedStatistics
        let acceptance = "\(field.kind.described) accepts \(accepted.map(\.rawValue).joined(separator: ", "))"
        var statistics: [Statistic] = []
        for item in try value.nonEmptyList(example: "[\(accepted.map(\.rawValue).joined(separator: ", "))]") {
            let text = try item.text("a statistic")
            guard let statistic = Statistic(rawValue: text) else {
                throw item.error("unknown statistic '\(text)'; \(acceptance)")
            }
            guard accepted.contains(statistic) else {
                throw item.error(
                    "statistic '\(text)' does not apply to field '\(field.name)'; \(acceptance)")
            }
            guard !statistics.contains(statistic) else {
                throw item.error("statistic '\(text)' is listed twice; list each statistic once")
            }
            statistics.append(statistic)
        }
        return statistics
    }
}
