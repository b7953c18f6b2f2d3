import TallyModel
import Yams

/// Turns a composed YAML document into a validated `PipelineDefinition`.
///
/// Sections are read in a fixed order (top-level keys, header, input, fields,
/// derived fields, banners, tables, output, quality, cleaning, weighting,
/// significance, low_base, tab_book, report); every problem is located at the node
/// that causes it, and each independent one is reported (see `ProblemLog`). The
/// `synthesis` section and the fields' `synth` keys are test-data generation: they
/// are kept as written, for `TallySynth` to read.
struct DefinitionParser {
    /// The definition's path, used in messages and as `sourcePath`.
    let file: String
    /// The problems found so far.
    let problems: ProblemLog
    /// The report's languages and the texts written per language.
    let texts = TextCollector()

    init(file: String) {
        self.file = file
        self.problems = ProblemLog(file: file)
    }

    static let topKeys = [
        "survey", "edition", "title", "fieldwork", "input", "fields", "derived", "banners", "tables", "output",
        "quality", "cleaning", "weighting", "synthesis", "significance", "low_base", "tab_book", "report",
    ]

    /// Validates a document; `root` is nil for an empty document.
    /// - Throws: the one problem found, or `TallyError.definitionProblems` with each
    ///   independent problem (see `ProblemLog`).
    func parse(_ root: Node?) throws -> DefinitionDocument {
        guard let root else {
            throw TallyError.definition(
                file: file, keyPath: "", line: nil,
                message: "the definition is empty; it needs survey, edition, title, input, fields, banners and tables")
        }
        let top = try YAMLValue(node: root, keyPath: "", file: file).mapping(
            allowed: Self.topKeys, what: "the definition")
        texts.languages = languagesAhead(top)
        let header = try problems.attempt { try parseHeader(top) }
        let input = try problems.attempt {
            try parseInput(top.required("input", hint: "say where the files are and the id column"))
        }
        let (registry, banners, tables) = try parseQuestions(top, input: input)
        let output = try problems.attempt {
            try top.optional("output").map(parseOutput) ?? OutputSpec(partitionBy: [.banner])
        }
        let quality = try problems.attempt {
            try top.optional("quality").map(parseQuality) ?? QualitySpec(maxRejectedShare: 0)
        }
        let cleaning = try problems.attempt {
            try top.optional("cleaning").map { try parseCleaning($0, fields: registry) } ?? CleaningSpec()
        }
        let weighting = try problems.attempt {
            try top.optional("weighting").map { try parseWeighting($0, fields: registry) }
        }
        let significance = try problems.attempt {
            try top.optional("significance").map(parseSignificance) ?? SignificanceSpec()
        }
        let lowBase = try problems.attempt { try top.optional("low_base").map(parseLowBase) ?? LowBaseSpec() }
        let tabBook = try problems.attempt {
            try top.optional("tab_book").map { try parseTabBook($0, tables: tables, fields: registry) } ?? TabBookSpec()
        }

        let report = try problems.attempt {
            try top.optional("report").map { value -> ReportSpec in
                guard let tables, let banners else { throw FollowOnProblem() }
                return try parseReport(value, tables: tables, banners: banners, fields: registry)
            }
        }
        guard problems.problems.isEmpty, let header, let input, let banners, let tables, let output, let quality,
            let cleaning, let weighting, let significance, let lowBase, let tabBook, let report
        else { throw problems.failure() }
        let definition = PipelineDefinition(
            sourcePath: file, survey: header.survey, edition: header.edition, title: header.title,
            fieldwork: header.fieldwork, input: input, fields: registry.fields.map(\.field),
            banners: banners.map(\.banner), tables: tables, output: output, quality: quality, weighting: weighting,
            cleaning: cleaning, significance: significance, lowBase: lowBase, tabBook: tabBook, report: report,
            translations: texts.translations)
        return DefinitionDocument(definition: definition, fields: registry, synthesis: top.optional("synthesis"))
    }

    /// `fields`, `derived`, `banners` and `tables`, each item read on its own; a
    /// section or item that fails is nil or left out, its problem kept.
    private func parseQuestions(
        _ top: YAMLMapping, input: InputSpec?
    ) throws -> (FieldRegistry, [DeclaredBanner]?, [Table]?) {
        var registry = FieldRegistry(input: input)
        let fieldsRead = try problems.attempt {
            try parseFields(
                top.required("fields", hint: "declare the questions, e.g. - {name: q1, type: single, codes: [...]}"),
                into: &registry)
        }
        if fieldsRead == nil { registry.markIncomplete() }
        if let derived = top.optional("derived") {
            if try problems.attempt({ try parseDerived(derived, into: &registry) }) == nil {
                registry.markIncomplete()
            }
        }
        let banners = try problems.attempt {
            try parseBanners(
                top.required("banners", hint: "declare at least one, e.g. - {name: total, total: All respondents}"),
                fields: registry)
        }
        if banners == nil { problems.markBannerFailed() }
        let tables = try problems.attempt {
            try parseTables(
                top.required("tables", hint: "declare the tables to produce"), fields: registry,
                banners: banners ?? [])
        }
        if tables == nil { problems.markTableFailed() }
        return (registry, banners, tables)
    }

    /// The survey, edition, title and fieldwork dates.
    struct Header {
        var survey: String
        var edition: String
        var title: String
        var fieldwork: Fieldwork?
    }

