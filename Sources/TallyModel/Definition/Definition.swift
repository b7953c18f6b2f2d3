/// A validated pipeline definition: one survey edition, its fields, banners and tables.
///
/// Built by `TallyDefinition.DefinitionLoader` from YAML; every name it holds has been
/// checked to refer to something that exists.
public struct PipelineDefinition: Sendable {
    /// Where the definition was read from (used to resolve relative input patterns).
    public var sourcePath: String
    /// The survey's identifier, e.g. `connected-customer`.
    public var survey: String
    /// The edition, used as the `edition=` partition value.
    public var edition: String
    /// The human title of the edition.
    public var title: String
    /// Fieldwork dates as written (ISO 8601 dates).
    public var fieldwork: Fieldwork?
    /// Where the respondent files are and how to read them.
    public var input: InputSpec
    /// Every field, read and derived, in declaration order (read fields first).
    public var fields: [Field]
    /// The banners (column sets) tables can be cut by.
    public var banners: [Banner]
    /// The tables to produce.
    public var tables: [Table]
    /// How results are partitioned on disk.
    public var output: OutputSpec
    /// Limits on rejected data.
    public var quality: QualitySpec
    /// Raking targets, or nil for a run weighted by base weights alone.
    public var weighting: WeightingSpec?
    /// Quality rules for the cleaner.
    public var cleaning: CleaningSpec
    /// Column significance tests.
    public var significance: SignificanceSpec
    /// Low-base flagging and suppression.
    public var lowBase: LowBaseSpec
    /// What the tab book shows of every table.
    public var tabBook: TabBookSpec
    /// The edition's report, when the definition asks for one.
    public var report: ReportSpec?
    /// The texts written once per language, by their `TextKey`; the definition's own
    /// strings (labels, titles) hold the first language's.
    public var translations: [String: LocalizedText]

    public init(
        sourcePath: String, survey: String, edition: String, title: String, fieldwork: Fieldwork?,
        input: InputSpec, fields: [Field], banners: [Banner], tables: [Table], output: OutputSpec,
        quality: QualitySpec, weighting: WeightingSpec? = nil, cleaning: CleaningSpec = CleaningSpec(),
        significance: SignificanceSpec = SignificanceSpec(),
        lowBase: LowBaseSpec = LowBaseSpec(), tabBook: TabBookSpec = TabBookSpec(), report: ReportSpec? = nil,
        translations: [String: LocalizedText] = [:]
    ) {
        self.sourcePath = sourcePath
        self.survey = survey
        self.edition = edition
        self.title = title
        self.fieldwork = fieldwork
        self.input = input
        self.fields = fields
        self.banners = banners
        self.tables = tables
        self.output = output
        self.quality = quality
        self.weighting = weighting
        self.cleaning = cleaning
        self.significance = significance
        self.lowBase = lowBase
        self.tabBook = tabBook
        self.report = report
        self.translations = translations
    }

    /// The field with this name, if declared.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// The text under `key` in `language`: its translation, or `text` (the definition's
    /// own string) when it is written once for every language.
    public func text(_ key: String, _ text: String, in language: String) -> String {
        translations[key]?.text(in: language) ?? text
    }

    /// The banner with this name, if declared.
    public func banner(named name: String) -> Banner? {
        banners.first { $0.name == name }
    }
}

/// Fieldwork start and end dates, as ISO 8601 text (`2023-05-03`).
public struct Fieldwork: Sendable, Equatable {
    public var start: String
    public var end: String
    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}

/// Input files and their format.
public struct InputSpec: Sendable, Equatable {
    /// Glob patterns, relative to the definition's folder unless absolute.
    public var files: [String]
    /// The file format; CSV (plain or gzipped) for now.
    public var format: InputFormat
    /// The respondent id column.
    public var idColumn: String
    /// An optional base (design) weight column; every respondent weighs 1 without it.
    public var weightColumn: String?

    public init(files: [String], format: InputFormat, idColumn: String, weightColumn: String?) {
        self.files = files
        self.format = format
        self.idColumn = idColumn
        self.weightColumn = weightColumn
    }
}

/// Supported input formats.
public enum InputFormat: String, Sendable, CaseIterable {
    /// RFC 4180 CSV with a header row, plain or gzip-compressed (detected from the bytes).
    case csv
}

