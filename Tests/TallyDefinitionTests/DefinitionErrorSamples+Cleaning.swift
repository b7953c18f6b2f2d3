import TallyTestSupport

/// Broken edits of `DefinitionSamples.cleaned`: the cleaning rules.
extension DefinitionErrorTests {
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
}
