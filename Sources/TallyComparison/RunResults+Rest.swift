import TallyAggregator
import TallyModel
import TallyWriter

extension RunResults {
    /// The tests of a banner's columns against the rest of the sample in an edition's
    /// differences files: the lines whose `other_column_code` is `rest`.
    /// - Throws: `TallyError.badData` naming the file, line and column of a number that is not one.
    static func restDifferences(folder: String, edition: String, banner: String) throws -> [ColumnDifference] {
        var differences: [ColumnDifference] = []
        for file in try RunFolder.tableFiles(in: folder, tree: "differences")
        where file.partitions["edition"] == edition && file.partitions["banner"] == PartitionName.sanitized(banner) {
            let csv = try CSVRecords.table(file: file.path, required: DifferenceFiles.columns)
            let at = { (name: String) in csv.index[name]! }
            for record in csv.records where record.fields[at("other_column_code")] == ColumnDifference.rest {
                func number(_ name: String) throws -> Double {
                    guard let value = Double(record.fields[at(name)]) else {
                        throw TallyError.badData(
                            DataLocation(file: file.path, line: record.line, field: name),
                            "'\(record.fields[at(name)])' is not a number")
                    }
                    return value
                }
                let level = record.fields[at("significant_at")].dropLast()
                differences.append(
                    ColumnDifference(
                        banner: banner, table: record.fields[at("table_name")],
                        question: record.fields[at("question_key")], rowCode: record.fields[at("row_code")],
                        row: record.fields[at("row_label")], statistic: record.fields[at("statistic")],
                        column: record.fields[at("column_code")], other: ColumnDifference.rest,
                        difference: try number("difference"), z: try number("z"), p: try number("p_value"),
                        adjustedP: try number("p_adjusted"), level: Double(level).map { $0 / 100 }))
            }
        }
        return differences
    }
}
