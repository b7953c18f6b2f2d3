import TallyTestSupport

/// Broken edits of `DefinitionSamples.valid`: fields, their columns, derived fields,
/// banners, tables, output and quality.
extension DefinitionErrorTests {
    static let fields: [BadDefinition] = [
        BadDefinition(
            "field name starting with a digit", replacing: "  - name: region\n    label: Region",
            with: "  - name: 2region  # <\n    label: Region", keyPath: "fields[0].name",
            mentions: ["'2region'", "_2region"]),
        BadDefinition(
            "duplicate field name", replacing: "  - name: apps\n", with: "  - name: region  # <\n",
            keyPath: "fields[2].name", mentions: ["'region'", "fields[0]"]),
        BadDefinition(
            "derived name taken by a field", replacing: "  - name: age_group\n", with: "  - name: age  # <\n",
            keyPath: "derived[0].name", mentions: ["'age'", "fields[3]"]),
        BadDefinition(
            "unknown field type", replacing: "    type: multi\n", with: "    type: choice  # <\n",
            keyPath: "fields[2].type", mentions: ["'choice'", "'single', 'scale', 'multi' or 'numeric'"]),
        BadDefinition(
            "bins under fields", replacing: "    type: single\n", with: "    type: bins  # <\n",
            keyPath: "fields[0].type", mentions: ["'bins'", "derived"]),
        BadDefinition(
            "label as a list", replacing: "    label: Region\n", with: "    label: [Region]  # <\n",
            keyPath: "fields[0].label", mentions: ["a list"]),
        BadDefinition(
            "duplicate code", replacing: "      - {code: 3, label: Good}\n",
            with: "      - {code: 2, label: Good}  # <\n", keyPath: "fields[1].codes[2].code",
            mentions: ["'2'", "fields[1].codes[1]"]),
        BadDefinition(
            "empty codes",
            replacing: "    codes:\n      - {code: N, label: North}\n      - {code: S, label: South}\n",
            with: "    codes: []  # <\n", keyPath: "fields[0].codes", mentions: ["empty"]),
        BadDefinition(
            "code as a list", replacing: "{code: N, label: North}", with: "{code: [N], label: North}  # <",
            keyPath: "fields[0].codes[0].code", mentions: ["a list"]),
        BadDefinition(
            "base that is not a boolean", replacing: "{code: 9, label: Not rated, base: false}",
            with: "{code: 9, label: Not rated, base: maybe}  # <", keyPath: "fields[1].codes[3].base",
            mentions: ["'maybe'", "true or false"]),
        BadDefinition(
            "net with an unknown code", replacing: "{label: Fair or better, codes: [2, 3]}",
            with: "{label: Fair or better, codes: [2, 7]}  # <", keyPath: "fields[1].nets[0].codes[1]",
            mentions: ["'7'", "1, 2, 3, 9"]),
        BadDefinition(
            "unknown net position", replacing: "{label: Fair or better, codes: [2, 3]}",
            with: "{label: Fair or better, codes: [2, 3], position: first}  # <",
            keyPath: "fields[1].nets[0].position", mentions: ["'first'", "'after'", "'before'", "'top'", "'bottom'"]),
        BadDefinition(
            "net listing a code twice", replacing: "{label: Fair or better, codes: [2, 3]}",
            with: "{label: Fair or better, codes: [2, 2]}  # <", keyPath: "fields[1].nets[0].codes[1]",
            mentions: ["'2'", "twice"]),
        BadDefinition(
            "duplicate net label", replacing: "      - {label: Fair or better, codes: [2, 3]}\n",
            with: "      - {label: Fair or better, codes: [2, 3]}\n      - {label: Fair or better, codes: [3]}  # <\n",
            keyPath: "fields[1].nets[1].label", mentions: ["'Fair or better'", "fields[1].nets[0]"]),
        BadDefinition(
            "net without a label", replacing: "{label: Any app, options: [app_a, app_b]}",
            with: "{options: [app_a, app_b]}  # <", keyPath: "fields[2].nets[0].label", mentions: ["'label'"]),
        BadDefinition(
            "multi net with an unknown option", replacing: "{label: Any app, options: [app_a, app_b]}",
            with: "{label: Any app, options: [app_a, app_c]}  # <", keyPath: "fields[2].nets[0].options[1]",
            mentions: ["'app_c'", "app_a, app_b"]),
        BadDefinition(
            "option column declared twice", replacing: "{column: app_b, label: App B}",
            with: "{column: app_a, label: App B}  # <", keyPath: "fields[2].options[1].column",
            mentions: ["'app_a'", "fields[2].options[0]"]),
        BadDefinition(
            "more than 64 options",
            replacing: "    options:\n      - {column: app_a, label: App A}\n      - {column: app_b, label: App B}\n",
            with: "    options:\n      - {column: o0}  # <\n"
                + (1...64).map { "      - {column: o\($0)}\n" }.joined()
                + "      - {column: app_a}\n      - {column: app_b}\n",
            keyPath: "fields[2].options", mentions: ["67 options", "64"]),
        BadDefinition(
            "range with min above max", replacing: "    range: [16, 99]\n", with: "    range: [99, 16]  # <\n",
            keyPath: "fields[3].range", mentions: ["[99, 16]", "[16, 99]"]),
        BadDefinition(
            "range of three numbers", replacing: "    range: [16, 99]\n", with: "    range: [16, 99, 120]  # <\n",
            keyPath: "fields[3].range", mentions: ["two numbers", "found 3"]),
        BadDefinition(
            "range with text", replacing: "    range: [16, 99]\n", with: "    range: [16, old]  # <\n",
            keyPath: "fields[3].range[1]", mentions: ["'old'", "number"]),
        BadDefinition(
            "range with a quoted number", replacing: "    range: [16, 99]\n", with: "    range: [16, \"99\"]  # <\n",
            keyPath: "fields[3].range[1]", mentions: ["'99'", "without quotes"]),
    ]

