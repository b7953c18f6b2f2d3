import Foundation
import TallyModel

/// A small valid definition that uses every kind of key, and edits of it.
public enum DefinitionSamples {
    public static let valid = """
        survey: demo
        edition: "2024"
        title: Demo survey
        fieldwork: {start: 2024-03-01, end: 2024-04-30}
        input:
          files: data/*.csv.gz
          id: rid
          weight: wt
        fields:
          - name: region
            label: Region
            type: single
            codes:
              - {code: N, label: North}
              - {code: S, label: South}
          - name: rating
            label: Rating
            type: scale
            column: q_rating
            codes:
              - {code: 1, label: Poor}
              - {code: 2, label: Fair}
              - {code: 3, label: Good}
              - {code: 9, label: Not rated, base: false}
            nets:
              - {label: Fair or better, codes: [2, 3]}
          - name: apps
            label: Apps used
            type: multi
            options:
              - {column: app_a, label: App A}
              - {column: app_b, label: App B}
            nets:
              - {label: Any app, options: [app_a, app_b]}
          - name: age
            label: Age
            type: numeric
            range: [16, 99]
        derived:
          - name: age_group
            label: Age group
            type: bins
            from: age
            bins:
              - {code: young, label: 16-34, min: 16, max: 34}
              - {code: older, label: 35+, min: 35, max: 99}
        banners:
          - name: region
            total: All
            field: region
          - name: ages
            field: age_group
        tables:
          - name: rating
            field: rating
            banners: [region, ages]
            statistics: [count, percent]
          - name: age
            field: age
            banners: [region]
            statistics: [mean, sd]

        """

    /// A valid `weighting` section for `valid`: a plain margin and one nested within it.
    public static let weighting = """
        weighting:
          margins:
            - field: region
              targets: {N: 0.4, S: 0.6}
            - field: age_group
              within: region
              targets:
                N: {young: 0.3, older: 0.7}
                S: {young: 0.5, older: 0.5}

        """

    /// `valid` with `weighting` appended.
    public static let weighted = valid + weighting

    /// Fields for the `cleaning` samples, declared after `age` (so `fields[0...3]` are
    /// unchanged): a duration, a customer type, a grid of three scales sharing codes,
    /// a scale with more codes, one with the same codes in another order, and a number.
    public static let cleaningFields = """
          - name: seconds
            type: numeric
            column: interview_seconds
          - name: customer_type
            type: single
            codes: [{code: C, label: Consumer}, {code: B, label: Business}]
          - {name: q1, type: scale, codes: [{code: 1}, {code: 2}, {code: 3}]}
          - {name: q2, type: scale, codes: [{code: 1}, {code: 2}, {code: 3}]}
          - {name: q3, type: single, codes: [{code: 1}, {code: 2}, {code: 3}]}
          - {name: q4, type: scale, codes: [{code: 1}, {code: 2}, {code: 3}, {code: 4}]}
          - {name: q5, type: scale, codes: [{code: 3}, {code: 2}, {code: 1}]}
          - {name: b2b_spend, type: numeric}

        """

    /// A valid `cleaning` section for `valid` with `cleaningFields`, using every key.
    public static let cleaning = """
        cleaning:
          duplicates: reject
          required: [customer_type, age_group, apps]
          reject_out_of_domain: [customer_type, rating]
          speeders:
            duration: seconds
            min_seconds: 120
            fraction_of_median: 0.4
          straight_liners:
            - name: trust_grid
              fields: [q1, q2, q3]
              min_items: 3
            - name: short-grid
              fields: [q3, q1]
          routing:
            - questions: [b2b_spend, apps]
              asked: {field: customer_type, codes: [B]}
            - questions: [rating]
              asked: {field: age_group, codes: [older, young]}

        """

    /// The edits giving `valid` the cleaning fields and `cleaning` section.
    public static let cleaningEdits: [(old: String, new: String)] = [
        ("    range: [16, 99]\nderived:\n", "    range: [16, 99]\n" + cleaningFields + "derived:\n"),
        ("    statistics: [mean, sd]\n", "    statistics: [mean, sd]\n" + cleaning),
    ]

    /// `valid` with the cleaning fields and `cleaning` section.
    public static let cleaned = editing(cleaningEdits).yaml