/// A question or variable.
public struct Field: Sendable {
    /// The name tables and banners use.
    public var name: String
    /// The question text or variable label.
    public var label: String
    /// What kind of answers it holds.
    public var kind: FieldKind

    public init(name: String, label: String, kind: FieldKind) {
        self.name = name
        self.label = label
        self.kind = kind
    }

    /// The categories of a single-choice, scale or binned field; empty for others.
    public var categories: [Category] {
        switch kind {
        case .single(let spec): return spec.categories
        case .bins(let spec): return spec.bins.map(\.category)
        case .multi, .numeric, .count: return []
        }
    }

    /// The nets declared on a categorical or multi-select field.
    public var nets: [Net] {
        switch kind {
        case .single(let spec): return spec.nets
        case .multi(let spec): return spec.nets
        case .bins, .numeric, .count: return []
        }
    }

    /// Whether the field holds one category code per respondent.
    public var isCategorical: Bool {
        switch kind {
        case .single, .bins: return true
        case .multi, .numeric, .count: return false
        }
    }

    /// Whether the field is a multi-answer (multi-select) question.
    public var isMulti: Bool {
        if case .multi = kind { return true }
        return false
    }
}

/// The kinds of field Tally understands.
public enum FieldKind: Sendable {
    /// One code per respondent from a declared list (single choice or a rating scale).
    case single(CategoricalSpec)
    /// One 0/1 column per option.
    case multi(MultiSelectSpec)
    /// A number, optionally limited to a range.
    case numeric(NumericSpec)
    /// Derived: categories from ranges of a numeric field (e.g. generation from birth year).
    case bins(BinSpec)
    /// Derived: the number of options of a multi-select field mentioned (e.g. channels used).
    case count(CountSpec)
}

/// A numeric field derived from a multi-select: the number of options mentioned,
/// missing when no option was answered.
public struct CountSpec: Sendable, Equatable {
    /// The multi-select field counted.
    public var source: String

    public init(source: String) {
        self.source = source
    }
}

/// One answer category.
public struct Category: Sendable, Equatable {
    /// The code as it appears in the data (`1`, `US`).
    public var code: String
    /// The label shown in tables.
    public var label: String
    /// False for answers such as "not rated" that are valid but leave the base.
    public var inBase: Bool
    /// The value a scale's mean score gives the answer: `score` as written, or
    /// the code itself when it is a number; nil when it has none.
    public var score: Double?

    public init(code: String, label: String, inBase: Bool = true, score: Double? = nil) {
        self.code = code
        self.label = label
        self.inBase = inBase
        self.score = score
    }
}

/// A labelled set of answers reported as one row (top-2 box, any-of).
public struct Net: Sendable, Equatable {
    public var label: String
    /// Indices into the field's categories (or options, for multi-select).
    public var members: [Int]
    /// Where the net's row goes among the answers in the tab book.
    public var position: NetPosition

    public init(label: String, members: [Int], position: NetPosition = .after) {
        self.label = label
        self.members = members
        self.position = position
    }
}

/// Where a net's row goes among a table's answers in the tab book (the tidy
/// files keep every net after the answers).
public enum NetPosition: String, Sendable, CaseIterable {
    /// Just after its last member (the default).
    case after
    /// Just before its first member.
    case before
    /// Above every answer.
    case top
    /// Below every answer.
    case bottom
}

/// A single-choice question or a rating scale.
public struct CategoricalSpec: Sendable {
    /// The data column holding the code.
    public var column: String
    public var categories: [Category]
    public var nets: [Net]
    /// Scales are ordered; single choices are not.
    public var isScale: Bool

    public init(column: String, categories: [Category], nets: [Net], isScale: Bool) {
        self.column = column
        self.categories = categories
        self.nets = nets
        self.isScale = isScale
    }
}

/// A multi-select question stored as one 0/1 column per option.
public struct MultiSelectSpec: Sendable {
    /// The options; at most 64.
    public var options: [MultiSelectOption]
    /// Any-of nets over the options.
    public var nets: [Net]

    public init(options: [MultiSelectOption], nets: [Net]) {
        self.options = options
        self.nets = nets
    }
}

