import TallyModel

/// `report`: the edition's report, its languages, key statistics and chapters.
extension DefinitionParser {
    /// The keys of `report`.
    static let reportKeys = ["languages", "sample", "key_statistics", "chapters", "profiles"]

    func parseReport(
        _ value: YAMLValue, tables: [Table], banners: [DeclaredBanner], fields: FieldRegistry
    ) throws -> ReportSpec {
        let map = try value.mapping(allowed: Self.reportKeys, what: "report")
        let languages = try parseLanguages(map.optional("languages"))
        let context = ReportContext(
            tables: tables, banners: banners, fields: fields, tableFailed: problems.tableFailed)
        let sample = try map.optional("sample")?.list(example: "[customer_type, country]").map {
            try context.table($0).name
        }
        let statistics = try map.optional("key_statistics")?.list(example: "- {table: q1, banner: all, ...}").map {
            try parseKeyStatistic($0, context: context, languages: languages)
        }
        let chapters = try map.optional("chapters")?.list(example: "- {title: Expectations, tables: [q1, q2]}").map {
            try parseChapter($0, context: context)
        }
        let profiles = try map.optional("profiles").map {
            try parseProfiles($0, statistics: statistics ?? [], context: context)
        }
        return ReportSpec(
            languages: languages, sample: sample ?? [], keyStatistics: statistics ?? [], chapters: chapters ?? [],
            profiles: profiles)
    }

    /// `profiles`: a banner with columns of its own, cutting at least one key statistic's table.
    private func parseProfiles(
        _ value: YAMLValue, statistics: [KeyStatistic], context: ReportContext
    ) throws -> String {
        let name = try value.text("a banner name")
        guard let banner = context.banners.first(where: { $0.banner.name == name })?.banner, banner.field != nil,
            banner.totalLabel != nil
        else {
            throw value.error(
                "'\(name)' is no banner with a total and columns of its own; profiles set each column beside the total"
            )
        }
        let cut = statistics.filter { statistic in
            context.tables.first { $0.name == statistic.table }?.banners.contains(name) == true
        }
        guard !cut.isEmpty else {
            throw value.error(
                "no key statistic's table is cut by banner '\(name)'; a profile shows the key statistics in each of its columns"
            )
        }
        return name
    }

    /// What the parts of `report` are checked against.
    private struct ReportContext {
        var tables: [Table]
        var banners: [DeclaredBanner]
        var fields: FieldRegistry
        /// Whether a table's declaration failed (an unknown name may be its).
        var tableFailed: Bool

        /// A declared table.
        func table(_ value: YAMLValue) throws -> Table {
            let name = try value.text("a table name")
            if let table = tables.first(where: { $0.name == name }) { return table }
            if tableFailed { throw FollowOnProblem() }
            let names = tables.map(\.name)
            let guess = YAMLMapping.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw value.error("unknown table '\(name)'\(guess); the report charts tables declared under 'tables'")
        }
    }

    /// A key statistic: a table's percentage in one column and answer, and its sentence.
    private func parseKeyStatistic(
        _ value: YAMLValue, context: ReportContext, languages: [String]
    ) throws -> KeyStatistic {
        let map = try value.mapping(allowed: ["table", "banner", "column", "row", "sentence"], what: "a key statistic")
        let tableValue = try map.required("table", hint: "name the table the figure comes from")
        let table = try context.table(tableValue)
        guard table.statistics.contains(.percent) else {
            throw tableValue.error("table '\(table.name)' does not report percent, which a key statistic states")
        }
        let bannerValue = try map.required("banner", hint: "name one of the table's banners")
        let bannerName = try bannerValue.text("a banner name")
        guard table.banners.contains(bannerName),
            let banner = context.banners.first(where: { $0.banner.name == bannerName })?.banner
        else {
            throw bannerValue.error(
                "banner '\(bannerName)' is not one of table '\(table.name)''s banners (\(Phrase.list(table.banners)))")
        }
        let columnValue = try map.required("column", hint: "write total or a code of the banner's field")
        let column = try columnValue.text("'total' or a code")
        let codes = banner.field.flatMap { context.fields.entry(named: $0) }?.field.categories.map(\.code) ?? []
        guard (column == "total" && banner.totalLabel != nil) || codes.contains(column) else {
            let columns = (banner.totalLabel == nil ? [] : ["total"]) + codes
            throw columnValue.error(
                "column '\(column)' is not a column of banner '\(bannerName)'; its columns are \(Phrase.list(columns, limit: 20))"
            )
        }
        let rowValue = try map.required("row", hint: "write the answer's code or the net's label")
        let row = try answerRow(rowValue, of: table, fields: context.fields)
        let sentence = try localized(
            map.required("sentence", hint: "say it for readers, e.g. \"{Percent} of customers agree\""),
            what: "a sentence")
        for language in languages {
            try checkTemplate(sentence.text(in: language), at: map.required("sentence"))
        }
        return KeyStatistic(table: table.name, banner: bannerName, column: column, row: row, sentence: sentence)
    }

