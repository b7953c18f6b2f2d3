import TallyModel

extension ReportWords {
    /// Tally's report words in English.
    static let english = ReportWords(
        edition: "Edition {1}", fieldwork: " · fieldwork {1} to {2}", respondents: "respondents",
        keyStatistics: "Key statistics", noEstimate: "No estimate: the column has no respondents or is suppressed.",
        baseRespondents: "Base: {1} respondents", intervalAndBase: "95% interval {1} to {2}; base: {3} respondents",
        changeSince: "{1} points since edition {2} ({3})", significantAt: "significant at {1}",
        notSignificant: "not significant", sentenceChange: " ({1} points since edition {2})",
        base: "Base: {1}", comparedBy: "; by {1}", data: "Data", answer: "Answer", mean: "Mean",
        profiles: "Profiles by {1}",
        profilesIntro:
            "The key statistics in each group beside the total. ▲ and ▼ mark a figure significantly above or below the rest of the sample (a two-sided test of the group against every other respondent, {2}, at {1}).",
        designTest: "with the variance of the difference from the weighted design, the covariance included",
        effectiveBaseTest: "on effective bases",
        since: "Since edition {1}",
        trendsIntro:
            "The questions both editions ask, in the total column: the change in points for percentages, and whether it is significant (two-sided test of independent samples).",
        question: "Question", change: "Change", significant: "Significant",
        methods: "Methods", sample: "Sample", respondentsHeading: "Respondents", weighted: "Weighted",
        weighting: "Weighting", notWeighted: "The respondents are not weighted beyond their base weights.",
        raked:
            "The sample is weighted by raking in {1} sweeps to the definition's targets. Weights run from {2} to {3}; the weighting efficiency is {4}, an effective base of {5} respondents.",
        sampleScale:
            "The weights add up to the sample (the base weights' total), so weighted counts are on the sample's scale, not population totals.",
        populationScale:
            "The weights are grossed up to a population of {1}, so weighted counts are estimated population totals, with their standard errors.",
        assumed: "Targets assumed rather than published: {1}.",
        cleaning: "Cleaning",
        cleaningSummary: "{1} rows were read; {2} respondents are used and {3} rows were rejected.",
        rule: "Rule", meaning: "Meaning", lines: "Lines", ruleMeanings: RejectRules.meanings,
        publishedFigures: "Published figures",
        audit:
            "{1} of {2} figures the edition's report published are recovered: each lies within its estimate's 95% interval, allowing for its rounding.",
        readingCharts: "Reading the charts",
        reading:
            "Bars show weighted percentages with their 95% intervals. A letter beside a value names a column of the same chart it is significantly above (two-sided test at {1}; lower case at the lower level only); columns with fewer than {2} respondents are not tested. * marks a base under {3} respondents (hatched bars); ** an estimate suppressed under {4}.",
        comma: ", ", baseWords: .english)
}