    /// - Throws: `FollowOnProblem` when a part failed (its problem is already kept).
    private func parseHeader(_ top: YAMLMapping) throws -> Header {
        let survey = try problems.attempt {
            try top.required("survey", hint: "name the survey, e.g. survey: connected-customer").text()
        }
        let edition = try problems.attempt { try parseEdition(top.required("edition", hint: "e.g. edition: 2024")) }
        let title = try problems.attempt {
            try label(
                top.required("title", hint: "give the edition a human title"), key: TextKey.title, what: "a title")
        }
        let fieldwork = try problems.attempt { try top.optional("fieldwork").map(parseFieldwork) }
        guard let survey, let edition, let title, let fieldwork else { throw FollowOnProblem() }
        return Header(survey: survey, edition: edition, title: title, fieldwork: fieldwork)
    }

    // MARK: Header

    /// The edition as written (`6`, `2024.1`, `handmade`); it names a partition folder.
    func parseEdition(_ value: YAMLValue) throws -> String {
        let edition = try value.text("text or a number")
        guard NameRules.isEditionName(edition) else {
            throw value.error(
                "edition '\(edition)' cannot be a folder name; use only letters, digits, '.', '_' and '-' (and not only dots), e.g. 2024-25"
            )
        }
        return edition
    }

    func parseFieldwork(_ value: YAMLValue) throws -> Fieldwork {
        let map = try value.mapping(allowed: ["start", "end"], what: "fieldwork")
        func date(_ key: String) throws -> String {
            let node = try map.required(key, hint: "write an ISO date such as 2023-05-03")
            let text = try node.text("an ISO date (YYYY-MM-DD)")
            guard NameRules.isISODate(text) else {
                throw node.error("'\(text)' is not a date; write an ISO date YYYY-MM-DD such as 2023-05-03")
            }
            return text
        }
        let start = try date("start")
        let end = try date("end")
        guard start <= end else {
            throw try map.required("end").error(
                "fieldwork ends (\(end)) before it starts (\(start)); end must be on or after start")
        }
        return Fieldwork(start: start, end: end)
    }

    // MARK: Input

    func parseInput(_ value: YAMLValue) throws -> InputSpec {
        let map = try value.mapping(allowed: ["files", "format", "id", "weight"], what: "input")
        let filesValue = try map.required(
            "files", hint: "give a glob pattern such as shards/*.csv.gz, or a list of them")
        let files: [String]
        if case .sequence = filesValue.node {
            files = try filesValue.nonEmptyList(example: "[\"shards/*.csv.gz\"]").map { try $0.text("a glob pattern") }
        } else {
            files = [try filesValue.text("a glob pattern or a list of them")]
        }

        var format = InputFormat.csv
        if let formatValue = map.optional("format") {
            let text = try formatValue.text()
            guard let known = InputFormat(rawValue: text) else {
                let formats = InputFormat.allCases.map(\.rawValue)
                throw formatValue.error(
                    "unknown input format '\(text)'; Tally reads \(Phrase.alternatives(formats)) (plain or gzip-compressed)"
                )
            }
            format = known
        }

        let id = try map.required("id", hint: "name the respondent id column").text("a column name")
        var weight: String?
        if let weightValue = map.optional("weight") {
            let column = try weightValue.text("a column name")
            guard column != id else {
                throw weightValue.error(
                    "the weight column '\(column)' is also the id column; name the base weight column, or leave 'weight' out for weight 1"
                )
            }
            weight = column
        }
        return InputSpec(files: files, format: format, idColumn: id, weightColumn: weight)
    }

    // MARK: Output and quality

    func parseOutput(_ value: YAMLValue) throws -> OutputSpec {
        let map = try value.mapping(allowed: ["partition_by"], what: "output")
        guard let partitionValue = map.optional("partition_by") else { return OutputSpec(partitionBy: [.banner]) }
        let keys = PartitionKey.allCases.map(\.rawValue)
        var partitionBy: [PartitionKey] = []
        for item in try partitionValue.list(example: "[banner]") {
            let text = try item.text()
            guard let key = PartitionKey(rawValue: text) else {
                throw item.error("unknown partition key '\(text)'; use \(Phrase.alternatives(keys))")
            }
            guard !partitionBy.contains(key) else {
                throw item.error("partition key '\(text)' is repeated; name each key once")
            }
            partitionBy.append(key)
        }
        guard partitionBy.contains(.banner) else {
            throw partitionValue.error(
                "partition_by must include 'banner': table rows carry no banner column, so rows of different banners could not be told apart; write [banner] or [banner, table]"
            )
        }
        return OutputSpec(partitionBy: partitionBy)
    }

    func parseQuality(_ value: YAMLValue) throws -> QualitySpec {
        let map = try value.mapping(allowed: ["max_rejected_share"], what: "quality")
        guard let shareValue = map.optional("max_rejected_share") else { return QualitySpec(maxRejectedShare: 0) }
        let share = try shareValue.number()
        guard (0...1).contains(share) else {
            throw shareValue.error(
                "max_rejected_share is \(Phrase.number(share)); write a share between 0 and 1 (0.01 allows 1% of rows to be rejected)"
            )
        }
        return QualitySpec(maxRejectedShare: share)
    }
}