    /// Edits giving `valid` every key of the survey extensions: `synth` on fields, a derived
    /// count, a third banner, tables with `filter`, `ratio` and `published`, and `synthesis`.
    public static let extendedEdits: [(old: String, new: String)] = [
        (
            "      - {label: Fair or better, codes: [2, 3]}\n",
            """
                  - {label: Fair or better, codes: [2, 3]}
                synth:
                  p:
                    B: [0.2, 0.3, 0.4, 0.0999995]
                  default: [0.1, 0.2, 0.6, 0.1]

            """
        ),
        (
            "      - {label: Any app, options: [app_a, app_b]}\n",
            """
                  - {label: Any app, options: [app_a, app_b]}
                synth:
                  by: age_group
                  p: {young: [0.8, 0.3], older: [0.4, 0.1]}

            """
        ),
        (
            "    range: [16, 99]\nderived:\n",
            """
                range: [16, 99]
              - name: customer_type
                type: single
                codes: [{code: C, label: Consumer}, {code: B, label: Business}]
              - name: has_brand
                type: single
                codes: [{code: 1, label: Yes}, {code: 2, label: No}]
                synth:
                  by: rating
                  p: {1: [0.3, 0.7], 2: [0.5, 0.5], 3: [0.8, 0.2]}
                  default: [0.4, 0.6]
              - name: seconds
                type: numeric
                column: interview_seconds
              - name: spend
                type: numeric
                range: [0, 1000]
                synth: {by: region, mean: {N: 100, S: 200}, sd: 50, round: 5, asked: {field: customer_type, codes: [B]}}
              - name: visits
                type: numeric
                synth: {mean: 3, sd: 1.5}
            derived:

            """
        ),
        (
            "      - {code: older, label: 35+, min: 35, max: 99}\n",
            """
                  - {code: older, label: 35+, min: 35, max: 99}
              - name: app_count
                label: Apps mentioned
                type: count
                from: apps

            """
        ),
        (
            "  - name: ages\n    field: age_group\n",
            "  - name: ages\n    field: age_group\n  - {name: customer, total: All customers, field: customer_type}\n"
        ),
        ("    statistics: [mean, sd]\n", "    statistics: [mean, sd]\n" + extendedTables + synthesis),
    ]

    /// Tables using `filter`, `ratio` and `published`, for `extended`.
    public static let extendedTables = """
          - name: rating_brand
            field: rating
            banners: [region, customer]
            statistics: [percent, rank, ratio]
            filter: {field: has_brand, codes: [2, 1], label: answered the brand question}
            ratio: {label: Good vs. poor or fair, numerator: [3], denominator: [1, 2]}
            published:
              - {figure: Good ratings, banner: customer, column: total, row: 3, statistic: percent, value: 45}
              - {figure: Fair or better in the south, banner: region, column: S, row: Fair or better, statistic: percent, value: 80.5}
              - {figure: Poor ranks third among businesses, banner: customer, column: B, row: 1, statistic: rank, value: 3}
              - {figure: Good 2.1x as likely as poor or fair, banner: customer, column: total, row: ratio, statistic: ratio, value: 2.1}
              - {figure: Businesses less likely to rate good, banner: customer, column: B, statistic: ratio, value: 0.25, less_likely: true}
          - name: apps_used
            field: apps
            banners: [customer]
            statistics: [count, percent, rank]
            filter: {field: customer_type, codes: [C], label: consumers}
            published:
              - {figure: Any app, banner: customer, column: C, row: Any app, statistic: percent, value: 62.0}
              - {figure: App B second, banner: customer, column: total, row: app_b, statistic: rank, value: 2}
          - name: app_count
            field: app_count
            banners: [customer]
            statistics: [mean, sd]
            filter: {field: apps, options: [app_b, app_a], label: uses an app}
            published:
              - {figure: Apps per user, banner: customer, column: C, statistic: mean, value: 1.50}

        """

    /// The `sample` block of `synthesis`.
    public static let synthesisSample = """
          sample:
            customer_type: {C: 0.62, B: 0.38}
            region: {N: 0.4, S: 0.6000004}
            age_group:
              within: customer_type
              shares:
                B: {young: 0.2, older: 0.8}
                C: {young: 0.3, older: 0.7}

        """

    /// A `synthesis` section for `extended`.
    public static let synthesis =
        "synthesis:\n  by: customer_type\n" + synthesisSample
        + "  duration: {field: seconds, median: 840, spread: 0.45}\n  mess: {blank: 0.02, speeder: 0}\n"

    /// `valid` with every key of the survey extensions.
    public static let extended = editing(extendedEdits).yaml

    /// The valid definition with each `old` text (which must occur exactly once) replaced.
    public static func editing(_ edits: [(old: String, new: String)]) -> (yaml: String, allFound: Bool) {
        var yaml = valid
        var allFound = true
        for edit in edits {
            let parts = yaml.components(separatedBy: edit.old)
            allFound = allFound && parts.count == 2
            yaml = parts.joined(separator: edit.new)
        }
        return (yaml, allFound)
    }

    /// The 1-based line holding the marker comment `# <`, which bad samples put on
    /// the line an error must point at.
    public static func markedLine(in yaml: String) -> Int? {
        yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("# <") }
            .map { $0 + 1 }
    }
}

/// An edit of the valid definition that must fail, and where.
public struct BadDefinition: CustomStringConvertible, Sendable {
    public let name: String
    public let yaml: String
    public let allFound: Bool
    public let keyPath: String
    /// The line of the `# <` marker.
    public let line: Int?
    /// Texts the message must contain (the offending value, the suggestion).
    public let mentions: [String]

