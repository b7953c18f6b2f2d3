/// The cleaner's rules, applied in a documented order: duplicates, required
/// fields, out-of-domain codes, speeders, straight-liners, routing.
public struct CleaningSpec: Sendable {
    /// Reject every respondent whose id was already seen (in file order, across all files of a run).
    public var rejectDuplicates: Bool
    /// Fields that must have a valid answer; a respondent without one is rejected.
    public var required: [String]
    /// Fields whose out-of-domain codes reject the respondent (elsewhere the value is blanked).
    public var rejectOutOfDomain: [String]
    /// The speeder rule, or nil.
    public var speeders: SpeederRule?
    /// Grids checked for straight-lining.
    public var straightLiners: [StraightLineRule]
    /// Questions asked of some respondents only.
    public var routing: [RoutingRule]

    public init(
        rejectDuplicates: Bool = false, required: [String] = [], rejectOutOfDomain: [String] = [],
        speeders: SpeederRule? = nil, straightLiners: [StraightLineRule] = [], routing: [RoutingRule] = []
    ) {
        self.rejectDuplicates = rejectDuplicates
        self.required = required
        self.rejectOutOfDomain = rejectOutOfDomain
        self.speeders = speeders
        self.straightLiners = straightLiners
        self.routing = routing
    }
}

/// Respondents who finished implausibly fast are rejected: below `minimumSeconds`,
/// or below `fractionOfMedian` × the median duration of the run.
public struct SpeederRule: Sendable, Equatable {
    /// A numeric field holding the interview duration in seconds.
    public var field: String
    public var minimumSeconds: Double?
    public var fractionOfMedian: Double?

    public init(field: String, minimumSeconds: Double?, fractionOfMedian: Double?) {
        self.field = field
        self.minimumSeconds = minimumSeconds
        self.fractionOfMedian = fractionOfMedian
    }
}

/// A grid of rating items: a respondent giving the same answer to every item of
/// it (all answered) is rejected when the grid has at least `minimumItems` items.
public struct StraightLineRule: Sendable, Equatable {
    public var name: String
    /// Categorical fields sharing one code list.
    public var fields: [String]
    public var minimumItems: Int

    public init(name: String, fields: [String], minimumItems: Int) {
        self.name = name
        self.fields = fields
        self.minimumItems = minimumItems
    }
}

/// Questions asked only of respondents whose `field` has one of `codes`; answers
/// from anyone else are blanked and counted.
public struct RoutingRule: Sendable, Equatable {
    /// The questions (fields) routed.
    public var questions: [String]
    /// The field deciding who is asked.
    public var field: String
    /// Indices of the categories asked.
    public var categories: [Int]

    public init(questions: [String], field: String, categories: [Int]) {
        self.questions = questions
        self.field = field
        self.categories = categories
    }
}

/// The rules a rejects file names (`rule` column), for people.
public enum RejectRules {
    /// What each rule means, in a few words.
    public static let meanings = [
        "bad_weight": "a base weight that is not a positive number",
        "duplicate_id": "a respondent id seen before; the first is kept",
        "missing_id": "no respondent id",
        "missing_weighting_variable": "no valid value of a weighting variable",
        "no_bin": "a number in none of a derived field's bins",
        "out_of_domain": "an answer outside the question's codes",
        "ragged_row": "a line with the wrong number of fields",
        "required_missing": "a required answer missing",
        "routing": "an answer to a question the respondent was not asked",
        "speeder": "an interview faster than the threshold",
        "straight_liner": "the same answer to every item of a grid",
        "unterminated_quote": "a line broken by a quote left open",
        "weighting_imputed": "a missing weighting variable weighted as a stated code",
    ]
}
