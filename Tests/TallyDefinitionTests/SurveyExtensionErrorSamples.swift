import TallyTestSupport

/// Broken edits of `DefinitionSamples.extended`: one per check of derived counts, table
/// filters, ratios and published figures (those of `synthesis`/`synth` are TallySynth's).
extension DefinitionErrorTests {
    static let countFields: [BadDefinition] = [
        BadDefinition(
            "count from a numeric field", extended: "    from: apps\n", with: "    from: age  # <\n",
            keyPath: "derived[1].from", mentions: ["'age' is a numeric field", "multi fields: apps"]),
        BadDefinition(
            "count from an unknown field", extended: "    from: apps\n", with: "    from: aps  # <\n",
            keyPath: "derived[1].from", mentions: ["unknown field 'aps'", "did you mean 'apps'"]),
        BadDefinition(
            "count without from",
            extended: [
                ("    from: apps\n", ""),
                ("  - name: app_count\n    label:", "  - name: app_count  # <\n    label:"),
            ],
            keyPath: "derived[1].from", mentions: ["needs 'from'", "multi field"]),
        BadDefinition(
            "bins on a count field", extended: "    from: apps\n", with: "    from: apps\n    bins: []  # <\n",
            keyPath: "derived[1].bins", mentions: ["'bins' does not apply to a derived count field"]),
        BadDefinition(
            "percent of a count field",
            extended: "    field: app_count\n    banners: [customer]\n    statistics: [mean, sd]\n",
            with: "    field: app_count\n    banners: [customer]\n    statistics: [mean, percent]  # <\n",
            keyPath: "tables[4].statistics[1]", mentions: ["'percent'", "a derived count field accepts mean, sd"]),
        BadDefinition(
            "unknown derived type", extended: "    type: count\n", with: "    type: counts  # <\n",
            keyPath: "derived[1].type", mentions: ["'counts'", "type: bins", "type: count"]),
    ]

