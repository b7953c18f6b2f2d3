import TallyTestSupport

/// Broken edits of `DefinitionSamples.weighted`: weighting settings, margins, targets
/// and missing weighting variables.
extension DefinitionErrorTests {
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
            "population of zero", weighting: "weighting:\n", with: "weighting:\n  population: 0  # <\n",
            keyPath: "weighting.population", mentions: ["population is 0", "positive population total"]),
        BadDefinition(
            "population from counts without counts targets", weighting: "weighting:\n",
            with: "weighting:\n  population: counts  # <\n", keyPath: "weighting.population",
            mentions: ["no margin has type: counts", "population: 250000"]),
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
}
