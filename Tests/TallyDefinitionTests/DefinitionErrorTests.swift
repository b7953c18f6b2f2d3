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
            "unknown test method", appending: "significance:\n  method: pooled  # <\n",
            keyPath: "significance.method", mentions: ["'pooled'", "'design'", "'effective_base'"]),
        BadDefinition(
            "unknown comparison", appending: "significance:\n  compare: [columns, total]  # <\n",
            keyPath: "significance.compare[1]", mentions: ["'total'", "'columns'", "'rest'"]),
        BadDefinition(
            "a comparison listed twice", appending: "significance:\n  compare: [rest, rest]  # <\n",
            keyPath: "significance.compare[1]", mentions: ["'rest' is listed twice"]),
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
        BadDefinition(
            "negative minimum base", appending: "significance:\n  minimum_base: -5  # <\n",
            keyPath: "significance.minimum_base", mentions: ["minimum_base is -5", "0 or more"]),
    ]

    static let tabBook: [BadDefinition] = [
        BadDefinition(
            "unknown key in tab_book", appending: "tab_book:\n  statistic: [percent]  # <\n",
            keyPath: "tab_book.statistic", mentions: ["'statistic'", "did you mean 'statistics'"]),
        BadDefinition(
            "unknown tab book statistic", appending: "tab_book:\n  statistics: [percent, share]  # <\n",
            keyPath: "tab_book.statistics[1]", mentions: ["'share'", "'percent'", "'weighted_count'"]),
        BadDefinition(
            "tab book statistic twice", appending: "tab_book:\n  statistics: [percent, percent]  # <\n",
            keyPath: "tab_book.statistics[1]", mentions: ["'percent' is listed twice"]),
        BadDefinition(
            "unknown tab book base", appending: "tab_book:\n  bases: [unweighted, design]  # <\n",
            keyPath: "tab_book.bases[1]", mentions: ["'design'", "'unweighted'", "'weighted'", "'effective'"]),
        BadDefinition(
            "table tab book statistic it does not report", replacing: "    statistics: [mean, sd]\n",
            with: "    statistics: [mean, sd]\n    tab_book: {statistics: [percent]}  # <\n",
            keyPath: "tables[1].tab_book.statistics[0]", mentions: ["'percent'", "the table reports", "'mean'", "'sd'"]),
    ]

    static let all =
        syntax + unknownKeys + missing + header + fields + columns + derived + banners + tables
        + outputAndQuality + weightingSettings + weightingMargins + weightingTargets + weightingMissing
        + cleaningLists + cleaningSpeeders + cleaningGrids + cleaningRouting + surveyExtensions
        + significanceAndLowBase + tabBook + grids + reports

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

    @Test("A banner on a multi-answer field has its options as columns; more than 10 options is an error")
    func multiAnswerBanner() throws {
        let valid = DefinitionSamples.valid.replacingOnce("    field: age_group\n", with: "    field: apps\n")
        #expect(try DefinitionLoader.load(yaml: valid, path: "demo.yaml").banners[1].field == "apps")
        let more = (1...9).map { "      - {column: app_\($0), label: App \($0)}\n" }.joined()
        let many = valid.replacingOnce(
            "      - {column: app_b, label: App B}\n", with: "      - {column: app_b, label: App B}\n" + more)
        #expect(many != valid)
        var message = ""
        do { _ = try DefinitionLoader.load(yaml: many, path: "demo.yaml") } catch { message = "\(error)" }
        #expect(message.contains("banners[1].field"), "\(message)")
        #expect(message.contains("has 11 options; a multi-answer banner may have at most 10"), "\(message)")
    }

    @Test("tab_book: the statistics and bases shown, overridden per table")
    func tabBookSettings() throws {
        let yaml =
            DefinitionSamples.valid.replacingOccurrences(
                of: "    statistics: [mean, sd]\n",
                with: "    statistics: [mean, sd]\n    tab_book: {statistics: [sd, mean]}\n")
            + "tab_book: {statistics: [count, percent], bases: [effective]}\n"
        let definition = try DefinitionLoader.load(yaml: yaml, path: "demo.yaml")
        #expect(definition.tabBook == TabBookSpec(statistics: [.count, .percent], bases: [.effective]))
        #expect(definition.tabBook.statistics(of: definition.tables[0]) == [.count, .percent])
        #expect(definition.tabBook.statistics(of: definition.tables[1]) == [.standardDeviation, .mean])
        // By default: percentages and the summaries a table has; unweighted and weighted bases.
        let plain = try DefinitionLoader.load(yaml: DefinitionSamples.valid, path: "demo.yaml")
        #expect(plain.tabBook.bases == [.unweighted, .weighted])
        #expect(plain.tabBook.statistics(of: plain.tables[0]) == [.percent])
        #expect(plain.tabBook.statistics(of: plain.tables[1]) == [.mean, .standardDeviation])
    }

    @Test("A grid: its tables, and each one's row code of the answer shown (the first net unless written)")
    func gridSummaries() throws {
        let yaml =
            DefinitionSamples.valid
            + Self.grid(
                "    - {name: fair, title: Fair or better, tables: [rating, rating_again]}\n"
                    + "    - {name: good, title: Good, tables: [rating_again, rating], row: \"3\"}\n")
        let grids = try DefinitionLoader.load(yaml: yaml, path: "demo.yaml").tabBook.grids
        #expect(
            grids == [
                GridSummary(
                    name: "fair", title: "Fair or better", tables: ["rating", "rating_again"],
                    rowCodes: ["net1", "net1"], rowLabel: "Fair or better"),
                GridSummary(
                    name: "good", title: "Good", tables: ["rating_again", "rating"], rowCodes: ["3", "3"],
                    rowLabel: "3"),
            ])
    }

    @Test("A report: languages, sample, key statistics with their row codes, chapters")
    func reportSection() throws {
        let yaml =
            DefinitionSamples.valid
            + Self.report(
                "  sample: [rating]\n  key_statistics:\n"
                    + "    - {table: rating, banner: region, column: S, row: Fair or better, sentence: \"{Percent} rate it fair\"}\n"
                    + "  chapters:\n    - {title: {en: Ratings}, intro: How, tables: [rating, age], compare: region}\n")
        let report = try #require(try DefinitionLoader.load(yaml: yaml, path: "demo.yaml").report)
        #expect(
            report
                == ReportSpec(
                    languages: ["en"], sample: ["rating"],
                    keyStatistics: [
                        KeyStatistic(
                            table: "rating", banner: "region", column: "S", row: "net1",
                            sentence: LocalizedText("{Percent} rate it fair"))
                    ],
                    chapters: [
                        ReportChapter(
                            title: LocalizedText(byLanguage: ["en": "Ratings"]), intro: LocalizedText("How"),
                            tables: ["rating", "age"], compare: "region")
                    ]))
    }

    @Test("A net's position: after its last member unless written")
    func netPositions() throws {
        let yaml = DefinitionSamples.valid.replacingOccurrences(
            of: "      - {label: Fair or better, codes: [2, 3]}\n",
            with: "      - {label: Fair or better, codes: [2, 3]}\n      - {label: Poor, codes: [1], position: top}\n")
        let definition = try DefinitionLoader.load(yaml: yaml, path: "demo.yaml")
        let nets = try #require(definition.field(named: "rating")).nets
        #expect(nets.map(\.position) == [.after, .top])
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
