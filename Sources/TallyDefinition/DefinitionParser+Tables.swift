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
            if let banner = try problems.attempt({ try parseBanner(item, declared: banners, fields: fields) }) {
                banners.append(banner)
            } else {
                problems.markBannerFailed()
            }
        }
        return banners
    }

    /// One entry of `banners`; `declared` are those before it.
    private func parseBanner(
        _ item: YAMLValue, declared banners: [DeclaredBanner], fields: FieldRegistry
    ) throws -> DeclaredBanner {
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
        let total = try map.optional("total").map {
            try label($0, key: TextKey.total(name), what: "a label for the total column")
        }
        var fieldName: String?
        if let fieldValue = map.optional("field") {
            let entry = try fields.entry(referencedBy: fieldValue)
            if case .multi(let spec) = entry.field.kind {
                guard spec.options.count <= CellSpace.maximumBannerOptions else {
                    throw fieldValue.error(
                        "banner field '\(entry.field.name)' has \(spec.options.count) options; a multi-answer banner may have at most \(CellSpace.maximumBannerOptions) (each pattern of options mentioned is a cell)"
                    )
                }
            } else if !entry.field.isCategorical {
                let usable = fields.fields.filter { $0.field.isCategorical || $0.field.isMulti }.map(\.field.name)
                throw fieldValue.error(
                    "banner field '\(entry.field.name)' is \(entry.field.kind.described); a banner's columns are the categories of a single, scale or derived bins field, or the options of a multi-answer field (\(Phrase.list(usable)))"
                )
            }
            fieldName = entry.field.name
        }
        guard total != nil || fieldName != nil else {
            throw item.error(
                "banner '\(name)' has no columns; give it 'field' (one column per category), 'total' (a total column's label), or both"
            )
        }
        return DeclaredBanner(banner: Banner(name: name, totalLabel: total, field: fieldName), keyPath: item.keyPath)
    }

    func parseTables(_ value: YAMLValue, fields: FieldRegistry, banners: [DeclaredBanner]) throws -> [Table] {
        var tables: [Table] = []
        var firstPaths: [String: String] = [:]
        for item in try value.nonEmptyList(example: "- {name: q1, field: q1, banners: [total], statistics: [percent]}")
        {
            let table = try problems.attempt {
                try parseTable(item, firstPaths: &firstPaths, fields: fields, banners: banners)
            }
            if let table { tables.append(table) } else { problems.markTableFailed() }
        }
        return tables
    }

    /// One entry of `tables`; `firstPaths` holds where each table name so far was declared.
    private func parseTable(
        _ item: YAMLValue, firstPaths: inout [String: String], fields: FieldRegistry, banners: [DeclaredBanner]
    ) throws -> Table {
        let map = try item.mapping(allowed: Self.tableKeys, what: "a table")
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
        let title = try map.optional("title").map { try label($0, key: TextKey.table(name), what: "a title") }
        if title == nil { texts.copy(TextKey.field(field.name), to: TextKey.table(name)) }
        let question = try map.optional("question")?.text("a question key") ?? field.name
        let bannerNames = try parseTableBanners(
            map.required("banners", hint: "list the banners to cut by, e.g. [customer]"), banners: banners)
        let ratioValue = map.optional("ratio")
        let ratio = try ratioValue.map { try parseRatio($0, field: field) }
        let statistics = try parseStatistics(
            map.required(
                "statistics", hint: "e.g. [\(Phrase.list(field.kind.acceptedStatistics.map(\.rawValue)))]"),
            field: field, hasRatio: ratio != nil)
        if let ratioValue, !statistics.contains(.ratio) {
            throw ratioValue.error(
                "the table gives a 'ratio' but does not report it; add ratio to its statistics, or leave 'ratio' out"
            )
        }
        let filter = try map.optional("filter").map { try parseFilter($0, table: name, of: field, fields: fields) }
        var table = Table(
            name: name, title: title ?? field.label, questionKey: question, field: field.name, banners: bannerNames,
            statistics: statistics, filter: filter, ratio: ratio)
        if let publishedValue = map.optional("published") {
            table.published = try parsePublished(
                publishedValue, table: table, field: field, fields: fields, banners: banners)
        }
        table.tabBookStatistics = try map.optional("tab_book").map { try parseTableTabBook($0, table: table) }
        return table
    }

    static let tableKeys = [
        "name", "title", "question", "field", "banners", "statistics", "filter", "ratio", "published", "tab_book",
    ]

    /// A table's `banners`: declared banner names, each once.
    private func parseTableBanners(_ value: YAMLValue, banners: [DeclaredBanner]) throws -> [String] {
        let declared = banners.map(\.banner.name)
        var names: [String] = []
        for item in try value.nonEmptyList(example: "[\(declared.first ?? "total")]") {
            let name = try item.text("a banner name")
            guard declared.contains(name) else {
                if problems.bannerFailed { throw FollowOnProblem() }
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

    /// A table's `statistics`: those its field's type accepts, each once; `ratio` only
    /// when the table gives a `ratio`.
    private func parseStatistics(_ value: YAMLValue, field: Field, hasRatio: Bool) throws -> [Statistic] {
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
            if statistic == .mean || statistic == .standardDeviation {
                let unscored = field.categories.filter { $0.inBase && $0.score == nil }.map(\.code)
                guard unscored.isEmpty else {
                    throw item.error(
                        "statistic '\(text)' scores the answers of '\(field.name)', but code\(unscored.count == 1 ? "" : "s") \(Phrase.list(unscored)) \(unscored.count == 1 ? "is not a number and has" : "are not numbers and have") no score; give each a score (- {code: \(unscored[0]), label: ..., score: 1}) or leave it out of the base (base: false)"
                    )
                }
            }
            guard statistic != .ratio || hasRatio else {
                throw item.error(
                    "statistic 'ratio' needs the table's 'ratio' key saying what is divided by what, e.g. ratio: {label: Important vs. unimportant, numerator: [4, 5], denominator: [1, 2]}"
                )
            }
            statistics.append(statistic)
        }
        return statistics
    }

    // MARK: Filter and ratio

    /// `filter`: respondents with some codes of a categorical field, or mentioning some
    /// options of a multi field; `table` is the field the table tabulates.
    func parseFilter(
        _ value: YAMLValue, table name: String, of table: Field, fields: FieldRegistry
    ) throws -> TableFilter {
        let map = try value.mapping(allowed: ["field", "codes", "options", "label"], what: "a filter")
        let fieldValue = try map.required(
            "field",
            hint: "name the field whose answers restrict the base, e.g. {field: has_brand, codes: [1], label: ...}")
        let entry = try fields.entry(referencedBy: fieldValue)
        let field = entry.field
        guard field.name != table.name else {
            throw fieldValue.error(
                "the table's own field '\(field.name)' cannot filter it; a filter restricts the base by another question's answers"
            )
        }
        let members: [Int]
        switch field.kind {
        case .single, .bins:
            try map.rejectKeys(
                outside: ["field", "codes", "label"], for: "a filter on \(field.kind.described)",
                hints: ["options": "only a filter on a multi field lists options"])
            let codes = field.categories.map(\.code)
            members = try map.required(
                "codes", hint: "list the codes of '\(field.name)' kept in the base, e.g. [\(codes[0])]"
            ).memberIndices(of: codes, word: "code", field: field.name)
        case .multi(let spec):
            try map.rejectKeys(
                outside: ["field", "options", "label"], for: "a filter on a multi field",
                hints: ["codes": "a multi field has options, not codes; list option columns under 'options'"])
            let columns = spec.options.map(\.column)
            members = try map.required(
                "options", hint: "list the option columns of '\(field.name)'; respondents mentioning any are kept"
            ).memberIndices(of: columns, word: "option", field: field.name)
        case .numeric, .count:
            let eligible = fields.fields.map(\.field).filter {
                if case .multi = $0.kind { return true }
                return $0.isCategorical
            }.map(\.name)
            throw fieldValue.error(
                "filter field '\(field.name)' is \(field.kind.described); a filter keeps respondents with some codes of a single, scale or derived bins field, or some options of a multi field (\(Phrase.list(eligible)))"
            )
        }
        let label = try self.label(
            map.required(
                "label", hint: "describe who is kept for readers, e.g. label: consumers with a favorite brand"),
            key: TextKey.filter(name))
        return TableFilter(field: field.name, members: members, label: label)
    }

    /// `ratio`: two disjoint sets of codes of a single or scale field.
    func parseRatio(_ value: YAMLValue, field: Field) throws -> RatioSpec {
        guard case .single = field.kind else {
            throw value.error(
                "'ratio' applies only to single and scale fields; the table's field '\(field.name)' is \(field.kind.described)"
            )
        }
        let map = try value.mapping(allowed: ["label", "numerator", "denominator"], what: "a ratio")
        let label = try self.label(
            map.required("label", hint: "name the ratio, e.g. label: Important vs. unimportant"), key: nil)
        let codes = field.categories.map(\.code)
        let numerator = try map.required(
            "numerator", hint: "list the codes counted above the line, e.g. [\(codes.last ?? "")]"
        ).memberIndices(of: codes, word: "code", field: field.name)
        let denominatorValue = try map.required(
            "denominator", hint: "list the codes counted below the line, e.g. [\(codes[0])]")
        let denominator = try denominatorValue.memberIndices(of: codes, word: "code", field: field.name)
        for (position, index) in denominator.enumerated() where numerator.contains(index) {
            let items = try denominatorValue.list()
            throw items[position].error(
                "code '\(codes[index])' is in both the numerator and the denominator; a ratio compares two disjoint sets of codes"
            )
        }
        return RatioSpec(label: label, numerator: numerator, denominator: denominator)
    }
}
