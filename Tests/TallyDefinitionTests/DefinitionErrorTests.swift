import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// Every kind of mistake is reported at its key path and line, with the offending value.
@Suite("Definition errors")
struct DefinitionErrorTests {
    static let syntax: [BadDefinition] = [
        BadDefinition(
            "YAML syntax error", replacing: "  id: rid\n", with: "  id: rid: x  # <\n", keyPath: "",
            mentions: ["invalid YAML", "mapping values are not allowed", "quotes"]),
        BadDefinition(
            "unclosed flow list",
            [
                (
                    "    banners: [region, ages]\n    statistics: [count, percent]\n",
                    "    banners: [region, ages\n    statistics: [count, percent]  # < libyaml notices here\n"
                )
            ], keyPath: "", mentions: ["invalid YAML", "','"]),
        BadDefinition(
            "tab indentation", replacing: "  id: rid\n", with: "\tid: rid  # <\n", keyPath: "",
            mentions: ["invalid YAML", "tabs"]),
        BadDefinition(
            "duplicate key", replacing: "title: Demo survey\n", with: "title: Demo survey  # <\ntitle: Again\n",
            keyPath: "", mentions: ["'title'", "more than once"]),
    ]

    static let unknownKeys: [BadDefinition] = [
        BadDefinition(
            "unknown top-level key", replacing: "title: Demo survey\n", with: "titel: Demo survey  # <\n",
            keyPath: "titel", mentions: ["'titel'", "did you mean 'title'", "survey, edition, title"]),
        BadDefinition(
            "unknown key in a field", replacing: "    label: Region\n", with: "    lable: Region  # <\n",
            keyPath: "fields[0].lable", mentions: ["'lable'", "did you mean 'label'"]),
        BadDefinition(
            "unknown key in a code", replacing: "      - {code: N, label: North}\n",
            with: "      - {code: N, lable: North}  # <\n", keyPath: "fields[0].codes[0].lable",
            mentions: ["'lable'", "code, label, base"]),
        BadDefinition(
            "unknown key in a bin", replacing: "{code: older, label: 35+, min: 35, max: 99}",
            with: "{code: older, label: 35+, min: 35, to: 99}  # <", keyPath: "derived[0].bins[1].to",
            mentions: ["'to'", "code, label, min, max"]),
        BadDefinition(
            "unknown key in a table", replacing: "    statistics: [mean, sd]\n", with: "    stats: [mean, sd]  # <\n",
            keyPath: "tables[1].stats", mentions: ["'stats'", "statistics"]),
        BadDefinition(
            "unknown key in output", appending: "output:\n  partition: [banner]  # <\n",
            keyPath: "output.partition", mentions: ["'partition'", "did you mean 'partition_by'"]),
        BadDefinition(
            "YAML merge key", replacing: "  id: rid\n", with: "  <<: {id: rid}  # <\n", keyPath: "input.<<",
            mentions: ["merge keys"]),
        BadDefinition(
            "range on a single field", replacing: "    type: single\n",
            with: "    type: single\n    range: [1, 2]  # <\n", keyPath: "fields[0].range",
            mentions: ["'range'", "single field", "codes"]),
        BadDefinition(
            "column on a multi field", replacing: "    type: multi\n",
            with: "    type: multi\n    column: apps  # <\n", keyPath: "fields[2].column",
            mentions: ["'column'", "one column per option"]),
        BadDefinition(
            "codes on a numeric field", replacing: "    range: [16, 99]\n",
            with: "    range: [16, 99]\n    codes: [{code: 1}]  # <\n", keyPath: "fields[3].codes",
            mentions: ["'codes'", "numeric field"]),
    ]

    static let missing: [BadDefinition] = [
        BadDefinition(
            "missing survey", replacing: "survey: demo\nedition: \"2024\"\n", with: "edition: \"2024\"  # <\n",
            keyPath: "survey", mentions: ["'survey'"]),
        BadDefinition(
            "survey without a value", replacing: "survey: demo\n", with: "survey:  # <\n", keyPath: "survey",
            mentions: ["'survey' has no value"]),
        BadDefinition(
            "missing field type", replacing: "  - name: age\n    label: Age\n    type: numeric\n",
            with: "  - name: age  # <\n    label: Age\n", keyPath: "fields[3].type",
            mentions: ["'type'", "single, scale, multi or numeric"]),
        BadDefinition(
            "missing codes",
            [
                (
                    "    type: single\n    codes:\n      - {code: N, label: North}\n      - {code: S, label: South}\n",
                    "    type: single\n"
                ),
                ("  - name: region\n    label: Region", "  - name: region  # <\n    label: Region"),
            ], keyPath: "fields[0].codes", mentions: ["'codes'"]),
        BadDefinition(
            "missing input id",
            [("  id: rid\n", ""), ("  files: data/*.csv.gz\n", "  files: data/*.csv.gz  # <\n")],
            keyPath: "input.id", mentions: ["'id'"]),
        BadDefinition(
            "missing tables",
            [
                (
                    "tables:\n  - name: rating\n    field: rating\n    banners: [region, ages]\n    statistics: [count, percent]\n  - name: age\n    field: age\n    banners: [region]\n    statistics: [mean, sd]\n",
                    ""
                ),
                ("survey: demo\n", "survey: demo  # <\n"),
            ], keyPath: "tables", mentions: ["'tables'"]),
    ]