    static let columns: [BadDefinition] = [
        BadDefinition(
            "column read by two fields", replacing: "    column: q_rating\n", with: "    column: region  # <\n",
            keyPath: "fields[1].column", mentions: ["'region'", "field 'region' (fields[0])"]),
        BadDefinition(
            "field reading the id column by default", replacing: "  - name: region\n    label: Region",
            with: "  - name: rid  # <\n    label: Region", keyPath: "fields[0].name",
            mentions: ["'rid'", "input.id", "'column'"]),
        BadDefinition(
            "option reading the weight column", replacing: "{column: app_b, label: App B}",
            with: "{column: wt, label: App B}  # <", keyPath: "fields[2].options[1].column",
            mentions: ["'wt'", "input.weight"]),
    ]

    static let derived: [BadDefinition] = [
        BadDefinition(
            "derived type other than bins", replacing: "    type: bins\n", with: "    type: ranges  # <\n",
            keyPath: "derived[0].type", mentions: ["'ranges'", "type: bins"]),
        BadDefinition(
            "bins from an unknown field", replacing: "    from: age\n", with: "    from: agee  # <\n",
            keyPath: "derived[0].from", mentions: ["'agee'", "did you mean 'age'"]),
        BadDefinition(
            "bins from a single field", replacing: "    from: age\n", with: "    from: region  # <\n",
            keyPath: "derived[0].from", mentions: ["'region'", "single field", "numeric fields: age"]),
        BadDefinition(
            "overlapping bins", replacing: "{code: older, label: 35+, min: 35, max: 99}",
            with: "{code: older, label: 35+, min: 34, max: 99}  # <", keyPath: "derived[0].bins[1]",
            mentions: ["'older' [34, 99]", "'young' [16, 34]", "derived[0].bins[0]"]),
        BadDefinition(
            "bin with min above max", replacing: "{code: older, label: 35+, min: 35, max: 99}",
            with: "{code: older, label: 35+, min: 35, max: 30}  # <", keyPath: "derived[0].bins[1].max",
            mentions: ["'older'", "30", "35"]),
        BadDefinition(
            "bin bound that is not a number", replacing: "{code: young, label: 16-34, min: 16, max: 34}",
            with: "{code: young, label: 16-34, min: sixteen, max: 34}  # <", keyPath: "derived[0].bins[0].min",
            mentions: ["'sixteen'"]),
        BadDefinition(
            "duplicate bin code", replacing: "{code: older, label: 35+, min: 35, max: 99}",
            with: "{code: young, label: 35+, min: 35, max: 99}  # <", keyPath: "derived[0].bins[1].code",
            mentions: ["'young'"]),
    ]

    static let banners: [BadDefinition] = [
        BadDefinition(
            "duplicate banner name", replacing: "  - name: ages\n", with: "  - name: region  # <\n",
            keyPath: "banners[1].name", mentions: ["'region'", "banners[0]"]),
        BadDefinition(
            "banner name that is not a folder name", replacing: "  - name: ages\n",
            with: "  - name: age groups  # <\n", keyPath: "banners[1].name", mentions: ["'age groups'"]),
        BadDefinition(
            "banner on an unknown field", replacing: "    field: age_group\n", with: "    field: agegroup  # <\n",
            keyPath: "banners[1].field", mentions: ["'agegroup'", "did you mean 'age_group'"]),
        BadDefinition(
            "banner on a numeric field", replacing: "    field: age_group\n", with: "    field: age  # <\n",
            keyPath: "banners[1].field",
            mentions: ["'age'", "numeric field", "options of a multi-answer field", "region, rating, apps, age_group"]),
        BadDefinition(
            "banner without columns", replacing: "  - name: ages\n    field: age_group\n",
            with: "  - name: ages  # <\n", keyPath: "banners[1]", mentions: ["'ages'", "'field'", "'total'"]),
    ]

