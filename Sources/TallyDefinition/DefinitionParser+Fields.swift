import TallyModel

/// `fields` and `derived`: the questions read from the data and the fields derived from them.
extension DefinitionParser {
    /// The most options a multi-select field may have (one bit each in a `UInt64`).
    static let maximumOptionCount = UInt64.bitWidth

    func parseFields(_ value: YAMLValue, into registry: inout FieldRegistry) throws {
        let items = try value.nonEmptyList(example: "- {name: q1, type: single, codes: [{code: 1, label: Yes}]}")
        for item in items {
            let parsed = try problems.attempt {
                let field = try parseField(item, registry: &registry)
                // The field's keys were checked by parseField; `synth` is read after `synthesis`.
                let synth = try item.mapping(allowed: FieldType.allKeys, what: "a field").optional("synth")
                registry.add(field, keyPath: item.keyPath, isRead: true, synthValue: synth)
            }
            if parsed == nil { registry.markIncomplete() }
        }
    }

    /// One entry of `fields`.
    func parseField(_ value: YAMLValue, registry: inout FieldRegistry) throws -> Field {
        let map = try value.mapping(allowed: FieldType.allKeys, what: "a field")
        let nameValue = try map.required("name", hint: "e.g. name: q1")
        let name = try registry.claimName(at: nameValue, declaration: value.keyPath)
        let label = try map.optional("label").map { try self.label($0, key: TextKey.field(name)) } ?? name

        let typeValue = try map.required("type", hint: "write type: single, scale, multi or numeric")
        let typeText = try typeValue.text()
        guard let type = FieldType(rawValue: typeText) else {
            var message =
                "unknown field type '\(typeText)'; write \(Phrase.alternatives(FieldType.allCases.map(\.rawValue)))"
            if typeText == "bins" { message += " (bins fields are declared under 'derived')" }
            throw typeValue.error(message)
        }
        try map.rejectKeys(outside: type.keys, for: "a \(type.rawValue) field", hints: Self.keyHints(for: type))

        switch type {
        case .single, .scale:
            let column = try claimColumn(of: map, field: name, nameValue: nameValue, registry: &registry)
            let categories = try parseCodes(
                map.required("codes", hint: "list the answer codes, e.g. - {code: 1, label: Yes}"), field: name)
            let nets = try map.optional("nets").map {
                try parseNets($0, memberKey: "codes", members: categories.map(\.code), field: name)
            }
            return Field(
                name: name, label: label,
                kind: .single(
                    CategoricalSpec(
                        column: column, categories: categories, nets: nets ?? [], isScale: type == .scale)))
        case .multi:
            let options = try parseOptions(
                map.required("options", hint: "list one {column, label} per option"), field: name,
                registry: &registry)
            let nets = try map.optional("nets").map {
                try parseNets($0, memberKey: "options", members: options.map(\.column), field: name)
            }
            return Field(name: name, label: label, kind: .multi(MultiSelectSpec(options: options, nets: nets ?? [])))
        case .numeric:
            let column = try claimColumn(of: map, field: name, nameValue: nameValue, registry: &registry)
            let range = try map.optional("range").map(parseRange)
            return Field(name: name, label: label, kind: .numeric(NumericSpec(column: column, range: range)))
        }
    }

    /// What to do instead of a key that does not fit a field's type.
    static func keyHints(for type: FieldType) -> [String: String] {
        [
            "column": "a multi field reads one column per option, named under 'options'",
            "codes": type == .multi
                ? "a multi field lists 'options'" : "a numeric field has no codes; 'range' limits its values",
            "options": "only multi fields have options; single and scale fields list 'codes'",
            "nets": "a numeric field has no nets",
            "range": "only numeric fields have a range",
        ]
    }

    /// The field's data column (`column`, default the field's name), reserved for it.
    private func claimColumn(
        of map: YAMLMapping, field name: String, nameValue: YAMLValue, registry: inout FieldRegistry
    ) throws -> String {
        let owner = "read by field '\(name)' (\(map.value.keyPath))"
        if let columnValue = map.optional("column") {
            let column = try columnValue.text("a column name")
            try registry.claimColumn(column, owner: owner, at: columnValue)
            return column
        }
        try registry.claimColumn(
            name, owner: owner, at: nameValue,
            hint: "the field reads the column named like it; set 'column' to the column it should read")
        return name
    }

