import TallyCleaner
import TallyModel

/// A small survey for the cleaner's tests, and batches of it built by hand.
///
/// | field         | kind                        | data column | slot          |
/// |---------------|-----------------------------|-------------|---------------|
/// | customer_type | single A, B, C              | CTYPE       | categorical 0 |
/// | q1, q2, q3    | scale 1...5 (a grid)        | Q1, Q2, Q3  | categorical 1-3 |
/// | duration      | numeric, seconds            | DUR         | numeric 0     |
/// | birth_year    | numeric                     | BYEAR       | numeric 1     |
/// | spend         | numeric                     | SPEND       | numeric 2     |
/// | channels      | multi: ch_web, ch_app       | (options)   | multi 0       |
/// | b_reason      | single x, y                 | B_REASON    | categorical 4 |
/// | region        | single N, S                 | REGION      | categorical 5 |
/// | generation    | bins of birth_year          | (BYEAR)     | categorical 6 |
enum Survey {
    static let file = "wave1.csv"

    static func single(_ name: String, _ column: String, _ codes: [String], scale: Bool = false) -> Field {
        Field(
            name: name, label: name,
            kind: .single(
                CategoricalSpec(
                    column: column, categories: codes.map { Category(code: $0, label: "label \($0)") }, nets: [],
                    isScale: scale)))
    }

    static func numeric(_ name: String, _ column: String) -> Field {
        Field(name: name, label: name, kind: .numeric(NumericSpec(column: column, range: nil)))
    }

    static let fields: [Field] = [
        single("customer_type", "CTYPE", ["A", "B", "C"]),
        single("q1", "Q1", ["1", "2", "3", "4", "5"], scale: true),
        single("q2", "Q2", ["1", "2", "3", "4", "5"], scale: true),
        single("q3", "Q3", ["1", "2", "3", "4", "5"], scale: true),
        numeric("duration", "DUR"),
        numeric("birth_year", "BYEAR"),
        numeric("spend", "SPEND"),
        Field(
            name: "channels", label: "Channels",
            kind: .multi(
                MultiSelectSpec(
                    options: [
                        MultiSelectOption(column: "ch_web", label: "Web"),
                        MultiSelectOption(column: "ch_app", label: "App"),
                    ], nets: []))),
        single("b_reason", "B_REASON", ["x", "y"]),
        single("region", "REGION", ["N", "S"]),
        Field(
            name: "generation", label: "Generation",
            kind: .bins(
                BinSpec(
                    source: "birth_year",
                    bins: [
                        Bin(category: Category(code: "boomer", label: "Boomers"), lower: 1946, upper: 1964),
                        Bin(category: Category(code: "genx", label: "Gen X"), lower: 1965, upper: 1980),
                        Bin(category: Category(code: "millennial", label: "Millennials"), lower: 1981, upper: 1996),
                    ]))),
    ]

    static let layout = ColumnLayout(fields: fields)

    /// A definition with these rules, and weighting on `region` when asked.
    static func definition(
        _ cleaning: CleaningSpec = CleaningSpec(), weightedByRegion: Bool = false
    )
        -> PipelineDefinition
    {
        PipelineDefinition(
            sourcePath: "test.yaml", survey: "test", edition: "1", title: "Cleaner tests", fieldwork: nil,
            input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: nil), fields: fields,
            banners: [], tables: [], output: OutputSpec(partitionBy: []),
            quality: QualitySpec(maxRejectedShare: 1),
            weighting: weightedByRegion
                ? WeightingSpec(
                    margins: [
                        Margin(field: "region", within: nil, targets: [0.5, 0.5], isAssumption: false, source: "test")
                    ], tolerance: 1e-6, maxSweeps: 10, caps: nil, limits: WeightLimits())
                : nil,
            cleaning: cleaning)
    }

    /// One answer, by field name: a category index, a number, or a multi-select's bit masks.
    enum Value {
        case code(UInt16)
        case number(Double)
        case multi(mentioned: UInt64, answered: UInt64)
    }

    /// A batch of respondents `r1`, `r2`, … on lines 2, 3, …; fields not given are missing.
    static func batch(_ respondents: [[String: Value]]) -> ColumnBatch {
        var batch = ColumnBatch(layout: layout, fileIndex: 0, capacity: respondents.count)
        for (index, values) in respondents.enumerated() {
            batch.appendEmptyRow(line: index + 2, id: Array("r\(index + 1)".utf8))
            let row = batch.count - 1
            for (name, value) in values {
                switch (layout.slot(of: name), value) {
                case (.categorical(let slot)?, .code(let code)): batch.categorical[slot][row] = code
                case (.numeric(let slot)?, .number(let number)): batch.numeric[slot][row] = number
                case (.multi(let slot)?, .multi(let mentioned, let answered)):
                    batch.mentioned[slot][row] = mentioned
                    batch.answered[slot][row] = answered
                default: preconditionFailure("bad test value for '\(name)'")
                }
            }
        }
        return batch
    }

    /// The row-level reject the cleaner should record.
    static func rejected(_ line: Int, _ rule: String, _ field: String, _ rawValue: String, _ reason: String) -> Reject {
        Reject(
            file: file, line: line, respondentID: "r\(line - 1)", rule: rule, field: field, rawValue: rawValue,
            action: .rowRejected, reason: reason)
    }

    /// A value exclusion, as the reader or the cleaner records it.
    static func excluded(_ line: Int, _ rule: String, _ field: String, _ rawValue: String, _ reason: String) -> Reject {
        Reject(
            file: file, line: line, respondentID: "r\(line - 1)", rule: rule, field: field, rawValue: rawValue,
            action: .valueExcluded, reason: reason)
    }

    /// Cleans a batch with a cleaner for these rules.
    static func clean(
        _ batch: ColumnBatch, _ cleaning: CleaningSpec = CleaningSpec(), weightedByRegion: Bool = false,
        speederThreshold: Double? = nil
    ) -> ColumnBatch {
        var batch = batch
        let cleaner = Cleaner(
            definition: definition(cleaning, weightedByRegion: weightedByRegion), layout: layout,
            speederThreshold: speederThreshold)
        cleaner.clean(&batch, fileName: file)
        return batch
    }

    /// The ids of a batch's rows.
    static func ids(_ batch: ColumnBatch) -> [String] {
        (0..<batch.count).map { batch.id(at: $0) }
    }
}
