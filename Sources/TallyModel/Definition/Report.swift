/// Text written once for every language, or once per language.
public struct LocalizedText: Sendable, Equatable, Codable {
    /// The text of each language by its tag (`en`, `zh-Hant`); the key `*` holds a
    /// text for every language.
    public var byLanguage: [String: String]

    /// The same text in every language.
    public init(_ text: String) {
        byLanguage = ["*": text]
    }

    /// A text per language.
    public init(byLanguage: [String: String]) {
        self.byLanguage = byLanguage
    }

    /// The text in `language`, or the one for every language.
    public func text(in language: String) -> String {
        byLanguage[language] ?? byLanguage["*"] ?? ""
    }
}

/// The names under which a definition keeps the texts it writes per language, one
/// per text for people: `fields.q1` (a field's label), `fields.q1.2` (an answer's:
/// a code, an option's column or a net's `net1`), `tables.t` (a title),
/// `tables.t.filter`, `banners.b.total`, `title`.
public enum TextKey {
    /// The edition's title.
    public static let title = "title"

    /// A field's label (its question wording).
    public static func field(_ name: String) -> String { "fields.\(name)" }

    /// An answer's label: a code, a multi field's option column, or a net (`net1`…).
    public static func answer(_ field: String, _ code: String) -> String { "fields.\(field).\(code)" }

    /// A table's title.
    public static func table(_ name: String) -> String { "tables.\(name)" }

    /// A table filter's label (who the table's base keeps).
    public static func filter(_ table: String) -> String { "tables.\(table).filter" }

    /// A banner's total column label.
    public static func total(_ banner: String) -> String { "banners.\(banner).total" }
}

/// The edition's report (`report:`): what it says and in which languages, built
/// from the run's own results.
public struct ReportSpec: Sendable, Equatable, Codable {
    /// The languages published, each a file (`en.html`), in order.
    public var languages: [String]
    /// The tables whose total column describes the sample on the cover (customer type, country).
    public var sample: [String]
    /// The key statistics, in order.
    public var keyStatistics: [KeyStatistic]
    /// The chapters, in order.
    public var chapters: [ReportChapter]
    /// The banner with a profile page per column (the markets): each column's key
    /// statistics beside the total's, marked where it differs from the rest of the sample.
    public var profiles: String?

    /// Every table the report reads.
    public var tables: Set<String> {
        Set(sample + keyStatistics.map(\.table) + chapters.flatMap(\.tables))
    }

    public init(
        languages: [String], sample: [String] = [], keyStatistics: [KeyStatistic] = [],
        chapters: [ReportChapter] = [], profiles: String? = nil
    ) {
        self.languages = languages
        self.sample = sample
        self.keyStatistics = keyStatistics
        self.chapters = chapters
        self.profiles = profiles
    }
}

/// One key statistic: a cell of a table and the sentence that says it.
public struct KeyStatistic: Sendable, Equatable, Codable {
    public var table: String
    public var banner: String
    /// `total` or a code of the banner's field.
    public var column: String
    /// The row code (a code, an option column or `net1`…).
    public var row: String
    /// The sentence, with placeholders for the estimate (see the report documentation).
    public var sentence: LocalizedText

    public init(table: String, banner: String, column: String, row: String, sentence: LocalizedText) {
        self.table = table
        self.banner = banner
        self.column = column
        self.row = row
        self.sentence = sentence
    }
}

/// A chapter of the report: a title, an introduction and a chart per table.
public struct ReportChapter: Sendable, Equatable, Codable {
    public var title: LocalizedText
    public var intro: LocalizedText?
    /// The tables charted, in order.
    public var tables: [String]
    /// The banner whose columns the charts compare (grouped bars); nil for the total alone.
    public var compare: String?

    public init(title: LocalizedText, intro: LocalizedText? = nil, tables: [String], compare: String? = nil) {
        self.title = title
        self.intro = intro
        self.tables = tables
        self.compare = compare
    }
}