    // MARK: Categories and options

    /// `codes` of a single-choice or scale field.
    func parseCodes(_ value: YAMLValue, field: String) throws -> [Category] {
        let items = try value.nonEmptyList(example: "- {code: 1, label: Yes}")
        guard items.count <= CategoryCode.maximumCount else {
            throw value.error(
                "field '\(field)' declares \(items.count) codes; at most \(CategoryCode.maximumCount) are allowed")
        }
        var categories: [Category] = []
        categories.reserveCapacity(items.count)
        var firstPaths: [String: String] = [:]
        for item in items {
            let map = try item.mapping(allowed: ["code", "label", "base", "score"], what: "a code")
            let codeValue = try map.required("code", hint: "write the code as it appears in the data, e.g. code: 1")
            let code = try codeValue.text("a code (a number or text)")
            if let first = firstPaths[code] {
                throw codeValue.error(
                    "code '\(code)' is declared twice in field '\(field)' (first at \(first)); codes must be unique within a field"
                )
            }
            firstPaths[code] = item.keyPath
            let label = try map.optional("label").map { try self.label($0, key: TextKey.answer(field, code)) } ?? code
            let inBase = try map.optional("base")?.bool() ?? true
            // A code that is a number is its own score unless one is written.
            let score = try map.optional("score").map(parseScore) ?? Double(code).flatMap { $0.isFinite ? $0 : nil }
            categories.append(Category(code: code, label: label, inBase: inBase, score: score))
        }
        return categories
    }

    /// A code's `score`: a finite number.
    private func parseScore(_ value: YAMLValue) throws -> Double {
        let score = try value.number()
        guard score.isFinite else {
            throw value.error("a score is a finite number, found \(value.found); write e.g. score: 2")
        }
        return score
    }

    /// `options` of a multi-select field; each option's column is reserved for it.
    func parseOptions(
        _ value: YAMLValue, field: String, registry: inout FieldRegistry
    ) throws
        -> [MultiSelectOption]
    {
        let items = try value.nonEmptyList(example: "- {column: ch_email, label: Email}")
        guard items.count <= Self.maximumOptionCount else {
            throw value.error(
                "field '\(field)' declares \(items.count) options; a multi field has at most \(Self.maximumOptionCount); split it into several fields"
            )
        }
        var options: [MultiSelectOption] = []
        for item in items {
            let map = try item.mapping(allowed: ["column", "label"], what: "an option")
            let columnValue = try map.required("column", hint: "name the option's 0/1 data column")
            let column = try columnValue.text("a column name")
            try registry.claimColumn(
                column, owner: "read by option \(item.keyPath) of field '\(field)'", at: columnValue)
            let label =
                try map.optional("label").map { try self.label($0, key: TextKey.answer(field, column)) } ?? column
            options.append(MultiSelectOption(column: column, label: label))
        }
        return options
    }

    /// `nets` of a categorical field (members listed under `codes`) or a multi field (`options`).
    /// - Parameter members: the field's codes or option columns; a net's members are indices into them.
    func parseNets(_ value: YAMLValue, memberKey: String, members: [String], field: String) throws -> [Net] {
        let word = memberKey == "codes" ? "code" : "option"
        let example = memberKey == "codes" ? "- {label: Top 2 box, codes: [4, 5]}" : "- {label: Any, options: [a, b]}"
        var indexByMember: [String: Int] = [:]
        for (index, member) in members.enumerated() { indexByMember[member] = index }

        var nets: [Net] = []
        var firstPaths: [String: String] = [:]
        for item in try value.list(example: example) {
            let map = try item.mapping(allowed: ["label", memberKey, "position"], what: "a net")
            let labelValue = try map.required("label", hint: "name the net, e.g. label: Top 2 box")
            let label = try self.label(labelValue, key: TextKey.answer(field, "net\(nets.count + 1)"))
            if let first = firstPaths[label] {
                throw labelValue.error(
                    "net label '\(label)' is already used by \(first); give each net of field '\(field)' its own label")
            }
            firstPaths[label] = item.keyPath
            let listValue = try map.required(memberKey, hint: "list the \(word)s the net combines")
            var indices: [Int] = []
            for memberValue in try listValue.nonEmptyList(example: example) {
                let member = try memberValue.text(word == "code" ? "a code" : "an option column")
                guard let index = indexByMember[member] else {
                    throw memberValue.error(
                        "'\(member)' is not \(word == "code" ? "a code" : "an option") of field '\(field)'; its \(word)s are \(Phrase.list(members))"
                    )
                }
                guard !indices.contains(index) else {
                    throw memberValue.error("\(word) '\(member)' is listed twice in this net; list it once")
                }
                indices.append(index)
            }
            let position = try map.optional("position").map(parseNetPosition) ?? .after
            nets.append(Net(label: label, members: indices, position: position))
        }
        return nets
    }