    public init(name: String, yaml: String, allFound: Bool, keyPath: String, mentions: [String]) {
        self.name = name
        self.yaml = yaml
        self.allFound = allFound
        self.keyPath = keyPath
        self.line = DefinitionSamples.markedLine(in: yaml)
        self.mentions = mentions
    }

    public init(_ name: String, _ edits: [(old: String, new: String)], keyPath: String, mentions: [String]) {
        self.name = name
        (yaml, allFound) = DefinitionSamples.editing(edits)
        self.keyPath = keyPath
        self.line = DefinitionSamples.markedLine(in: yaml)
        self.mentions = mentions
    }

    public init(_ name: String, replacing old: String, with new: String, keyPath: String, mentions: [String]) {
        self.init(name, [(old, new)], keyPath: keyPath, mentions: mentions)
    }

    /// Appends text to the end of the valid definition.
    public init(_ name: String, appending text: String, keyPath: String, mentions: [String]) {
        self.init(
            name, replacing: "    statistics: [mean, sd]\n", with: "    statistics: [mean, sd]\n" + text,
            keyPath: keyPath, mentions: mentions)
    }

    /// Appends `DefinitionSamples.weighting` to the valid definition, then replaces `old`
    /// (which must occur once) in the result.
    public init(_ name: String, weighting old: String, with new: String, keyPath: String, mentions: [String]) {
        self.init(name, weighting: [(old, new)], keyPath: keyPath, mentions: mentions)
    }

    /// Adds `DefinitionSamples.cleaningFields` and `.cleaning` to the valid definition, then
    /// replaces `old` (which must occur once) in the result.
    public init(_ name: String, cleaning old: String, with new: String, keyPath: String, mentions: [String]) {
        self.init(name, cleaning: [(old, new)], keyPath: keyPath, mentions: mentions)
    }

    /// Adds `DefinitionSamples.cleaningFields` and `.cleaning` to the valid definition, then
    /// applies `edits` in order.
    public init(_ name: String, cleaning edits: [(old: String, new: String)], keyPath: String, mentions: [String]) {
        self.init(name, DefinitionSamples.cleaningEdits + edits, keyPath: keyPath, mentions: mentions)
    }

    /// Starts from `DefinitionSamples.extended`, then replaces `old` (which must occur once).
    public init(_ name: String, extended old: String, with new: String, keyPath: String, mentions: [String]) {
        self.init(name, extended: [(old, new)], keyPath: keyPath, mentions: mentions)
    }

    /// Starts from `DefinitionSamples.extended`, then applies `edits` in order.
    public init(_ name: String, extended edits: [(old: String, new: String)], keyPath: String, mentions: [String]) {
        self.init(name, DefinitionSamples.extendedEdits + edits, keyPath: keyPath, mentions: mentions)
    }

    /// Appends `DefinitionSamples.weighting` to the valid definition, then applies `edits` in order.
    public init(_ name: String, weighting edits: [(old: String, new: String)], keyPath: String, mentions: [String]) {
        self.init(
            name,
            [("    statistics: [mean, sd]\n", "    statistics: [mean, sd]\n" + DefinitionSamples.weighting)] + edits,
            keyPath: keyPath, mentions: mentions)
    }

    /// The sample's name, which names it in test results.
    public var description: String { name }
}

extension BadDefinition {
    /// The sample with the error marker put at the end of the line containing `text`.
    public func marked(_ text: String) -> BadDefinition {
        var lines = yaml.components(separatedBy: "\n")
        let matches = lines.indices.filter { lines[$0].contains(text) }
        if matches.count == 1 { lines[matches[0]] += "  # <" }
        return BadDefinition(
            name: name, yaml: matches.count == 1 ? lines.joined(separator: "\n") : yaml,
            allFound: allFound && matches.count == 1,
            keyPath: keyPath, mentions: mentions)
    }
}

extension BadDefinition {
    /// How loading the sample fails to match it: nil when `load` throws a definition
    /// error (exit 64) in `file`, at the sample's key path and marked line, whose
    /// message mentions every text the sample expects; else what differs.
    public func mismatch(file: String, loading load: (String) throws -> Void) -> String? {
        guard allFound else { return "an edit does not match the valid sample exactly once" }
        guard let line else { return "the sample has no '# <' marker" }
        do {
            try load(yaml)
        } catch let error as TallyError {
            guard case .definition(let errorFile, let keyPath, let errorLine, let message) = error else {
                return "expected a definition error, got \(error)"
            }
            var differences: [String] = []
            if errorFile != file { differences.append("file \(errorFile), not \(file)") }
            if keyPath != self.keyPath { differences.append("key path \(keyPath), not \(self.keyPath)") }
            if errorLine != line { differences.append("line \(errorLine.map(String.init) ?? "none"), not \(line)") }
            for text in mentions where !message.contains(text) { differences.append("no mention of \(text)") }
            if error.exitCode != 64 { differences.append("exit code \(error.exitCode), not 64") }
            return differences.isEmpty ? nil : differences.joined(separator: "; ") + ": \(message)"
        } catch {
            return "expected a definition error, got \(error)"
        }
        return "the sample loads without an error"
    }
}