    static let header: [BadDefinition] = [
        BadDefinition(
            "edition with a slash", replacing: "edition: \"2024\"\n", with: "edition: 2024/25  # <\n",
            keyPath: "edition", mentions: ["'2024/25'", "letters, digits"]),
        BadDefinition(
            "edition of dots", replacing: "edition: \"2024\"\n", with: "edition: \"..\"  # <\n",
            keyPath: "edition", mentions: ["'..'"]),
        BadDefinition(
            "edition as a list", replacing: "edition: \"2024\"\n", with: "edition: [2024]  # <\n",
            keyPath: "edition", mentions: ["a list"]),
        BadDefinition(
            "impossible fieldwork date", replacing: "{start: 2024-03-01, end: 2024-04-30}",
            with: "{start: 2024-02-30, end: 2024-04-30}  # <", keyPath: "fieldwork.start",
            mentions: ["'2024-02-30'", "YYYY-MM-DD"]),
        BadDefinition(
            "fieldwork ending before it starts", replacing: "{start: 2024-03-01, end: 2024-04-30}",
            with: "{start: 2024-05-01, end: 2024-04-30}  # <", keyPath: "fieldwork.end",
            mentions: ["2024-04-30", "2024-05-01"]),
        BadDefinition(
            "no input files", replacing: "  files: data/*.csv.gz\n", with: "  files: []  # <\n",
            keyPath: "input.files", mentions: ["empty"]),
        BadDefinition(
            "input files as a mapping", replacing: "  files: data/*.csv.gz\n",
            with: "  files: {pattern: x}  # <\n", keyPath: "input.files", mentions: ["a mapping"]),
        BadDefinition(
            "unknown input format", replacing: "  files: data/*.csv.gz\n",
            with: "  files: data/*.csv.gz\n  format: tsv  # <\n", keyPath: "input.format",
            mentions: ["'tsv'", "'csv'"]),
        BadDefinition(
            "weight column is the id column", replacing: "  weight: wt\n", with: "  weight: rid  # <\n",
            keyPath: "input.weight", mentions: ["'rid'"]),
    ]

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
            keyPath: "banners[1].field", mentions: ["'age'", "numeric field", "region, rating, age_group"]),
        BadDefinition(
            "banner on a multi field", replacing: "    field: age_group\n", with: "    field: apps  # <\n",
            keyPath: "banners[1].field", mentions: ["'apps'", "multi field"]),
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
            "mean of a scale", replacing: "    statistics: [count, percent]\n",
            with: "    statistics: [count, mean]  # <\n", keyPath: "tables[0].statistics[1]",
            mentions: ["'mean'", "a scale field accepts count, weighted_count, percent"]),
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

    /// Edits of `DefinitionSamples.weighting` (plain `region`, then `age_group` within `region`).
    static let weightingSettings: [BadDefinition] = [
        BadDefinition(
            "unknown key in weighting", weighting: "weighting:\n", with: "weighting:\n  tolerence: 1.0e-9  # <\n",
            keyPath: "weighting.tolerence", mentions: ["'tolerence'", "did you mean 'tolerance'"]),
        BadDefinition(
            "tolerance of 0.1 or more", weighting: "weighting:\n", with: "weighting:\n  tolerance: 0.5  # <\n",
            keyPath: "weighting.tolerance", mentions: ["tolerance is 0.5", "below 0.1"]),
        BadDefinition(
            "tolerance of zero", weighting: "weighting:\n", with: "weighting:\n  tolerance: 0  # <\n",
            keyPath: "weighting.tolerance", mentions: ["tolerance is 0", "above 0"]),
        BadDefinition(
            "tolerance as text", weighting: "weighting:\n", with: "weighting:\n  tolerance: tight  # <\n",
            keyPath: "weighting.tolerance", mentions: ["'tight'", "number"]),
        BadDefinition(
            "max_sweeps of zero", weighting: "weighting:\n", with: "weighting:\n  max_sweeps: 0  # <\n",
            keyPath: "weighting.max_sweeps", mentions: ["max_sweeps is 0", "1 to 100000"]),
        BadDefinition(
            "max_sweeps above the limit", weighting: "weighting:\n", with: "weighting:\n  max_sweeps: 100001  # <\n",
            keyPath: "weighting.max_sweeps", mentions: ["100001", "1 to 100000"]),
        BadDefinition(
            "max_sweeps not whole", weighting: "weighting:\n", with: "weighting:\n  max_sweeps: 2.5  # <\n",
            keyPath: "weighting.max_sweeps", mentions: ["2.5", "whole number"]),
        BadDefinition(
            "caps with min above max", weighting: "weighting:\n",
            with: "weighting:\n  caps: {min: 2.5, max: 0.4}  # <\n", keyPath: "weighting.caps.max",
            mentions: ["max 0.4", "min 2.5", "min must not exceed max"]),
        BadDefinition(
            "caps min of zero", weighting: "weighting:\n", with: "weighting:\n  caps: {min: 0, max: 2}  # <\n",
            keyPath: "weighting.caps.min", mentions: ["caps min is 0", "above 0 and at most 1"]),
        BadDefinition(
            "caps min above 1", weighting: "weighting:\n", with: "weighting:\n  caps: {min: 1.2, max: 2}  # <\n",
            keyPath: "weighting.caps.min", mentions: ["caps min is 1.2"]),
        BadDefinition(
            "caps max below 1", weighting: "weighting:\n", with: "weighting:\n  caps: {min: 0.5, max: 0.8}  # <\n",
            keyPath: "weighting.caps.max", mentions: ["caps max is 0.8", "at least 1"]),
        BadDefinition(
            "caps without max", weighting: "weighting:\n", with: "weighting:\n  caps: {min: 0.5}  # <\n",
            keyPath: "weighting.caps.max", mentions: ["'max'"]),
        BadDefinition(
            "min_efficiency above 1", weighting: "weighting:\n",
            with: "weighting:\n  limits:\n    min_efficiency: 1.5  # <\n", keyPath: "weighting.limits.min_efficiency",
            mentions: ["min_efficiency is 1.5", "at most 1"]),
        BadDefinition(
            "max_weight of 1", weighting: "weighting:\n", with: "weighting:\n  limits: {max_weight: 1}  # <\n",
            keyPath: "weighting.limits.max_weight", mentions: ["max_weight is 1", "above 1"]),
        BadDefinition(
            "max_margin_error of zero", weighting: "weighting:\n",
            with: "weighting:\n  limits: {max_margin_error: 0}  # <\n", keyPath: "weighting.limits.max_margin_error",
            mentions: ["max_margin_error is 0", "above 0"]),
        BadDefinition(
            "unknown key in limits", weighting: "weighting:\n", with: "weighting:\n  limits: {max_weigth: 6}  # <\n",
            keyPath: "weighting.limits.max_weigth", mentions: ["'max_weigth'", "did you mean 'max_weight'"]),
        BadDefinition(
            "weighting without margins", appending: "weighting:\n  tolerance: 1.0e-9  # <\n",
            keyPath: "weighting.margins", mentions: ["'margins'"]),
        BadDefinition(
            "empty margins", appending: "weighting:\n  margins: []  # <\n", keyPath: "weighting.margins",
            mentions: ["empty"]),
    ]

    static let weightingMargins: [BadDefinition] = [
        BadDefinition(
            "unknown key in a margin", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      target: {N: 0.4, S: 0.6}  # <\n", keyPath: "weighting.margins[0].target",
            mentions: ["'target'", "did you mean 'targets'"]),
        BadDefinition(
            "margin without a field", weighting: "    - field: region\n      targets: {N: 0.4, S: 0.6}\n",
            with: "    - targets: {N: 0.4, S: 0.6}  # <\n", keyPath: "weighting.margins[0].field",
            mentions: ["'field'"]),
        BadDefinition(
            "margin without targets",
            weighting: [
                ("      targets: {N: 0.4, S: 0.6}\n", ""), ("    - field: region\n", "    - field: region  # <\n"),
            ], keyPath: "weighting.margins[0].targets", mentions: ["'targets'", "N: ..., S: ..."]),
        BadDefinition(
            "margin on an unknown field", weighting: "    - field: region\n", with: "    - field: regoin  # <\n",
            keyPath: "weighting.margins[0].field", mentions: ["'regoin'", "did you mean 'region'"]),
        BadDefinition(
            "margin on a numeric field", weighting: "    - field: region\n", with: "    - field: age  # <\n",
            keyPath: "weighting.margins[0].field",
            mentions: ["'age'", "a numeric field", "single, scale or derived bins", "region, rating, age_group"]),
        BadDefinition(
            "margin on a multi field", weighting: "    - field: region\n", with: "    - field: apps  # <\n",
            keyPath: "weighting.margins[0].field", mentions: ["'apps'", "a multi field"]),
        BadDefinition(
            "field raked twice", weighting: "        S: {young: 0.5, older: 0.5}\n",
            with: "        S: {young: 0.5, older: 0.5}\n    - field: region  # <\n      targets: {N: 0.5, S: 0.5}\n",
            keyPath: "weighting.margins[2].field",
            mentions: ["'region'", "already raked as a plain margin", "weighting.margins[0]"]),
        BadDefinition(
            "nested margin repeated", weighting: "        S: {young: 0.5, older: 0.5}\n",
            with:
                "        S: {young: 0.5, older: 0.5}\n    - field: age_group  # <\n      within: region\n      targets: {N: {young: 1, older: 0}, S: {young: 0, older: 1}}\n",
            keyPath: "weighting.margins[2].field", mentions: ["'age_group'", "within 'region'", "weighting.margins[1]"]),
        BadDefinition(
            "within a numeric field", weighting: "      within: region\n", with: "      within: age  # <\n",
            keyPath: "weighting.margins[1].within", mentions: ["'age'", "a numeric field"]),
        BadDefinition(
            "within a field that is not a margin", weighting: "      within: region\n",
            with: "      within: rating  # <\n", keyPath: "weighting.margins[1].within",
            mentions: ["'rating'", "earlier plain margins: region"]),
        BadDefinition(
            "within a later margin",
            weighting: [
                ("    - field: region\n      targets: {N: 0.4, S: 0.6}\n", ""),
                ("      within: region\n", "      within: region  # <\n"),
                (
                    "        S: {young: 0.5, older: 0.5}\n",
                    "        S: {young: 0.5, older: 0.5}\n    - field: region\n      targets: {N: 0.4, S: 0.6}\n"
                ),
            ], keyPath: "weighting.margins[0].within", mentions: ["'within: region'", "no plain margin comes before"]),
        BadDefinition(
            "within itself", weighting: "      within: region\n", with: "      within: age_group  # <\n",
            keyPath: "weighting.margins[1].within", mentions: ["within itself"]),
        BadDefinition(
            "unknown target type", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      type: ratio  # <\n", keyPath: "weighting.margins[0].type",
            mentions: ["'ratio'", "'shares', 'percent' or 'counts'"]),
        BadDefinition(
            "total without counts", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      total: 1000  # <\n", keyPath: "weighting.margins[0].total",
            mentions: ["'total'", "type: counts", "shares"]),
        BadDefinition(
            "total with percentages", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 40, S: 60}\n      type: percent\n      total: 100  # <\n",
            keyPath: "weighting.margins[0].total", mentions: ["'total'", "percentages"]),
        BadDefinition(
            "assumption that is not a boolean", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      assumption: maybe  # <\n",
            keyPath: "weighting.margins[0].assumption", mentions: ["'maybe'", "true or false"]),
    ]

    static let weightingTargets: [BadDefinition] = [
        BadDefinition(
            "negative target", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: -0.4, S: 1.4}  # <\n", keyPath: "weighting.margins[0].targets.N",
            mentions: ["-0.4", "negative"]),
        BadDefinition(
            "share above 1", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 60}  # <\n", keyPath: "weighting.margins[0].targets.S",
            mentions: ["target 60 is above 1", "type: percent"]),
        BadDefinition(
            "percentage above 100", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 140, S: 60}  # <\n      type: percent\n",
            keyPath: "weighting.margins[0].targets.N",
            mentions: ["target 140 is above 100"]),
        BadDefinition(
            "target as text", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: many, S: 0.6}  # <\n", keyPath: "weighting.margins[0].targets.N",
            mentions: ["'many'", "number"]),
        BadDefinition(
            "target as quoted number", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: \"0.4\", S: 0.6}  # <\n", keyPath: "weighting.margins[0].targets.N",
            mentions: ["without quotes"]),
        BadDefinition(
            "targets as a list", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: [0.4, 0.6]  # <\n", keyPath: "weighting.margins[0].targets",
            mentions: ["found a list", "N: ..., S: ..."]),
        BadDefinition(
            "target for an unknown code", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6, ZZ: 0}  # <\n", keyPath: "weighting.margins[0].targets.ZZ",
            mentions: ["'ZZ' is not a code of field 'region'", "N, S"]),
        BadDefinition(
            "nested target for an unknown code", weighting: "        N: {young: 0.3, older: 0.7}\n",
            with: "        N: {young: 0.3, older: 0.7, ZZ: 0}  # <\n", keyPath: "weighting.margins[1].targets.N.ZZ",
            mentions: ["'ZZ' is not a code of field 'age_group'", "young, older"]),
        BadDefinition(
            "code with no target", weighting: "      targets: {N: 0.4, S: 0.6}\n", with: "      targets: {N: 1}  # <\n",
            keyPath: "weighting.margins[0].targets",
            mentions: ["respondent category with no target", "no target for code S"]),
        BadDefinition(
            "codes with no target", weighting: "        S: {young: 0.5, older: 0.5}\n",
            with: "        S: {young: 0.5, older: 0.5}\n    - field: rating\n      targets: {1: 0.5, 3: 0.5}  # <\n",
            keyPath: "weighting.margins[2].targets", mentions: ["respondent category with no target", "codes 2, 9"]),
        BadDefinition(
            "nested code with no target", weighting: "        N: {young: 0.3, older: 0.7}\n",
            with: "        N: {young: 1}  # <\n", keyPath: "weighting.margins[1].targets.N",
            mentions: ["respondent category with no target", "code older"]),
        BadDefinition(
            "group with no targets",
            weighting: [
                ("        S: {young: 0.5, older: 0.5}\n", ""),
                ("        N: {young: 0.3, older: 0.7}\n", "        N: {young: 0.3, older: 0.7}  # <\n"),
            ], keyPath: "weighting.margins[1].targets",
            mentions: ["respondent category with no target", "group S of field 'region'"]),
        BadDefinition(
            "targets for an unknown group", weighting: "        S: {young: 0.5, older: 0.5}\n",
            with: "        S: {young: 0.5, older: 0.5}\n        W: {young: 0.5, older: 0.5}  # <\n",
            keyPath: "weighting.margins[1].targets.W", mentions: ["'W' is not a code of field 'region'", "N, S"]),
        BadDefinition(
            "group given a number", weighting: "        N: {young: 0.3, older: 0.7}\n", with: "        N: 0.4  # <\n",
            keyPath: "weighting.margins[1].targets.N", mentions: ["expected a map", "'0.4'"]),
        BadDefinition(
            "nested targets without within",
            weighting: [
                ("      within: region\n", ""),
                ("        N: {young: 0.3, older: 0.7}\n", "        N: {young: 0.3, older: 0.7}  # <\n"),
            ], keyPath: "weighting.margins[1].targets.N", mentions: ["found a mapping", "within"]),
        BadDefinition(
            "shares not summing to 1", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.5}  # <\n", keyPath: "weighting.margins[0].targets",
            mentions: ["sum to 0.9, not 1"]),
        BadDefinition(
            "percentages not summing to 100", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 40, S: 50}  # <\n      type: percent\n", keyPath: "weighting.margins[0].targets",
            mentions: ["sum to 90, not 100"]),
        BadDefinition(
            "group shares not summing to 1", weighting: "        N: {young: 0.3, older: 0.7}\n",
            with: "        N: {young: 0.3, older: 0.6}  # <\n", keyPath: "weighting.margins[1].targets.N",
            mentions: ["in group 'N' of 'region'", "sum to 0.9, not 1"]),
        BadDefinition(
            "counts not summing to the total", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 400, S: 500}  # <\n      type: counts\n      total: 1000\n",
            keyPath: "weighting.margins[0].targets",
            mentions: ["sum to 900", "total 1000", "weighting.margins[0].total"]),
        BadDefinition(
            "counts all zero", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0, S: 0}  # <\n      type: counts\n", keyPath: "weighting.margins[0].targets",
            mentions: ["all 0"]),
    ]

    /// Edits of `DefinitionSamples.weighting` setting `missing` on a margin.
    static let weightingMissing: [BadDefinition] = [
        BadDefinition(
            "missing imputing an unknown code", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      missing: {impute: W}  # <\n",
            keyPath: "weighting.margins[0].missing.impute",
            mentions: ["'W' is not a code of field 'region'", "N, S"]),
        BadDefinition(
            "nested missing imputing a code of the within field", weighting: "      within: region\n",
            with: "      within: region\n      missing: {impute: N}  # <\n",
            keyPath: "weighting.margins[1].missing.impute",
            mentions: ["'N' is not a code of field 'age_group'", "young, older"]),
        BadDefinition(
            "unknown missing treatment", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      missing: impute  # <\n",
            keyPath: "weighting.margins[0].missing",
            mentions: ["'impute'", "missing: reject", "missing: {impute: N}"]),
        BadDefinition(
            "unknown key in missing", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      missing: {imputed: N}  # <\n",
            keyPath: "weighting.margins[0].missing.imputed", mentions: ["'imputed'", "did you mean 'impute'"]),
        BadDefinition(
            "missing without a code", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      missing: {impute: }  # <\n",
            keyPath: "weighting.margins[0].missing.impute", mentions: ["'impute' has no value", "{impute: N}"]),
        BadDefinition(
            "missing as a list", weighting: "      targets: {N: 0.4, S: 0.6}\n",
            with: "      targets: {N: 0.4, S: 0.6}\n      missing: [N]  # <\n",
            keyPath: "weighting.margins[0].missing", mentions: ["found a list", "{impute: CODE}"]),
        BadDefinition(
            "margins of one field missing differently",
            weighting: [
                ("    - field: region\n      targets: {N: 0.4, S: 0.6}\n", ""),
                (
                    "        S: {young: 0.5, older: 0.5}\n",
                    "        S: {young: 0.5, older: 0.5}\n    - field: age_group\n      targets: {young: 0.4, older: 0.6}\n      missing: {impute: young}  # <\n"
                ),
                (
                    "    - field: age_group\n      within: region\n",
                    "    - field: region\n      targets: {N: 0.4, S: 0.6}\n    - field: age_group\n      within: region\n"
                ),
            ], keyPath: "weighting.margins[2].missing",
            mentions: [
                "'age_group'", "weighting.margins[1] with missing: reject", "here with missing: {impute: young}",
                "same 'missing'",
            ]),
    ]

    /// Edits of `DefinitionSamples.cleaning` (with `DefinitionSamples.cleaningFields` declared).
    static let cleaningLists: [BadDefinition] = [
        BadDefinition(
            "unknown key in cleaning", cleaning: "  duplicates: reject\n", with: "  duplicate: reject  # <\n",
            keyPath: "cleaning.duplicate", mentions: ["'duplicate'", "did you mean 'duplicates'"]),
        BadDefinition(
            "cleaning as a list", appending: "cleaning: [duplicates]  # <\n", keyPath: "cleaning",
            mentions: ["found a list", "duplicates, required"]),
        BadDefinition(
            "unknown duplicates policy", cleaning: "  duplicates: reject\n", with: "  duplicates: drop  # <\n",
            keyPath: "cleaning.duplicates", mentions: ["'drop'", "'reject'", "'keep'"]),
        BadDefinition(
            "duplicates as a boolean", cleaning: "  duplicates: reject\n", with: "  duplicates: true  # <\n",
            keyPath: "cleaning.duplicates", mentions: ["'true'", "'reject'", "'keep'"]),
        BadDefinition(
            "required unknown field", cleaning: "  required: [customer_type, age_group, apps]\n",
            with: "  required: [customer_type, agegroup, apps]  # <\n", keyPath: "cleaning.required[1]",
            mentions: ["unknown field 'agegroup'", "did you mean 'age_group'"]),
        BadDefinition(
            "required field repeated", cleaning: "  required: [customer_type, age_group, apps]\n",
            with: "  required: [customer_type, age_group, customer_type]  # <\n", keyPath: "cleaning.required[2]",
            mentions: ["'customer_type'", "twice in required"]),
        BadDefinition(
            "required as text", cleaning: "  required: [customer_type, age_group, apps]\n",
            with: "  required: customer_type  # <\n", keyPath: "cleaning.required",
            mentions: ["found 'customer_type'", "[country]"]),
        BadDefinition(
            "out-of-domain numeric field", cleaning: "  reject_out_of_domain: [customer_type, rating]\n",
            with: "  reject_out_of_domain: [customer_type, age]  # <\n", keyPath: "cleaning.reject_out_of_domain[1]",
            mentions: [
                "'age' is a numeric field", "single or scale fields read from the data",
                "(region, rating, customer_type, q1, q2, q3, q4, q5)",
            ]),
        BadDefinition(
            "out-of-domain derived field", cleaning: "  reject_out_of_domain: [customer_type, rating]\n",
            with: "  reject_out_of_domain: [age_group]  # <\n", keyPath: "cleaning.reject_out_of_domain[0]",
            mentions: ["'age_group' is a derived bins field"]),
        BadDefinition(
            "out-of-domain multi field", cleaning: "  reject_out_of_domain: [customer_type, rating]\n",
            with: "  reject_out_of_domain: [apps]  # <\n", keyPath: "cleaning.reject_out_of_domain[0]",
            mentions: ["'apps' is a multi field"]),
        BadDefinition(
            "out-of-domain field repeated", cleaning: "  reject_out_of_domain: [customer_type, rating]\n",
            with: "  reject_out_of_domain: [rating, rating]  # <\n", keyPath: "cleaning.reject_out_of_domain[1]",
            mentions: ["'rating'", "twice in reject_out_of_domain"]),
    ]

    static let cleaningSpeeders: [BadDefinition] = [
        BadDefinition(
            "speeder duration of a single field", cleaning: "    duration: seconds\n",
            with: "    duration: customer_type  # <\n", keyPath: "cleaning.speeders.duration",
            mentions: [
                "'customer_type' is a single field", "numeric field read from the data", "(age, seconds, b2b_spend)",
            ]),
        BadDefinition(
            "speeder duration of a derived field", cleaning: "    duration: seconds\n",
            with: "    duration: age_group  # <\n", keyPath: "cleaning.speeders.duration",
            mentions: ["'age_group' is a derived bins field", "numeric field"]),
        BadDefinition(
            "speeder duration of an unknown field", cleaning: "    duration: seconds\n",
            with: "    duration: secs  # <\n", keyPath: "cleaning.speeders.duration",
            mentions: ["unknown field 'secs'"]),
        BadDefinition(
            "speeders without a duration", cleaning: "    duration: seconds\n    min_seconds: 120\n",
            with: "    min_seconds: 120  # <\n", keyPath: "cleaning.speeders.duration",
            mentions: ["speeders needs 'duration'"]),
        BadDefinition(
            "speeders without a threshold",
            cleaning: "  speeders:\n    duration: seconds\n    min_seconds: 120\n    fraction_of_median: 0.4\n",
            with: "  speeders: {duration: seconds}  # <\n", keyPath: "cleaning.speeders",
            mentions: ["no threshold", "min_seconds", "fraction_of_median"]),
        BadDefinition(
            "fraction of median of 1", cleaning: "    fraction_of_median: 0.4\n",
            with: "    fraction_of_median: 1  # <\n", keyPath: "cleaning.speeders.fraction_of_median",
            mentions: ["fraction_of_median is 1", "above 0 and below 1"]),
        BadDefinition(
            "fraction of median of zero", cleaning: "    fraction_of_median: 0.4\n",
            with: "    fraction_of_median: 0  # <\n", keyPath: "cleaning.speeders.fraction_of_median",
            mentions: ["fraction_of_median is 0", "above 0 and below 1"]),
        BadDefinition(
            "fraction of median as a percentage", cleaning: "    fraction_of_median: 0.4\n",
            with: "    fraction_of_median: 40  # <\n", keyPath: "cleaning.speeders.fraction_of_median",
            mentions: ["fraction_of_median is 40"]),
        BadDefinition(
            "min_seconds of zero", cleaning: "    min_seconds: 120\n", with: "    min_seconds: 0  # <\n",
            keyPath: "cleaning.speeders.min_seconds", mentions: ["min_seconds is 0", "above 0"]),
        BadDefinition(
            "min_seconds as text", cleaning: "    min_seconds: 120\n", with: "    min_seconds: 2m  # <\n",
            keyPath: "cleaning.speeders.min_seconds", mentions: ["'2m'", "number"]),
        BadDefinition(
            "unknown key in speeders", cleaning: "    min_seconds: 120\n", with: "    min_secs: 120  # <\n",
            keyPath: "cleaning.speeders.min_secs", mentions: ["'min_secs'", "did you mean 'min_seconds'"]),
    ]

    static let cleaningGrids: [BadDefinition] = [
        BadDefinition(
            "grid items with different numbers of codes", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [q1, q2, q4]  # <\n", keyPath: "cleaning.straight_liners[0].fields[2]",
            mentions: ["'q4' has codes 1, 2, 3, 4", "first item 'q1' has 1, 2, 3", "same codes in the same order"]),
        BadDefinition(
            "grid items with codes in another order", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [q1, q5]  # <\n", keyPath: "cleaning.straight_liners[0].fields[1]",
            mentions: ["'q5' has codes 3, 2, 1", "'q1' has 1, 2, 3"]),
        BadDefinition(
            "grid item of a numeric field", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [q1, q2, seconds]  # <\n", keyPath: "cleaning.straight_liners[0].fields[2]",
            mentions: ["'seconds' is a numeric field", "single or scale"]),
        BadDefinition(
            "grid item of a derived field", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [age_group, q1]  # <\n", keyPath: "cleaning.straight_liners[0].fields[0]",
            mentions: ["'age_group' is a derived bins field", "single or scale"]),
        BadDefinition(
            "grid item of a multi field", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [q1, apps]  # <\n", keyPath: "cleaning.straight_liners[0].fields[1]",
            mentions: ["'apps' is a multi field"]),
        BadDefinition(
            "grid item unknown", cleaning: "      fields: [q1, q2, q3]\n", with: "      fields: [q1, q6]  # <\n",
            keyPath: "cleaning.straight_liners[0].fields[1]", mentions: ["unknown field 'q6'"]),
        BadDefinition(
            "grid of one field", cleaning: "      fields: [q1, q2, q3]\n", with: "      fields: [q1]  # <\n",
            keyPath: "cleaning.straight_liners[0].fields[0]", mentions: ["only 'q1'", "at least 2"]),
        BadDefinition(
            "grid of no fields", cleaning: "      fields: [q1, q2, q3]\n", with: "      fields: []  # <\n",
            keyPath: "cleaning.straight_liners[0].fields", mentions: ["lists none", "at least 2"]),
        BadDefinition(
            "grid repeating a field", cleaning: "      fields: [q1, q2, q3]\n",
            with: "      fields: [q1, q2, q1]  # <\n",
            keyPath: "cleaning.straight_liners[0].fields[2]", mentions: ["'q1'", "twice in grid 'trust_grid'"]),
        BadDefinition(
            "grid without fields",
            cleaning: [
                ("      fields: [q3, q1]\n", ""), ("    - name: short-grid\n", "    - name: short-grid  # <\n"),
            ],
            keyPath: "cleaning.straight_liners[1].fields", mentions: ["needs 'fields'"]),
        BadDefinition(
            "duplicate grid name", cleaning: "    - name: short-grid\n", with: "    - name: trust_grid  # <\n",
            keyPath: "cleaning.straight_liners[1].name",
            mentions: ["'trust_grid'", "cleaning.straight_liners[0]", "unique"]),
        BadDefinition(
            "grid name with a space", cleaning: "    - name: short-grid\n", with: "    - name: short grid  # <\n",
            keyPath: "cleaning.straight_liners[1].name", mentions: ["'short grid'", "letters, digits, '_' and '-'"]),
        BadDefinition(
            "grid min_items of 1", cleaning: "      min_items: 3\n", with: "      min_items: 1  # <\n",
            keyPath: "cleaning.straight_liners[0].min_items", mentions: ["min_items is 1", "2 or more"]),
        BadDefinition(
            "grid min_items not whole", cleaning: "      min_items: 3\n", with: "      min_items: 2.5  # <\n",
            keyPath: "cleaning.straight_liners[0].min_items", mentions: ["min_items is 2.5", "whole number"]),
        BadDefinition(
            "unknown key in a grid", cleaning: "      min_items: 3\n", with: "      min_item: 3  # <\n",
            keyPath: "cleaning.straight_liners[0].min_item", mentions: ["'min_item'", "did you mean 'min_items'"]),
    ]

    static let cleaningRouting: [BadDefinition] = [
        BadDefinition(
            "routing on an unknown code", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: customer_type, codes: [b]}  # <\n",
            keyPath: "cleaning.routing[0].asked.codes[0]",
            mentions: ["'b' is not a code of field 'customer_type'", "C, B"]),
        BadDefinition(
            "routing code repeated", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: customer_type, codes: [B, B]}  # <\n",
            keyPath: "cleaning.routing[0].asked.codes[1]", mentions: ["'B'", "twice"]),
        BadDefinition(
            "routing without codes", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: customer_type, codes: []}  # <\n", keyPath: "cleaning.routing[0].asked.codes",
            mentions: ["empty"]),
        BadDefinition(
            "routing on a numeric field", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: seconds, codes: [B]}  # <\n", keyPath: "cleaning.routing[0].asked.field",
            mentions: [
                "'seconds' is a numeric field", "single, scale or derived bins",
                "(region, rating, customer_type, q1, q2, q3, q4, q5, age_group)",
            ]),
        BadDefinition(
            "routing on a multi field", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: apps, codes: [app_a]}  # <\n", keyPath: "cleaning.routing[0].asked.field",
            mentions: ["'apps' is a multi field"]),
        BadDefinition(
            "routing without asked",
            cleaning: [
                ("      asked: {field: customer_type, codes: [B]}\n", ""),
                ("    - questions: [b2b_spend, apps]\n", "    - questions: [b2b_spend, apps]  # <\n"),
            ],
            keyPath: "cleaning.routing[0].asked", mentions: ["needs 'asked'", "{field: customer_type, codes: [B]}"]),
        BadDefinition(
            "unknown key in asked", cleaning: "      asked: {field: customer_type, codes: [B]}\n",
            with: "      asked: {field: customer_type, code: [B]}  # <\n", keyPath: "cleaning.routing[0].asked.code",
            mentions: ["'code'", "did you mean 'codes'"]),
        BadDefinition(
            "question in two routing rules", cleaning: "    - questions: [rating]\n",
            with: "    - questions: [rating, apps]  # <\n", keyPath: "cleaning.routing[1].questions[1]",
            mentions: ["'apps'", "already routed by cleaning.routing[0]", "only one routing rule"]),
        BadDefinition(
            "question repeated in a rule", cleaning: "    - questions: [rating]\n",
            with: "    - questions: [rating, rating]  # <\n", keyPath: "cleaning.routing[1].questions[1]",
            mentions: ["'rating'", "twice"]),
        BadDefinition(
            "routed deciding field",
            cleaning: [
                ("    - questions: [b2b_spend, apps]\n", "    - questions: [b2b_spend, customer_type]\n"),
                (
                    "      asked: {field: customer_type, codes: [B]}\n",
                    "      asked: {field: customer_type, codes: [B]}  # <\n"
                ),
            ], keyPath: "cleaning.routing[0].asked.field",
            mentions: ["'customer_type' is one of this rule's questions", "cannot itself be routed"]),
        BadDefinition(
            "routing on a field routed earlier", cleaning: "      asked: {field: age_group, codes: [older, young]}\n",
            with:
                "      asked: {field: age_group, codes: [older, young]}\n    - questions: [q1]\n      asked: {field: rating, codes: [3]}  # <\n",
            keyPath: "cleaning.routing[2].asked.field",
            mentions: ["'rating' is routed by cleaning.routing[1]", "cannot itself be routed"]),
        BadDefinition(
            "routing a field that decides an earlier rule", cleaning: "    - questions: [rating]\n",
            with: "    - questions: [customer_type]  # <\n", keyPath: "cleaning.routing[1].questions[0]",
            mentions: ["'customer_type' decides who is asked in cleaning.routing[0]", "cannot be routed itself"]),
        BadDefinition(
            "routing a derived field", cleaning: "    - questions: [rating]\n",
            with: "    - questions: [age_group]  # <\n", keyPath: "cleaning.routing[1].questions[0]",
            mentions: ["'age_group' is a derived bins field", "read from the data"]),
        BadDefinition(
            "routing no questions", cleaning: "    - questions: [rating]\n", with: "    - questions: []  # <\n",
            keyPath: "cleaning.routing[1].questions", mentions: ["empty"]),
        BadDefinition(
            "unknown key in a routing rule", cleaning: "    - questions: [rating]\n",
            with: "    - question: [rating]  # <\n", keyPath: "cleaning.routing[1].question",
            mentions: ["'question'", "did you mean 'questions'"]),
    ]

    static let significanceAndLowBase: [BadDefinition] = [
        BadDefinition(
            "unknown key in significance", appending: "significance: {level: [0.95]}  # <\n",
            keyPath: "significance.level", mentions: ["'level'", "did you mean 'levels'"]),
        BadDefinition(
            "significance level at 1", appending: "significance:\n  levels:\n    - 0.95\n    - 1  # <\n",
            keyPath: "significance.levels[1]", mentions: ["level 1", "above 0.5 and below 1"]),
        BadDefinition(
            "significance level at one half", appending: "significance:\n  levels: [0.5]  # <\n",
            keyPath: "significance.levels[0]", mentions: ["level 0.5", "above 0.5"]),
        BadDefinition(
            "significance levels decreasing", appending: "significance:\n  levels:\n    - 0.99\n    - 0.95  # <\n",
            keyPath: "significance.levels[1]", mentions: ["0.95 is not above 0.99", "increasing"]),
        BadDefinition(
            "three significance levels", appending: "significance:\n  levels: [0.9, 0.95, 0.99]  # <\n",
            keyPath: "significance.levels", mentions: ["3 levels", "one or two"]),
        BadDefinition(
            "no significance levels", appending: "significance:\n  levels: []  # <\n",
            keyPath: "significance.levels", mentions: ["empty"]),
        BadDefinition(
            "quoted significance level", appending: "significance:\n  levels: [\"0.95\"]  # <\n",
            keyPath: "significance.levels[0]", mentions: ["quoted", "without quotes"]),
        BadDefinition(
            "unknown correction", appending: "significance:\n  correction: holm  # <\n",
            keyPath: "significance.correction", mentions: ["'holm'", "'none'", "'bonferroni'", "'benjamini_hochberg'"]),
        BadDefinition(
            "unknown key in low_base", appending: "low_base:\n  supress: 30  # <\n",
            keyPath: "low_base.supress", mentions: ["'supress'", "did you mean 'suppress'"]),
        BadDefinition(
            "negative suppress", appending: "low_base:\n  suppress: -1  # <\n",
            keyPath: "low_base.suppress", mentions: ["suppress is -1", "0 or more"]),
        BadDefinition(
            "suppress above flag", appending: "low_base:\n  flag: 50\n  suppress: 60  # <\n",
            keyPath: "low_base.suppress", mentions: ["suppress (60) is above flag (50)"]),
        BadDefinition(
            "flag below the default suppress", appending: "low_base:\n  flag: 20  # <\n",
            keyPath: "low_base.flag", mentions: ["suppress (30) is above flag (20)"]),
        BadDefinition(
            "unknown low_base base", appending: "low_base:\n  base: weighted  # <\n",
            keyPath: "low_base.base", mentions: ["'weighted'", "'unweighted'", "'effective'"]),
    ]

    static let all =
        syntax + unknownKeys + missing + header + fields + columns + derived + banners + tables
        + outputAndQuality + weightingSettings + weightingMargins + weightingTargets + weightingMissing
        + cleaningLists + cleaningSpeeders + cleaningGrids + cleaningRouting + surveyExtensions
        + significanceAndLowBase

    @Test(arguments: all)
    func reportsKeyPathLineAndValue(_ sample: BadDefinition) {
        #expect(sample.mismatch(file: "bad.yaml") { _ = try DefinitionLoader.load(yaml: $0, path: "bad.yaml") } == nil)
    }

    @Test func theValidSampleLoads() throws {
        _ = try DefinitionLoader.load(yaml: DefinitionSamples.valid, path: "demo.yaml")
        #expect(try DefinitionLoader.load(yaml: DefinitionSamples.weighted, path: "demo.yaml").weighting != nil)
        _ = try DefinitionLoader.load(yaml: DefinitionSamples.cleaned, path: "demo.yaml")
        _ = try DefinitionLoader.load(yaml: DefinitionSamples.extended, path: "demo.yaml")
    }

    @Test func sampleNamesAreUnique() {
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
    }

    @Test func emptyDocument() {
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: "# nothing\n", path: "e.yaml") }
        guard case .definition(_, let keyPath, _, let message)? = error else {
            Issue.record("expected a definition error")
            return
        }
        #expect(keyPath == "")
        #expect(message.contains("empty"))
    }

    @Test func rootThatIsNotAMapping() {
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: "- a\n- b\n", path: "l.yaml") }
        guard case .definition(_, let keyPath, let line, let message)? = error else {
            Issue.record("expected a definition error")
            return
        }
        #expect(keyPath == "")
        #expect(line == 1)
        #expect(message.contains("found a list"))
    }

    @Test func tooManyCodes() throws {
        let count = CategoryCode.maximumCount + 1
        let codes = (0..<count).map { "      - {code: c\($0)}\n" }.joined()
        let (yaml, found) = DefinitionSamples.editing([
            ("      - {code: N, label: North}\n      - {code: S, label: South}\n", codes)
        ])
        #expect(found)
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: yaml, path: "big.yaml") }
        guard case .definition(_, let keyPath, let line, let message)? = error else {
            Issue.record("expected a definition error")
            return
        }
        #expect(keyPath == "fields[0].codes")
        #expect(line == 14)
        #expect(message.contains("\(count) codes"))
        #expect(message.contains("\(CategoryCode.maximumCount)"))
    }

    @Test func descriptionNamesFileLineAndKeyPath() {
        let error = TallyError.definition(
            file: "p.yaml", keyPath: "tables[0].statistics[1]", line: 58, message: "unknown statistic 'pct'")
        #expect(
            error.description == "p.yaml:58: definition error at 'tables[0].statistics[1]': unknown statistic 'pct'")
    }
}