    /// A net's `position`: after, before, top or bottom.
    private func parseNetPosition(_ value: YAMLValue) throws -> NetPosition {
        let text = try value.text()
        guard let position = NetPosition(rawValue: text) else {
            throw value.error(
                "unknown net position '\(text)'; write \(Phrase.alternatives(NetPosition.allCases.map(\.rawValue))): after its last member (the default), before its first, above or below every answer"
            )
        }
        return position
    }

    /// `range: [min, max]` of a numeric field.
    func parseRange(_ value: YAMLValue) throws -> ClosedRange<Double> {
        let bounds = try value.list(example: "[0, 100]")
        guard bounds.count == 2 else {
            throw value.error("a range is two numbers [min, max], found \(bounds.count); write e.g. [0, 100]")
        }
        let lower = try bounds[0].number()
        let upper = try bounds[1].number()
        guard lower <= upper else {
            throw value.error(
                "range [\(Phrase.number(lower)), \(Phrase.number(upper))] has its min above its max; write [\(Phrase.number(upper)), \(Phrase.number(lower))]"
            )
        }
        return lower...upper
    }

    // MARK: Derived fields

    /// The types of derived field.
    static let derivedTypes = ["bins", "count"]

    func parseDerived(_ value: YAMLValue, into registry: inout FieldRegistry) throws {
        for item in try value.list(example: "- {name: generation, type: bins, from: birth_year, bins: [...]}") {
            if try problems.attempt({ try parseDerivedField(item, into: &registry) }) == nil {
                registry.markIncomplete()
            }
        }
    }

    /// One entry of `derived`.
    private func parseDerivedField(_ item: YAMLValue, into registry: inout FieldRegistry) throws {
        let map = try item.mapping(allowed: ["name", "label", "type", "from", "bins"], what: "a derived field")
        let name = try registry.claimName(
            at: map.required("name", hint: "e.g. name: generation"), declaration: item.keyPath)
        let label = try map.optional("label").map { try self.label($0, key: TextKey.field(name)) } ?? name
        let typeValue = try map.required("type", hint: "write type: bins or type: count")
        let type = try typeValue.text()
        let kind: FieldKind
        switch type {
        case "bins":
            let source = try parseBinSource(
                map.required("from", hint: "name the numeric field the bins read"), registry)
            let bins = try parseBins(
                map.required("bins", hint: "list the ranges, e.g. - {code: young, min: 16, max: 34}"), field: name)
            kind = .bins(BinSpec(source: source, bins: bins))
        case "count":
            try map.rejectKeys(
                outside: ["name", "label", "type", "from"], for: "a derived count field",
                hints: ["bins": "a count field counts the options mentioned; bins belong to type: bins"])
            let source = try parseCountSource(
                map.required("from", hint: "name the multi field whose mentioned options are counted"), registry)
            kind = .count(CountSpec(source: source))
        default:
            throw typeValue.error(
                "unknown derived field type '\(type)'; derived fields have type: bins (categories from ranges of a number) or type: count (the number of options of a multi field mentioned)"
            )
        }
        registry.add(Field(name: name, label: label, kind: kind), keyPath: item.keyPath, isRead: false)
    }

