import TallyCleaner
import TallyModel
import Testing

@Suite("Derived counts")
struct CountTests {
    static let fields = [
        Field(
            name: "customer_type", label: "Customer type",
            kind: .single(
                CategoricalSpec(
                    column: "ctype", categories: [Category(code: "C", label: "C"), Category(code: "B", label: "B")],
                    nets: [], isScale: false))),
        Field(
            name: "channels", label: "Channels",
            kind: .multi(
                MultiSelectSpec(
                    options: ["web", "app", "phone"].map { MultiSelectOption(column: $0, label: $0) }, nets: []))),
        Field(name: "channel_count", label: "Channels used", kind: .count(CountSpec(source: "channels"))),
    ]
    static let layout = ColumnLayout(fields: fields)

    static func definition(routing: [RoutingRule] = []) -> PipelineDefinition {
        PipelineDefinition(
            sourcePath: "count.yaml", survey: "s", edition: "1", title: "t", fieldwork: nil,
            input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: nil), fields: fields,
            banners: [], tables: [], output: OutputSpec(partitionBy: [.banner]),
            quality: QualitySpec(maxRejectedShare: 0), cleaning: CleaningSpec(routing: routing))
    }

    /// Rows of (customer type, mentioned mask, answered mask).
    static func batch(_ rows: [(UInt16, UInt64, UInt64)]) -> ColumnBatch {
        var batch = ColumnBatch(layout: layout, fileIndex: 0, capacity: rows.count)
        for (index, (type, mentioned, answered)) in rows.enumerated() {
            batch.appendEmptyRow(line: index + 2, id: Array("r\(index + 1)".utf8))
            batch.categorical[0][index] = type
            batch.mentioned[0][index] = mentioned
            batch.answered[0][index] = answered
        }
        return batch
    }

    @Test("A count is the options mentioned, 0 when none was, missing when none was answered")
    func counts() {
        var batch = Self.batch([(0, 0b111, 0b111), (0, 0b010, 0b111), (1, 0, 0b111), (1, 0, 0), (0, 0b101, 0b101)])
        Cleaner(definition: Self.definition(), layout: Self.layout).clean(&batch, fileName: "f.csv")
        #expect(batch.numeric[0].map { $0.isNaN ? -1 : $0 } == [3, 1, 0, -1, 2])
    }

    @Test("A count follows routing: a blanked multi-select leaves its count missing")
    func afterRouting() {
        var batch = Self.batch([(0, 0b011, 0b111), (1, 0b011, 0b111)])
        let rule = RoutingRule(questions: ["channels"], field: "customer_type", categories: [1])
        Cleaner(definition: Self.definition(routing: [rule]), layout: Self.layout).clean(&batch, fileName: "f.csv")
        #expect(batch.numeric[0][0].isNaN)  // a consumer, not asked: blanked
        #expect(batch.numeric[0][1] == 2)
    }
}
