import TallyModel

/// Tally's own words in a report page, in one language: headings, notes, the
/// methods' sentences and the cleaning rules' meanings. A pattern marks what it
/// is filled with as `{1}`, `{2}`… (see `fill`).
struct ReportWords {
    // Cover and key statistics.
    /// `Edition {1}`; ` · fieldwork {1} to {2}`.
    let edition: String
    let fieldwork: String
    /// The sample's first figure: respondents used.
    let respondents: String
    let keyStatistics: String
    let noEstimate: String
    /// `Base: {1} respondents`; `95% interval {1} to {2}; base: {3} respondents`.
    let baseRespondents: String
    let intervalAndBase: String
    /// `{1} points since edition {2} ({3})`, the third `significant at {1}` or `not significant`.
    let changeSince: String
    let significantAt: String
    let notSignificant: String
    /// A sentence's `{change}`: ` ({1} points since edition {2})`.
    let sentenceChange: String

    // Charts.
    /// `Base: {1}`; `; by {1}` (the banner compared).
    let base: String
    let comparedBy: String
    /// The data table's summary and its first heading.
    let data: String
    let answer: String
    /// The row of a mean.
    let mean: String

    // Profiles.
    /// `Profiles by {1}` (the banner's heading).
    let profiles: String
    /// What a profile shows and what its marks mean; `{1}` the test level, `{2}` the test's variance.
    let profilesIntro: String
    /// The variance of the test of a group against the rest: from the design, or on effective bases.
    let designTest: String
    let effectiveBaseTest: String

    // Trends.
    /// `Since edition {1}`, then what the table shows.
    let since: String
    let trendsIntro: String
    let question: String
    let change: String
    let significant: String

    // Methods.
    let methods: String
    let sample: String
    /// The sample table's headings: unweighted respondents and weighted shares.
    let respondentsHeading: String
    let weighted: String
    let weighting: String
    let notWeighted: String
    /// `The sample is weighted by raking in {1} sweeps…`: 1 the sweeps, 2 and 3 the weight
    /// range, 4 the efficiency, 5 the effective base.
    let raked: String
    /// What the weights add up to: the sample's scale, or a population of `{1}`.
    let sampleScale: String
    let populationScale: String
    /// `Targets assumed rather than published: {1}.`
    let assumed: String
    let cleaning: String
    /// `{1} rows were read; {2} respondents are used and {3} rows were rejected.`
    let cleaningSummary: String
    let rule: String
    let meaning: String
    let lines: String
    /// Each cleaning rule's meaning, by rule.
    let ruleMeanings: [String: String]
    let publishedFigures: String
    /// `{1} of {2} figures the edition's report published are recovered…`
    let audit: String
    let readingCharts: String
    /// What letters and markers mean: 1 the highest test level, 2 the smallest tested
    /// base, 3 the low-base flag, 4 the suppression threshold.
    let reading: String
    /// A list's separator (`, `).
    let comma: String
    /// How a table's base is said.
    let baseWords: BaseWords

    /// `pattern` with `{1}`, `{2}`… replaced by `values` in order, in one pass (a value
    /// that holds `{2}` stays as it is).
    static func fill(_ pattern: String, _ values: String...) -> String {
        var text = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let number = Int(after[..<close]),
                values.indices.contains(number - 1)
            {
                text += values[number - 1]
                rest = after[after.index(after: close)...]
            } else {
                text += "{"
                rest = after
            }
        }
        return text + rest
    }
}