    /// The placeholders a sentence may use.
    static let sentencePlaceholders = ["percent", "Percent", "frequency", "Frequency", "change"]

    /// Checks that every `{…}` in a sentence is a known placeholder.
    private func checkTemplate(_ text: String, at value: YAMLValue) throws {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw value.error("the sentence has a '{' without its '}'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard Self.sentencePlaceholders.contains(name) else {
                throw value.error(
                    "unknown placeholder '{\(name)}'; a sentence may use \(Self.sentencePlaceholders.map { "{\($0)}" }.joined(separator: ", "))"
                )
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    /// The row code of an answer code, option column or net label of a table's field.
    private func answerRow(_ value: YAMLValue, of table: Table, fields: FieldRegistry) throws -> String {
        let text = try value.text("a code or a net label")
        guard let field = fields.entry(named: table.field)?.field else { throw FollowOnProblem() }
        if let index = field.nets.firstIndex(where: { $0.label == text }) { return "net\(index + 1)" }
        var answers: [String] = []
        switch field.kind {
        case .single, .bins: answers = field.categories.filter(\.inBase).map(\.code)
        case .multi(let spec): answers = spec.options.map(\.column)
        case .numeric, .count: break
        }
        guard answers.contains(text) else {
            throw value.error(
                "'\(text)' is no answer of table '\(table.name)' with a percentage; write one of \(Phrase.list(answers + field.nets.map(\.label), limit: 20))"
            )
        }
        return text
    }

    /// A chapter: its title, introduction, tables and the banner its charts compare.
    private func parseChapter(_ value: YAMLValue, context: ReportContext) throws -> ReportChapter {
        let map = try value.mapping(allowed: ["title", "intro", "tables", "compare"], what: "a chapter")
        let title = try localized(map.required("title", hint: "name the chapter"), what: "a title")
        let intro = try map.optional("intro").map { try localized($0, what: "an introduction") }
        let tablesValue = try map.required("tables", hint: "list the tables the chapter charts")
        var tables: [Table] = []
        for item in try tablesValue.nonEmptyList(example: "[q1, q2]") {
            let table = try context.table(item)
            guard table.statistics.contains(.percent) || table.statistics.contains(.mean) else {
                throw item.error("table '\(table.name)' reports neither percent nor mean, which a chart shows")
            }
            tables.append(table)
        }
        var compare: String?
        if let compareValue = map.optional("compare") {
            let name = try compareValue.text("a banner name")
            guard let banner = context.banners.first(where: { $0.banner.name == name })?.banner,
                banner.field != nil
            else {
                throw compareValue.error("'\(name)' is no banner with columns of its own to compare")
            }
            if let missing = tables.first(where: { !$0.banners.contains(name) }) {
                throw compareValue.error(
                    "table '\(missing.name)' is not cut by banner '\(name)', which the chapter compares")
            }
            compare = name
        }
        return ReportChapter(title: title, intro: intro, tables: tables.map(\.name), compare: compare)
    }
}