    /// `from` of a count field: a multi field.
    private func parseCountSource(_ value: YAMLValue, _ registry: FieldRegistry) throws -> String {
        let multi = registry.fields.filter { entry in
            if case .multi = entry.field.kind { return true }
            return false
        }.map(\.field.name)
        let choices = multi.isEmpty ? "no multi field is declared" : "multi fields: \(Phrase.list(multi))"
        let name = try value.text("a field name")
        guard let entry = registry.entry(named: name) else {
            try registry.checkUnknownName()
            let guess = YAMLMapping.closest(to: name, among: multi).map { " (did you mean '\($0)'?)" } ?? ""
            throw value.error(
                "unknown field '\(name)'\(guess); a count field counts the options of a multi field; \(choices)")
        }
        guard case .multi = entry.field.kind else {
            throw value.error(
                "'\(name)' is \(entry.field.kind.described); a count field counts the options mentioned of a multi field; \(choices)"
            )
        }
        return name
    }

    /// `from`: a numeric field declared under `fields`.
    private func parseBinSource(_ value: YAMLValue, _ registry: FieldRegistry) throws -> String {
        let numeric = registry.fields.filter { entry in
            if case .numeric = entry.field.kind { return true }
            return false
        }.map(\.field.name)
        let choices =
            numeric.isEmpty ? "no numeric field is declared under 'fields'" : "numeric fields: \(Phrase.list(numeric))"
        let name = try value.text("a field name")
        guard let entry = registry.entry(named: name) else {
            try registry.checkUnknownName()
            let guess = YAMLMapping.closest(to: name, among: numeric).map { " (did you mean '\($0)'?)" } ?? ""
            throw value.error("unknown field '\(name)'\(guess); bins read a numeric field; \(choices)")
        }
        guard entry.isRead, case .numeric = entry.field.kind else {
            let what = entry.isRead ? entry.field.kind.described : "a derived field"
            throw value.error("'\(name)' is \(what); bins read a numeric field declared under 'fields'; \(choices)")
        }
        return name
    }

    /// `bins` of a derived field: inclusive ranges that must not overlap.
    func parseBins(_ value: YAMLValue, field: String) throws -> [Bin] {
        let items = try value.nonEmptyList(example: "- {code: young, label: 16-34, min: 16, max: 34}")
        guard items.count <= CategoryCode.maximumCount else {
            throw value.error(
                "field '\(field)' declares \(items.count) bins; at most \(CategoryCode.maximumCount) are allowed")
        }
        var bins: [Bin] = []
        var firstPaths: [String: String] = [:]
        for item in items {
            let map = try item.mapping(allowed: ["code", "label", "min", "max"], what: "a bin")
            let codeValue = try map.required("code", hint: "e.g. code: genx")
            let code = try codeValue.text("a code (a number or text)")
            if let first = firstPaths[code] {
                throw codeValue.error(
                    "code '\(code)' is declared twice in field '\(field)' (first at \(first)); codes must be unique within a field"
                )
            }
            firstPaths[code] = item.keyPath
            let label = try map.optional("label").map { try self.label($0, key: TextKey.answer(field, code)) } ?? code
            let lower = try map.required("min", hint: "the smallest value in the bin").number()
            let maxValue = try map.required("max", hint: "the largest value in the bin")
            let upper = try maxValue.number()
            guard lower <= upper else {
                throw maxValue.error(
                    "bin '\(code)' has max \(Phrase.number(upper)) below its min \(Phrase.number(lower)); min must not exceed max"
                )
            }
            bins.append(Bin(category: Category(code: code, label: label), lower: lower, upper: upper))
        }
        try checkDisjoint(bins, items: items)
        return bins
    }

    /// Bins are inclusive at both ends; two overlapping bins are reported at the later one.
    private func checkDisjoint(_ bins: [Bin], items: [YAMLValue]) throws {
        let order = bins.indices.sorted { (bins[$0].lower, $0) < (bins[$1].lower, $1) }
        guard var reach = order.first else { return }  // the bin reaching furthest so far
        for index in order.dropFirst() {
            if bins[index].lower <= bins[reach].upper {
                let (later, earlier) = index > reach ? (index, reach) : (reach, index)
                let describe = { (bin: Bin) in
                    "'\(bin.category.code)' [\(Phrase.number(bin.lower)), \(Phrase.number(bin.upper))]"
                }
                throw items[later].error(
                    "bin \(describe(bins[later])) overlaps bin \(describe(bins[earlier])) (\(items[earlier].keyPath)); bins include both ends, so make the ranges disjoint"
                )
            }
            if bins[index].upper > bins[reach].upper { reach = index }
        }
    }
}
