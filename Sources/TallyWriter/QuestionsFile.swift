import TallyModel

/// Writes `questions/edition=E/part-00000.csv`: one row per table, the words the
/// tidy table rows join to on `table_name` (and `question_key` across editions).
public enum QuestionsFile {
    /// The file's columns.
    public static let columns = [
        "table_name", "question_key", "title", "wording", "field", "field_kind", "base_text", "filter", "banners",
    ]

    /// The file's path below an output folder, with the edition sanitised as partition values are.
    public static func relativePath(edition: String) -> String {
        "questions/edition=\(PartitionName.sanitized(edition))/part-00000.csv"
    }

    /// Writes one row per table of the definition below `root`.
    /// - Returns: the file written, relative to `root`, with its row count.
    /// - Throws: `TallyError.cannotWrite` when the folder or file cannot be written.
    public static func write(_ definition: PipelineDefinition, under root: String) throws -> WrittenFile {
        var text = CSVText()
        text.line(columns)
        for table in definition.tables {
            let field = definition.field(named: table.field)
            text.field(table.name)
            text.field(table.questionKey)
            // The words are quoted in every row, as the tables' labels are.
            text.field(table.title, alwaysQuoted: true)
            text.field(field?.label ?? table.field, alwaysQuoted: true)
            text.field(table.field)
            text.field(field?.kind.name ?? "")
            text.field(definition.baseText(of: table), alwaysQuoted: true)
            text.field(table.filter.map { filterText($0, definition: definition) } ?? "", alwaysQuoted: true)
            text.field(table.banners.joined(separator: " "))
            text.endLine()
        }
        let path = relativePath(edition: definition.edition)
        try FileOutput.makeDirectories(root + "/" + path.split(separator: "/").dropLast().joined(separator: "/"))
        try FileOutput.write(root + "/" + path, bytes: text.bytes)
        return WrittenFile(path: path, rows: definition.tables.count)
    }

    /// A filter as the definition's codes: `switched_brands in (1)`, or for a
    /// multi-select `channels has any of (ch_email, ch_phone)`.
    static func filterText(_ filter: TableFilter, definition: PipelineDefinition) -> String {
        let field = definition.field(named: filter.field)
        if case .multi(let spec) = field?.kind {
            let options = filter.members.map { spec.options[$0].column }
            return "\(filter.field) has any of (\(options.joined(separator: ", ")))"
        }
        let codes = filter.members.map { field?.categories[$0].code ?? String($0) }
        return "\(filter.field) in (\(codes.joined(separator: ", ")))"
    }
}
