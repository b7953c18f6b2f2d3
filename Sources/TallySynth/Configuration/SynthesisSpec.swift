/// How `tally synth` makes synthetic respondents for a definition: the sample's
/// composition (skewed away from the weighting targets on purpose), interview
/// durations, the rates of realistic mess, and how each field's answers are drawn.
///
/// Read from the definition's `synthesis` section and its fields' `synth` keys
/// (`SynthesisDefinition.load`); test-data generation, so a run never reads it.
public struct SynthesisSpec: Sendable, Equatable {
    /// The default field answers are conditioned on.
    public var by: String
    /// Sampling shares of the demographic fields, in the order they are drawn.
    public var sample: [SampleShares]
    /// Interview durations, when the definition has a duration field.
    public var duration: DurationModel?
    public var mess: MessRates
    /// How each field with `synth` parameters is answered, by field name.
    public var answers: [String: FieldSynthesis]

    public init(
        by: String, sample: [SampleShares], duration: DurationModel?, mess: MessRates,
        answers: [String: FieldSynthesis] = [:]
    ) {
        self.by = by
        self.sample = sample
        self.duration = duration
        self.mess = mess
        self.answers = answers
    }
}

/// The sample shares of one categorical field, optionally within the categories
/// of a field drawn before it.
public struct SampleShares: Sendable, Equatable {
    public var field: String
    public var within: String?
    /// Shares per category (`within` nil), or per `within` category then category
    /// (`group * categoryCount + category`); each group's shares sum to 1.
    public var shares: [Double]

    public init(field: String, within: String?, shares: [Double]) {
        self.field = field
        self.within = within
        self.shares = shares
    }
}

/// Lognormal interview durations in whole seconds.
public struct DurationModel: Sendable, Equatable {
    /// The numeric field that holds them.
    public var field: String
    public var median: Double
    /// The standard deviation of the log duration.
    public var spread: Double

    public init(field: String, median: Double, spread: Double) {
        self.field = field
        self.median = median
        self.spread = spread
    }
}

/// Rates of realistic mess in synthetic data.
public struct MessRates: Sendable, Equatable {
    /// Per answer value: left blank.
    public var blank: Double
    /// Per respondent: a copy of an earlier respondent.
    public var duplicate: Double
    /// Per respondent: one categorical answer replaced by an undeclared code.
    public var outOfDomain: Double
    /// Per respondent: a duration far below the median.
    public var speeder: Double
    /// Per respondent: the same answer on every item of a declared grid.
    public var straightLiner: Double
    /// Per respondent: a row whose quoting is broken.
    public var brokenQuote: Double

    /// The defaults: small but not zero.
    public static let defaults = MessRates(
        blank: 0.01, duplicate: 0.002, outOfDomain: 0.001, speeder: 0.005, straightLiner: 0.005, brokenQuote: 0.0005)

    public init(
        blank: Double, duplicate: Double, outOfDomain: Double, speeder: Double, straightLiner: Double,
        brokenQuote: Double
    ) {
        self.blank = blank
        self.duplicate = duplicate
        self.outOfDomain = outOfDomain
        self.speeder = speeder
        self.straightLiner = straightLiner
        self.brokenQuote = brokenQuote
    }
}

/// How one field's answers are generated.
public struct FieldSynthesis: Sendable, Equatable {
    /// The categorical field the parameters are given per category of.
    public var by: String
    /// Parameters per category of `by` (nil entries use `fallback`).
    public var parameters: [AnswerModel?]
    public var fallback: AnswerModel?
    /// Only respondents with these categories of `asked.field` are asked; others leave it blank.
    public var asked: (field: String, categories: [Int])?

    public init(
        by: String, parameters: [AnswerModel?], fallback: AnswerModel?, asked: (field: String, categories: [Int])?
    ) {
        self.by = by
        self.parameters = parameters
        self.fallback = fallback
        self.asked = asked
    }

    public static func == (a: FieldSynthesis, b: FieldSynthesis) -> Bool {
        a.by == b.by && a.parameters == b.parameters && a.fallback == b.fallback
            && a.asked?.field == b.asked?.field && a.asked?.categories == b.asked?.categories
    }
}

/// The distribution of one field's answers in one group.
public enum AnswerModel: Sendable, Equatable {
    /// A probability per category (single/scale), summing to 1.
    case categorical([Double])
    /// An independent mention probability per option (multi-select).
    case mentions([Double])
    /// A normal distribution, clamped to the field's range and rounded to a multiple of `round`.
    case normal(mean: Double, sd: Double, round: Double)
}