    static let tables: [BadDefinition] = [
        BadDefinition(
            "duplicate table name", replacing: "  - name: age\n    field: age\n",
            with: "  - name: rating  # <\n    field: age\n", keyPath: "tables[1].name",
            mentions: ["'rating'", "tables[0]"]),
        BadDefinition(
            "table name with a slash", replacing: "  - name: rating\n    field: rating\n",
            with: "  - name: rating/2  # <\n    field: rating\n", keyPath: "tables[0].name",
            mentions: ["'rating/2'"]),
        BadDefinition(
            "table on an unknown field", replacing: "    field: rating\n", with: "    field: ratings  # <\n",
            keyPath: "tables[0].field", mentions: ["'ratings'", "did you mean 'rating'"]),
        BadDefinition(
            "table with an unknown banner", replacing: "    banners: [region, ages]\n",
            with: "    banners: [region, age]  # <\n", keyPath: "tables[0].banners[1]",
            mentions: ["'age'", "region, ages"]),
        BadDefinition(
            "table repeating a banner", replacing: "    banners: [region, ages]\n",
            with: "    banners: [region, region]  # <\n", keyPath: "tables[0].banners[1]",
            mentions: ["'region'", "twice"]),
        BadDefinition(
            "table without banners", replacing: "    banners: [region, ages]\n", with: "    banners: []  # <\n",
            keyPath: "tables[0].banners", mentions: ["empty"]),
        BadDefinition(
            "unknown statistic", replacing: "    statistics: [count, percent]\n",
            with: "    statistics: [count, pct]  # <\n", keyPath: "tables[0].statistics[1]",
            mentions: ["unknown statistic 'pct'", "a scale field accepts count, weighted_count, percent"]),
        BadDefinition(
            "mean of a single field",
            replacing: "    field: rating\n    banners: [region, ages]\n    statistics: [count, percent]\n",
            with: "    field: region\n    banners: [region, ages]\n    statistics: [count, mean]  # <\n",
            keyPath: "tables[0].statistics[1]",
            mentions: ["'mean'", "a single field accepts count, weighted_count, percent"]),
        BadDefinition(
            "mean of a scale with a code that has no score",
            [
                ("      - {code: 3, label: Good}\n", "      - {code: G, label: Good}\n"),
                ("{label: Fair or better, codes: [2, 3]}", "{label: Fair or better, codes: [2, G]}"),
                ("    statistics: [count, percent]\n", "    statistics: [count, mean]  # <\n"),
            ], keyPath: "tables[0].statistics[1]",
            mentions: ["'mean'", "code G", "no score", "score: 1", "base: false"]),
        BadDefinition(
            "score that is not a number", replacing: "      - {code: 3, label: Good}\n",
            with: "      - {code: 3, label: Good, score: high}  # <\n", keyPath: "fields[1].codes[2].score",
            mentions: ["expected a number", "'high'"]),
        BadDefinition(
            "percent of a numeric field", replacing: "    statistics: [mean, sd]\n",
            with: "    statistics: [mean, percent]  # <\n", keyPath: "tables[1].statistics[1]",
            mentions: ["'percent'", "a numeric field accepts mean, sd"]),
        BadDefinition(
            "repeated statistic", replacing: "    statistics: [count, percent]\n",
            with: "    statistics: [count, count]  # <\n", keyPath: "tables[0].statistics[1]",
            mentions: ["'count'", "twice"]),
        BadDefinition(
            "no statistics", replacing: "    statistics: [mean, sd]\n", with: "    statistics: []  # <\n",
            keyPath: "tables[1].statistics", mentions: ["empty", "mean, sd"]),
    ]

    static let outputAndQuality: [BadDefinition] = [
        BadDefinition(
            "unknown partition key", appending: "output:\n  partition_by: [banner, page]  # <\n",
            keyPath: "output.partition_by[1]", mentions: ["'page'", "'banner' or 'table'"]),
        BadDefinition(
            "repeated partition key", appending: "output:\n  partition_by: [banner, banner]  # <\n",
            keyPath: "output.partition_by[1]", mentions: ["'banner'", "repeated"]),
        BadDefinition(
            "partitions without banner", appending: "output:\n  partition_by: [table]  # <\n",
            keyPath: "output.partition_by", mentions: ["'banner'"]),
        BadDefinition(
            "rejected share above 1", appending: "quality:\n  max_rejected_share: 1.5  # <\n",
            keyPath: "quality.max_rejected_share", mentions: ["1.5", "between 0 and 1"]),
        BadDefinition(
            "rejected share negative", appending: "quality:\n  max_rejected_share: -0.1  # <\n",
            keyPath: "quality.max_rejected_share", mentions: ["-0.1"]),
        BadDefinition(
            "rejected share as text", appending: "quality:\n  max_rejected_share: lots  # <\n",
            keyPath: "quality.max_rejected_share", mentions: ["'lots'", "number"]),
    ]
}