/// One option of a multi-select question.
public struct MultiSelectOption: Sendable, Equatable {
    /// The data column: `1` mentioned, `0` not mentioned, blank not answered.
    public var column: String
    public var label: String

    public init(column: String, label: String) {
        self.column = column
        self.label = label
    }
}

/// A numeric answer.
public struct NumericSpec: Sendable {
    public var column: String
    /// Values outside it are excluded and reported.
    public var range: ClosedRange<Double>?

    public init(column: String, range: ClosedRange<Double>?) {
        self.column = column
        self.range = range
    }
}

/// A categorical field derived from ranges of a numeric field.
public struct BinSpec: Sendable {
    /// The numeric field the bins read.
    public var source: String
    public var bins: [Bin]

    public init(source: String, bins: [Bin]) {
        self.source = source
        self.bins = bins
    }
}

/// One inclusive range `[lower, upper]` of a numeric field, and the category it gives.
public struct Bin: Sendable, Equatable {
    public var category: Category
    public var lower: Double
    public var upper: Double

    public init(category: Category, lower: Double, upper: Double) {
        self.category = category
        self.lower = lower
        self.upper = upper
    }
}

/// A set of table columns: an optional total plus one column per category of a field.
public struct Banner: Sendable {
    public var name: String
    /// The total column's label; `nil` for no total column.
    public var totalLabel: String?
    /// The field whose categories (single choice, scale or binned) or options (a
    /// multi-answer field: columns that overlap) are the columns.
    public var field: String?

    public init(name: String, totalLabel: String?, field: String?) {
        self.name = name
        self.totalLabel = totalLabel
        self.field = field
    }
}

/// The statistics a table can report.
public enum Statistic: String, Sendable, CaseIterable {
    /// Unweighted respondents giving the answer.
    case count
    /// Weighted respondents giving the answer.
    case weightedCount = "weighted_count"
    /// Weighted percentage of the column's base.
    case percent
    /// Weighted mean of a numeric field.
    case mean
    /// Weighted standard deviation of a numeric field.
    case standardDeviation = "sd"
    /// Rank of an answer's weighted percentage within its column (1 = most often given).
    case rank
    /// The table's likelihood ratio (weighted numerator answers / weighted denominator answers).
    case ratio
    /// A ratio below 1 as reports print it: its inverse, "N x less likely". Written
    /// with every `ratio` below 1; not requested on its own.
    case lessLikely = "less_likely"
}

/// One table: a field cut by banners.
public struct Table: Sendable {
    public var name: String
    public var title: String
    /// A stable key for the question, shared by editions that ask it, for trends.
    public var questionKey: String
    public var field: String
    public var banners: [String]
    public var statistics: [Statistic]
    /// Restricts the table's base to respondents with certain answers to another question.
    public var filter: TableFilter?
    /// The likelihood ratio the `ratio` statistic reports.
    public var ratio: RatioSpec?
    /// Figures a report published from this table, audited on every run.
    public var published: [PublishedFigure]
    /// The statistics its tab book sheet shows, when not those of `TabBookSpec`.
    public var tabBookStatistics: [Statistic]?

    public init(
        name: String, title: String, questionKey: String, field: String, banners: [String],
        statistics: [Statistic], filter: TableFilter? = nil, ratio: RatioSpec? = nil, published: [PublishedFigure] = []
    ) {
        self.name = name
        self.title = title
        self.questionKey = questionKey
        self.field = field
        self.banners = banners
        self.statistics = statistics
        self.filter = filter
        self.ratio = ratio
        self.published = published
    }
}

/// Partition keys below `edition=`.
public enum PartitionKey: String, Sendable, CaseIterable {
    case banner
    case table
}

/// How the tidy tables are laid out on disk.
public struct OutputSpec: Sendable, Equatable {
    /// Partition directories below `tables/edition=E/`, outermost first.
    public var partitionBy: [PartitionKey]

    public init(partitionBy: [PartitionKey]) {
        self.partitionBy = partitionBy
    }
}

/// Limits on what the data may get wrong before a run fails.
public struct QualitySpec: Sendable, Equatable {
    /// The largest share of rows that may be rejected (0 = any rejected row fails the run).
    public var maxRejectedShare: Double

    public init(maxRejectedShare: Double) {
        self.maxRejectedShare = maxRejectedShare
    }
}