    static let tableFilters: [BadDefinition] = [
        BadDefinition(
            "filter on a numeric field", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: spend, codes: [C], label: consumers}  # <", keyPath: "tables[3].filter.field",
            mentions: ["'spend' is a numeric field", "single, scale or derived bins field, or some options of a multi"]),
        BadDefinition(
            "filter on a count field", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: app_count, codes: [1], label: consumers}  # <", keyPath: "tables[3].filter.field",
            mentions: ["'app_count' is a derived count field"]),
        BadDefinition(
            "filter on the table's own field", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: apps, options: [app_a], label: app users}  # <", keyPath: "tables[3].filter.field",
            mentions: ["the table's own field 'apps' cannot filter it"]),
        BadDefinition(
            "filter on an unknown field", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer, codes: [C], label: consumers}  # <", keyPath: "tables[3].filter.field",
            mentions: ["unknown field 'customer'"]),
        BadDefinition(
            "categorical filter with options", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, options: [C], label: consumers}  # <",
            keyPath: "tables[3].filter.options",
            mentions: ["'options' does not apply to a filter on a single field", "field, codes, label"]),
        BadDefinition(
            "categorical filter with codes and options",
            extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, codes: [C], options: [C], label: consumers}  # <",
            keyPath: "tables[3].filter.options", mentions: ["'options' does not apply"]),
        BadDefinition(
            "multi filter with codes", extended: "filter: {field: apps, options: [app_b, app_a], label: uses an app}",
            with: "filter: {field: apps, codes: [app_b], label: uses an app}  # <", keyPath: "tables[4].filter.codes",
            mentions: ["'codes' does not apply to a filter on a multi field", "options, not codes"]),
        BadDefinition(
            "filter code not of the field", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, codes: [X], label: consumers}  # <",
            keyPath: "tables[3].filter.codes[0]", mentions: ["'X' is not a code of field 'customer_type'", "C, B"]),
        BadDefinition(
            "filter option not of the field",
            extended: "filter: {field: apps, options: [app_b, app_a], label: uses an app}",
            with: "filter: {field: apps, options: [app_c, app_a], label: uses an app}  # <",
            keyPath: "tables[4].filter.options[0]",
            mentions: ["'app_c' is not an option of field 'apps'", "app_a, app_b"]),
        BadDefinition(
            "filter code twice", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, codes: [C, C], label: consumers}  # <",
            keyPath: "tables[3].filter.codes[1]", mentions: ["'C'", "twice"]),
        BadDefinition(
            "filter without codes", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, label: consumers}  # <", keyPath: "tables[3].filter.codes",
            mentions: ["needs 'codes'"]),
        BadDefinition(
            "filter with no options", extended: "filter: {field: apps, options: [app_b, app_a], label: uses an app}",
            with: "filter: {field: apps, options: [], label: uses an app}  # <", keyPath: "tables[4].filter.options",
            mentions: ["empty"]),
        BadDefinition(
            "filter without label", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, codes: [C]}  # <", keyPath: "tables[3].filter.label",
            mentions: ["needs 'label'"]),
        BadDefinition(
            "unknown key in a filter", extended: "filter: {field: customer_type, codes: [C], label: consumers}",
            with: "filter: {field: customer_type, codes: [C], lable: consumers}  # <",
            keyPath: "tables[3].filter.lable",
            mentions: ["'lable'", "did you mean 'label'"]),
    ]

    static let tableRatios: [BadDefinition] = [
        BadDefinition(
            "ratio on a multi field", extended: "    statistics: [count, percent, rank]\n",
            with:
                "    statistics: [count, percent, rank]\n    ratio: {label: A vs B, numerator: [app_a], denominator: [app_b]}  # <\n",
            keyPath: "tables[3].ratio", mentions: ["only to single and scale fields", "'apps' is a multi field"]),
        BadDefinition(
            "ratio statistic on a multi field", extended: "    statistics: [count, percent, rank]\n",
            with: "    statistics: [count, percent, rank, ratio]  # <\n", keyPath: "tables[3].statistics[3]",
            mentions: ["statistic 'ratio' does not apply to field 'apps'"]),
        BadDefinition(
            "ratio statistic without ratio",
            extended: [
                ("    ratio: {label: Good vs. poor or fair, numerator: [3], denominator: [1, 2]}\n", ""),
                ("    statistics: [percent, rank, ratio]\n", "    statistics: [percent, rank, ratio]  # <\n"),
            ], keyPath: "tables[2].statistics[2]", mentions: ["statistic 'ratio' needs the table's 'ratio'"]),
        BadDefinition(
            "ratio without the ratio statistic",
            extended: [
                ("    statistics: [percent, rank, ratio]\n", "    statistics: [percent, rank]\n"),
                (
                    "denominator: [1, 2]}\n",
                    "denominator: [1, 2]}  # <\n"
                ),
            ], keyPath: "tables[2].ratio", mentions: ["does not report it", "add ratio to its statistics"]),
        BadDefinition(
            "ratio with an empty numerator", extended: "numerator: [3], denominator: [1, 2]}\n",
            with: "numerator: [], denominator: [1, 2]}  # <\n", keyPath: "tables[2].ratio.numerator",
            mentions: ["empty"]),
        BadDefinition(
            "ratio without a denominator", extended: "numerator: [3], denominator: [1, 2]}\n",
            with: "numerator: [3]}  # <\n", keyPath: "tables[2].ratio.denominator", mentions: ["needs 'denominator'"]),
        BadDefinition(
            "ratio sets overlapping", extended: "numerator: [3], denominator: [1, 2]}\n",
            with: "numerator: [3], denominator: [1, 3]}  # <\n", keyPath: "tables[2].ratio.denominator[1]",
            mentions: ["code '3' is in both", "disjoint"]),
        BadDefinition(
            "ratio code not of the field", extended: "numerator: [3], denominator: [1, 2]}\n",
            with: "numerator: [4], denominator: [1, 2]}  # <\n", keyPath: "tables[2].ratio.numerator[0]",
            mentions: ["'4' is not a code of field 'rating'", "1, 2, 3, 9"]),
        BadDefinition(
            "ratio without a label", extended: "ratio: {label: Good vs. poor or fair, numerator",
            with: "ratio: {numerator", keyPath: "tables[2].ratio.label",
            mentions: ["needs 'label'"]
        ).marked("    ratio: {numerator"),
        BadDefinition(
            "rank of a numeric field",
            extended: "    field: app_count\n    banners: [customer]\n    statistics: [mean, sd]\n",
            with: "    field: app_count\n    banners: [customer]\n    statistics: [mean, rank]  # <\n",
            keyPath: "tables[4].statistics[1]", mentions: ["statistic 'rank' does not apply to field 'app_count'"]),
    ]

    /// The first published figure of `rating_brand`, to edit.
    static let goodRatings =
        "      - {figure: Good ratings, banner: customer, column: total, row: 3, statistic: percent, value: 45}\n"

    /// `goodRatings` with `old` replaced by `new` and the error marker.
    static func goodRatings(_ old: String, _ new: String) -> (old: String, new: String) {
        (goodRatings, String(goodRatings.replacingOccurrences(of: old, with: new).dropLast()) + "  # <\n")
    }

    static let publishedFigures: [BadDefinition] = [
        BadDefinition(
            "published figure without figure", extended: [goodRatings("figure: Good ratings, ", "")],
            keyPath: "tables[2].published[0].figure", mentions: ["needs 'figure'"]),
        BadDefinition(
            "published banner not of the table", extended: [goodRatings("banner: customer", "banner: ages")],
            keyPath: "tables[2].published[0].banner",
            mentions: ["banner 'ages' is not one of this table's banners", "region, customer"]),
        BadDefinition(
            "published banner unknown", extended: [goodRatings("banner: customer", "banner: custmer")],
            keyPath: "tables[2].published[0].banner", mentions: ["unknown banner 'custmer'"]),
        BadDefinition(
            "published total of a banner without one",
            extended: [
                ("    banners: [region, customer]\n", "    banners: [region, customer, ages]\n"),
                goodRatings("banner: customer", "banner: ages"),
            ], keyPath: "tables[2].published[0].column",
            mentions: ["banner 'ages' has no total column", "young, older"]),
        BadDefinition(
            "published column not a code", extended: [goodRatings("column: total", "column: X")],
            keyPath: "tables[2].published[0].column",
            mentions: ["column 'X' is not a code of 'customer_type'", "total, C, B"]),
        BadDefinition(
            "published without column", extended: [goodRatings("column: total, ", "")],
            keyPath: "tables[2].published[0].column", mentions: ["needs 'column'"]),
        BadDefinition(
            "published statistic not publishable", extended: "row: app_b, statistic: rank, value: 2}\n",
            with: "row: app_b, statistic: count, value: 2}  # <\n", keyPath: "tables[3].published[1].statistic",
            mentions: ["'count' is not a statistic a figure can be published as", "percent, ratio, mean or rank"]),
        BadDefinition(
            "published statistic the table does not report",
            extended: [goodRatings("statistic: percent", "statistic: mean")],
            keyPath: "tables[2].published[0].statistic",
            mentions: ["the table does not report 'mean'", "the table reports percent, rank, ratio"]),
        BadDefinition(
            "published row not a code", extended: [goodRatings("row: 3", "row: 7")],
            keyPath: "tables[2].published[0].row",
            mentions: ["'7' is not a code or a net of 'rating'", "1, 2, 3, 9, Fair or better"]),
        BadDefinition(
            "published percent of a code outside the base", extended: [goodRatings("row: 3", "row: 9")],
            keyPath: "tables[2].published[0].row", mentions: ["code '9' of 'rating' is outside the base", "no percent"]),
        BadDefinition(
            "published rank of a code outside the base",
            extended: [goodRatings("row: 3, statistic: percent", "row: 9, statistic: rank")],
            keyPath: "tables[2].published[0].row", mentions: ["outside the base", "no rank"]),
        BadDefinition(
            "published rank of a net",
            extended: [goodRatings("row: 3, statistic: percent", "row: Fair or better, statistic: rank")],
            keyPath: "tables[2].published[0].row", mentions: ["net 'Fair or better' has no rank"]),
        BadDefinition(
            "published percent of a net outside the base",
            extended: [
                (
                    "      - {label: Fair or better, codes: [2, 3]}\n",
                    "      - {label: Fair or better, codes: [2, 3]}\n      - {label: Any answer, codes: [1, 2, 3, 9]}\n"
                ),
                goodRatings("row: 3", "row: Any answer"),
            ], keyPath: "tables[2].published[0].row", mentions: ["net 'Any answer' includes a code outside the base"]),
        BadDefinition(
            "published percent without row", extended: [goodRatings("row: 3, ", "")],
            keyPath: "tables[2].published[0].row", mentions: ["needs 'row'", "a code of 'rating'"]),
        BadDefinition(
            "published ratio row other than ratio", extended: "row: ratio, statistic: ratio, value: 2.1}\n",
            with: "row: net1, statistic: ratio, value: 2.1}  # <\n", keyPath: "tables[2].published[3].row",
            mentions: ["a ratio figure's row is 'ratio'", "'net1'"]),
        BadDefinition(
            "published mean with a row", extended: "column: C, statistic: mean, value: 1.50}\n",
            with: "column: C, row: 1, statistic: mean, value: 1.50}  # <\n", keyPath: "tables[4].published[0].row",
            mentions: ["a mean has one row per column", "leave 'row' out"]),
        BadDefinition(
            "published option unknown", extended: "row: app_b, statistic: rank, value: 2}\n",
            with: "row: app_c, statistic: rank, value: 2}  # <\n", keyPath: "tables[3].published[1].row",
            mentions: ["'app_c' is not an option column or a net of 'apps'", "app_a, app_b, Any app"]),
        BadDefinition(
            "published without value", extended: [goodRatings(", value: 45", "")],
            keyPath: "tables[2].published[0].value", mentions: ["needs 'value'"]),
        BadDefinition(
            "published value negative", extended: [goodRatings("value: 45", "value: -1")],
            keyPath: "tables[2].published[0].value", mentions: ["value -1", "0 or more"]),
        BadDefinition(
            "published value quoted", extended: [goodRatings("value: 45", "value: \"45\"")],
            keyPath: "tables[2].published[0].value", mentions: ["quoted text '45'"]),
        BadDefinition(
            "published value with an exponent", extended: [goodRatings("value: 45", "value: 4.5e+1")],
            keyPath: "tables[2].published[0].value",
            mentions: ["'4.5e+1' is written with an exponent", "plain decimals"]),
        BadDefinition(
            "published value with an unsigned exponent", extended: [goodRatings("value: 45", "value: 1.0e2")],
            keyPath: "tables[2].published[0].value", mentions: ["'1.0e2' is written with an exponent"]),
        BadDefinition(
            "published value infinite", extended: [goodRatings("value: 45", "value: .inf")],
            keyPath: "tables[2].published[0].value", mentions: ["value .inf is not a published figure"]),
        BadDefinition(
            "published percent above 100", extended: [goodRatings("value: 45", "value: 145")],
            keyPath: "tables[2].published[0].value", mentions: ["value 145 is above 100"]),
        BadDefinition(
            "published rank not whole", extended: "row: app_b, statistic: rank, value: 2}\n",
            with: "row: app_b, statistic: rank, value: 2.5}  # <\n", keyPath: "tables[3].published[1].value",
            mentions: ["value 2.5 is not a rank"]),
        BadDefinition(
            "less_likely on a percent", extended: [goodRatings("value: 45", "value: 45, less_likely: true")],
            keyPath: "tables[2].published[0].less_likely",
            mentions: ["'less_likely' applies only to statistic: ratio", "percent"]),
        BadDefinition(
            "less_likely not a boolean", extended: "value: 0.25, less_likely: true}\n",
            with: "value: 0.25, less_likely: maybe}  # <\n", keyPath: "tables[2].published[4].less_likely",
            mentions: ["'maybe'", "true or false"]),
        BadDefinition(
            "unknown key in a published figure", extended: [goodRatings("value: 45", "valeu: 45")],
            keyPath: "tables[2].published[0].valeu", mentions: ["'valeu'", "did you mean 'value'"]),
        BadDefinition(
            "published as a mapping",
            extended:
                "    published:\n      - {figure: Apps per user, banner: customer, column: C, statistic: mean, value: 1.50}\n",
            with: "    published: {figure: Apps per user}  # <\n", keyPath: "tables[4].published",
            mentions: ["expected a list", "a mapping"]),
    ]

    static let surveyExtensions =
        countFields + tableFilters + tableRatios + publishedFigures
}
