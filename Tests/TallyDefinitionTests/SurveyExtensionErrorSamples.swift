/// Broken edits of `DefinitionSamples.extended`: one per check of derived counts, table
/// filters, ratios and published figures, and `synthesis`/`synth`.
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

    /// The `sample` block of `DefinitionSamples.synthesis`.
    static let sampleBlock = """
          sample:
            customer_type: {C: 0.62, B: 0.38}
            region: {N: 0.4, S: 0.6000004}
            age_group:
              within: customer_type
              shares:
                B: {young: 0.2, older: 0.8}
                C: {young: 0.3, older: 0.7}

        """

    static let synthesisSection: [BadDefinition] = [
        BadDefinition(
            "synth without synthesis",
            extended: [(DefinitionSamples.synthesis, ""), ("    synth:\n      p:\n", "    synth:\n      p:  # <\n")],
            keyPath: "fields[1].synth", mentions: ["field 'rating' has 'synth'", "no top-level 'synthesis'"]),
        BadDefinition(
            "unknown key in synthesis", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 0.02, speeder: 0}\n  seed: 4  # <\n", keyPath: "synthesis.seed",
            mentions: ["'seed'", "by, sample, duration, mess"]),
        BadDefinition(
            "synthesis without by",
            extended: [("synthesis:\n  by: customer_type\n  sample:\n", "synthesis:\n  sample:  # <\n")],
            keyPath: "synthesis.by", mentions: ["needs 'by'"]),
        BadDefinition(
            "synthesis by a numeric field", extended: "synthesis:\n  by: customer_type\n",
            with: "synthesis:\n  by: spend  # <\n", keyPath: "synthesis.by",
            mentions: ["'spend' is a numeric field", "single, scale or derived bins"]),
        BadDefinition(
            "synthesis without sample",
            extended: [(sampleBlock, ""), ("  by: customer_type\n", "  by: customer_type  # <\n")],
            keyPath: "synthesis.sample", mentions: ["needs 'sample'"]),
        BadDefinition(
            "empty sample", extended: sampleBlock, with: "  sample: {}  # <\n", keyPath: "synthesis.sample",
            mentions: ["the sample is empty"]),
        BadDefinition(
            "sample as a list", extended: sampleBlock, with: "  sample: [customer_type]  # <\n",
            keyPath: "synthesis.sample",
            mentions: ["expected a map from each sampled field", "a list"]),
        BadDefinition(
            "sample of a multi field", extended: "    region: {N: 0.4, S: 0.6000004}\n",
            with: "    region: {N: 0.4, S: 0.6000004}\n    apps: {app_a: 1}  # <\n", keyPath: "synthesis.sample.apps",
            mentions: ["sampled field 'apps' is a multi field", "region, rating, customer_type, has_brand, age_group"]),
        BadDefinition(
            "sample of an unknown field", extended: "    region: {N: 0.4, S: 0.6000004}\n",
            with: "    regoin: {N: 0.4, S: 0.6000004}  # <\n", keyPath: "synthesis.sample.regoin",
            mentions: ["unknown field 'regoin'", "did you mean 'region'"]),
        BadDefinition(
            "sample shares not summing to 1", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 0.62, B: 0.37}  # <\n", keyPath: "synthesis.sample.customer_type",
            mentions: ["the shares of 'customer_type' sum to 0.99, not 1", "within 1e-06"]),
        BadDefinition(
            "sample share missing", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 1}  # <\n", keyPath: "synthesis.sample.customer_type",
            mentions: ["no share for code B of 'customer_type'"]),
        BadDefinition(
            "sample share of an unknown code", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 0.62, X: 0.38}  # <\n", keyPath: "synthesis.sample.customer_type.X",
            mentions: ["'X' is not a code of field 'customer_type'", "C, B"]),
        BadDefinition(
            "sample share above 1", extended: "    customer_type: {C: 0.62, B: 0.38}\n",
            with: "    customer_type: {C: 1.2, B: -0.2}  # <\n", keyPath: "synthesis.sample.customer_type.C",
            mentions: ["share 1.2 is not between 0 and 1"]),
        BadDefinition(
            "sample within itself", extended: "      within: customer_type\n", with: "      within: age_group  # <\n",
            keyPath: "synthesis.sample.age_group.within", mentions: ["cannot be sampled within itself"]),
        BadDefinition(
            "sample within a field not sampled before", extended: "      within: customer_type\n",
            with: "      within: rating  # <\n", keyPath: "synthesis.sample.age_group.within",
            mentions: ["needs 'rating' sampled before 'age_group'", "customer_type, region"]),
        BadDefinition(
            "sample within a numeric field", extended: "      within: customer_type\n",
            with: "      within: age  # <\n",
            keyPath: "synthesis.sample.age_group.within", mentions: ["'age' is a numeric field"]),
        BadDefinition(
            "nested sample group missing",
            extended: "        B: {young: 0.2, older: 0.8}\n        C: {young: 0.3, older: 0.7}\n",
            with: "        B: {young: 0.2, older: 0.8}  # <\n", keyPath: "synthesis.sample.age_group.shares",
            mentions: ["no shares of 'age_group' for group C of 'customer_type'"]),
        BadDefinition(
            "nested sample shares not summing to 1", extended: "        B: {young: 0.2, older: 0.8}\n",
            with: "        B: {young: 0.2, older: 0.7}  # <\n", keyPath: "synthesis.sample.age_group.shares.B",
            mentions: ["the shares of 'age_group' in group 'B' of 'customer_type' sum to 0.9"]),
        BadDefinition(
            "nested sample group unknown", extended: "        B: {young: 0.2, older: 0.8}\n",
            with: "        X: {young: 0.2, older: 0.8}  # <\n", keyPath: "synthesis.sample.age_group.shares.X",
            mentions: ["'X' is not a code of field 'customer_type' (the 'within' field)"]),
        BadDefinition(
            "unknown key in nested sample shares", extended: "      within: customer_type\n",
            with: "      within: customer_type\n      share: {}  # <\n", keyPath: "synthesis.sample.age_group.share",
            mentions: ["'share'", "within, shares"]),
        BadDefinition(
            "sampled bins unbounded",
            extended: [
                ("{code: older, label: 35+, min: 35, max: 99}", "{code: older, label: 35+, min: 35, max: .inf}"),
                ("    age_group:\n      within:", "    age_group:  # <\n      within:"),
            ], keyPath: "synthesis.sample.age_group", mentions: ["bin 'older' of 'age_group' is unbounded", "'age'"]),
        BadDefinition(
            "duration of a single field", extended: "  duration: {field: seconds,",
            with: "  duration: {field: region,", keyPath: "synthesis.duration.field",
            mentions: ["duration field 'region' is a single field", "numeric field read from the data"]
        ).marked("  duration: {field: region"),
        BadDefinition(
            "duration of a count field", extended: "  duration: {field: seconds,",
            with: "  duration: {field: app_count,", keyPath: "synthesis.duration.field",
            mentions: ["'app_count' is a derived count field"]
        ).marked("  duration: {field: app_count"),
        BadDefinition(
            "duration median of 0", extended: "median: 840, spread: 0.45}\n", with: "median: 0, spread: 0.45}  # <\n",
            keyPath: "synthesis.duration.median", mentions: ["median is 0", "above 0"]),
        BadDefinition(
            "duration spread negative", extended: "median: 840, spread: 0.45}\n",
            with: "median: 840, spread: -0.1}  # <\n",
            keyPath: "synthesis.duration.spread", mentions: ["spread is -0.1", "0 or more"]),
        BadDefinition(
            "duration without median", extended: "median: 840, spread: 0.45}\n", with: "spread: 0.45}  # <\n",
            keyPath: "synthesis.duration.median", mentions: ["needs 'median'"]),
        BadDefinition(
            "mess rate of 1", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 1, speeder: 0}  # <\n",
            keyPath: "synthesis.mess.blank", mentions: ["blank is 1", "up to (not including) 1"]),
        BadDefinition(
            "mess rate negative", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blank: 0.02, speeder: -0.1}  # <\n", keyPath: "synthesis.mess.speeder",
            mentions: ["speeder is -0.1"]),
        BadDefinition(
            "unknown mess key", extended: "  mess: {blank: 0.02, speeder: 0}\n",
            with: "  mess: {blanks: 0.02, speeder: 0}  # <\n", keyPath: "synthesis.mess.blanks",
            mentions: ["'blanks'", "did you mean 'blank'", "out_of_domain"]),
    ]

    static let fieldSynth: [BadDefinition] = [
        BadDefinition(
            "mean in the synth of a scale field", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      default: [0.1, 0.2, 0.6, 0.1]\n      mean: 3  # <\n", keyPath: "fields[1].synth.mean",
            mentions: ["'mean' does not apply to synth of a scale field", "by, p, default, asked"]),
        BadDefinition(
            "p in the synth of a numeric field", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: 1.5, p: {C: [1]}}  # <\n", keyPath: "fields[8].synth.p",
            mentions: ["'p' does not apply to synth of a numeric field", "by, mean, sd, round, asked"]),
        BadDefinition(
            "unknown key in synth", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      defualt: [0.1, 0.2, 0.6, 0.1]  # <\n", keyPath: "fields[1].synth.defualt",
            mentions: ["'defualt'", "did you mean 'default'"]),
        BadDefinition(
            "synth on a sampled field",
            extended: "    codes: [{code: C, label: Consumer}, {code: B, label: Business}]\n",
            with:
                "    codes: [{code: C, label: Consumer}, {code: B, label: Business}]\n    synth: {p: {C: [1, 0]}}  # <\n",
            keyPath: "fields[4].synth", mentions: ["'customer_type' is drawn from synthesis.sample"]),
        BadDefinition(
            "synth on the duration field", extended: "    column: interview_seconds\n",
            with: "    column: interview_seconds\n    synth: {mean: 800, sd: 100}  # <\n", keyPath: "fields[6].synth",
            mentions: ["'seconds' is the synthesis duration field"]),
        BadDefinition(
            "synth on the source of a sampled bins field", extended: "    range: [16, 99]\n",
            with: "    range: [16, 99]\n    synth: {mean: 40, sd: 10}  # <\n", keyPath: "fields[3].synth",
            mentions: ["'age' is drawn within the sampled bin of 'age_group'"]),
        BadDefinition(
            "synth by a numeric field", extended: "      by: age_group\n", with: "      by: age  # <\n",
            keyPath: "fields[2].synth.by", mentions: ["by field 'age' is a numeric field"]),
        BadDefinition(
            "synth by itself", extended: "      by: rating\n", with: "      by: has_brand  # <\n",
            keyPath: "fields[5].synth.by", mentions: ["'has_brand' cannot be conditioned on itself"]),
        BadDefinition(
            "synth by a field declared later", extended: "    synth:\n      p:\n",
            with: "    synth:\n      by: has_brand  # <\n      p:\n", keyPath: "fields[1].synth.by",
            mentions: [
                "'has_brand' is neither sampled nor declared before 'rating'", "customer_type, region, age_group",
            ]),
        BadDefinition(
            "default by declared later",
            extended: [
                ("synthesis:\n  by: customer_type\n", "synthesis:\n  by: has_brand\n"),
                ("    synth:\n      p:\n", "    synth:\n      p:  # <\n"),
            ], keyPath: "fields[1].synth",
            mentions: ["'has_brand' (synthesis.by, the default 'by') is neither sampled nor declared before 'rating'"]),
        BadDefinition(
            "p for a code not of by", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [0.8, 0.3], old: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.old",
            mentions: ["'old' is not a code of 'age_group'", "young, older"]),
        BadDefinition(
            "p with too few probabilities", extended: "        B: [0.2, 0.3, 0.4, 0.0999995]\n",
            with: "        B: [0.5, 0.5]  # <\n", keyPath: "fields[1].synth.p.B",
            mentions: ["2 probabilities for the 4 codes of 'rating' (1, 2, 3, 9)", "in that order"]),
        BadDefinition(
            "p not summing to 1", extended: "        B: [0.2, 0.3, 0.4, 0.0999995]\n",
            with: "        B: [0.2, 0.3, 0.4, 0.2]  # <\n", keyPath: "fields[1].synth.p.B",
            mentions: ["the probabilities of 'rating' sum to 1.1, not 1"]),
        BadDefinition(
            "default not summing to 1", extended: "      default: [0.1, 0.2, 0.6, 0.1]\n",
            with: "      default: [0.1, 0.2, 0.6, 0.2]  # <\n", keyPath: "fields[1].synth.default",
            mentions: ["sum to 1.1, not 1"]),
        BadDefinition(
            "multi p with too few probabilities", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [0.8], older: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.young",
            mentions: ["1 probability for the 2 options of 'apps' (app_a, app_b)"]),
        BadDefinition(
            "multi probability above 1", extended: "      p: {young: [0.8, 0.3], older: [0.4, 0.1]}\n",
            with: "      p: {young: [1.8, 0.3], older: [0.4, 0.1]}  # <\n", keyPath: "fields[2].synth.p.young[0]",
            mentions: ["probability 1.8 is not between 0 and 1"]),
        BadDefinition(
            "category without p or default",
            extended: [
                ("      default: [0.1, 0.2, 0.6, 0.1]\n", ""),
                ("        B: [0.2, 0.3, 0.4, 0.0999995]\n", "        B: [0.2, 0.3, 0.4, 0.0999995]  # <\n"),
            ], keyPath: "fields[1].synth.p",
            mentions: ["no probabilities of 'rating' for code C of 'customer_type'", "default"]),
        BadDefinition(
            "synth without p or default", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with:
                "    synth: {mean: 3, sd: 1.5}\n  - {name: q9, type: single, codes: [{code: 1}], synth: {by: region}}  # <\n",
            keyPath: "fields[9].synth", mentions: ["no probabilities of 'q9' for codes N, S of 'region'"]),
        BadDefinition(
            "p as a list", extended: "      p: {1: [0.3, 0.7], 2: [0.5, 0.5], 3: [0.8, 0.2]}\n",
            with: "      p: [0.3, 0.7]  # <\n", keyPath: "fields[5].synth.p",
            mentions: ["p is a map from each code of 'rating'", "default: [...]"]),
        BadDefinition(
            "numeric synth without sd", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3}  # <\n",
            keyPath: "fields[8].synth.sd", mentions: ["needs 'sd'"]),
        BadDefinition(
            "numeric synth with a negative sd", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: -1}  # <\n", keyPath: "fields[8].synth.sd",
            mentions: ["sd -1 is out of range", "0 or more"]),
        BadDefinition(
            "numeric synth mean missing a code", extended: "mean: {N: 100, S: 200}, sd: 50",
            with: "mean: {N: 100}, sd: 50", keyPath: "fields[7].synth.mean",
            mentions: ["no mean for code S of 'region'", "single number"]
        ).marked("    synth: {by: region, mean: {N: 100}"),
        BadDefinition(
            "numeric synth mean for an unknown code", extended: "mean: {N: 100, S: 200}, sd: 50",
            with: "mean: {N: 100, X: 200}, sd: 50", keyPath: "fields[7].synth.mean.X",
            mentions: ["'X' is not a code of 'region'"]
        ).marked("    synth: {by: region, mean: {N: 100, X"),
        BadDefinition(
            "numeric synth round of 0", extended: "    synth: {mean: 3, sd: 1.5}\n",
            with: "    synth: {mean: 3, sd: 1.5, round: 0}  # <\n", keyPath: "fields[8].synth.round",
            mentions: ["round is 0"]),
        BadDefinition(
            "asked code not of the field", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: customer_type, codes: [X]}", keyPath: "fields[7].synth.asked.codes[0]",
            mentions: ["'X' is not a code of field 'customer_type'"]
        ).marked("codes: [X]"),
        BadDefinition(
            "asked by a numeric field", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: seconds, codes: [B]}", keyPath: "fields[7].synth.asked.field",
            mentions: ["asked field 'seconds' is a numeric field"]
        ).marked("asked: {field: seconds"),
        BadDefinition(
            "asked without codes", extended: "asked: {field: customer_type, codes: [B]}",
            with: "asked: {field: customer_type}", keyPath: "fields[7].synth.asked.codes", mentions: ["needs 'codes'"]
        ).marked("asked: {field: customer_type}"),
    ]

    static let surveyExtensions =
        countFields + tableFilters + tableRatios + publishedFigures + synthesisSection + fieldSynth
}

extension BadDefinition {
    /// The sample with the error marker put at the end of the line containing `text`.
    func marked(_ text: String) -> BadDefinition {
        var lines = yaml.components(separatedBy: "\n")
        let matches = lines.indices.filter { lines[$0].contains(text) }
        if matches.count == 1 { lines[matches[0]] += "  # <" }
        return BadDefinition(
            name: name, yaml: matches.count == 1 ? lines.joined(separator: "\n") : yaml,
            allFound: allFound && matches.count == 1,
            keyPath: keyPath, mentions: mentions)
    }
}
