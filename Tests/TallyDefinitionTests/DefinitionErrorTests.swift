import TallyDefinition
import TallyModel
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

    static let all =
        syntax + unknownKeys + missing + header + fields + columns + derived + banners + tables
        + outputAndQuality

    @Test(arguments: all)
    func reportsKeyPathLineAndValue(_ sample: BadDefinition) throws {
        #expect(sample.allFound, "an edit does not match the valid sample exactly once")
        let line = try #require(sample.line, "the sample has no '# <' marker")
        let error = #expect(throws: TallyError.self) {
            try DefinitionLoader.load(yaml: sample.yaml, path: "bad.yaml")
        }
        guard case .definition(let file, let keyPath, let errorLine, let message)? = error else {
            Issue.record("expected a definition error, got \(String(describing: error))")
            return
        }
        #expect(file == "bad.yaml")
        #expect(keyPath == sample.keyPath, "\(message)")
        #expect(errorLine == line, "\(message)")
        for text in sample.mentions {
            #expect(message.contains(text), "message does not mention \(text): \(message)")
        }
        #expect(error?.exitCode == 64)
    }

    @Test func theValidSampleLoads() throws {
        _ = try DefinitionLoader.load(yaml: DefinitionSamples.valid, path: "demo.yaml")
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
