import TallyModel

/// The definition's words one language's page shows: the title, each table's title,
/// wording, base and answers, each banner's heading and columns. Kept in the report
/// source, so that `tally report` says them without the definition.
public struct ReportLabels: Sendable, Equatable, Codable {
    /// One table's words.
    public struct Table: Sendable, Equatable, Codable {
        public var title: String
        /// The question's wording (its field's label).
        public var wording: String
        /// Who the percentages are of (`Business buyers`).
        public var base: String
        /// Each answer's label by its row code: a code, an option's column, or `net1`…
        public var rows: [String: String]
    }

    /// One banner's words.
    public struct Banner: Sendable, Equatable, Codable {
        /// Its field's label (`Customer type`), or its name.
        public var heading: String
        /// Each column's label by its code, `total` included.
        public var columns: [String: String]
    }

    /// The edition's title.
    public var title: String
    /// By table name.
    public var tables: [String: Table]
    /// By banner name.
    public var banners: [String: Banner]
    /// The weighting margins' field labels, by field name.
    public var margins: [String: String]

    /// The words of `definition` in `language`; `words` say the bases.
    init(definition: PipelineDefinition, language: String, words: BaseWords) {
        let say = { (key: String, text: String) in definition.text(key, text, in: language) }
        title = say(TextKey.title, definition.title)
        var tables: [String: Table] = [:]
        for table in definition.tables {
            let field = definition.field(named: table.field)
            tables[table.name] = Table(
                title: say(TextKey.table(table.name), table.title),
                wording: field.map { say(TextKey.field($0.name), $0.label) } ?? table.field,
                base: definition.baseText(of: table, language: language, words: words),
                rows: field.map { Self.answers(of: $0, say: say) } ?? [:])
        }
        self.tables = tables
        var banners: [String: Banner] = [:]
        for banner in definition.banners {
            let field = banner.field.flatMap { definition.field(named: $0) }
            var columns = field.map { Self.answers(of: $0, say: say) } ?? [:]
            columns["total"] = banner.totalLabel.map { say(TextKey.total(banner.name), $0) }
            banners[banner.name] = Banner(
                heading: field.map { say(TextKey.field($0.name), $0.label) } ?? banner.name, columns: columns)
        }
        self.banners = banners
        var margins: [String: String] = [:]
        for margin in definition.weighting?.margins ?? [] {
            margins[margin.field] = definition.field(named: margin.field).map {
                say(TextKey.field($0.name), $0.label)
            }
        }
        self.margins = margins
    }

    /// A field's answers' labels by row code: its codes (or options) and its nets.
    private static func answers(of field: Field, say: (String, String) -> String) -> [String: String] {
        var labels: [String: String] = [:]
        for category in field.categories {
            labels[category.code] = say(TextKey.answer(field.name, category.code), category.label)
        }
        if case .multi(let spec) = field.kind {
            for option in spec.options {
                labels[option.column] = say(TextKey.answer(field.name, option.column), option.label)
            }
        }
        for (index, net) in field.nets.enumerated() {
            labels["net\(index + 1)"] = say(TextKey.answer(field.name, "net\(index + 1)"), net.label)
        }
        return labels
    }
}
