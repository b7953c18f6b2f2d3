import TallyAggregator
import TallyModel
import TallyWriter

extension RunTable {
    /// A table's tests of independence, banner by banner, with the level each is
    /// significant at (`95%`; empty for none), as an edition's independence files hold
    /// them; none for a run made before they were written.
    /// - Throws: `TallyError.badData` naming the file, line and column of a value that
    ///   cannot be read.
    static func independence(
        folder: String, edition: String, table: String
    ) throws -> [(test: IndependenceTest, significantAt: String)] {
        var tests: [(test: IndependenceTest, significantAt: String)] = []
        for file in try RunFolder.tableFiles(in: folder, tree: "independence")
        where file.partitions["edition"] == edition {
            let csv = try CSVRecords.table(file: file.path, required: IndependenceFiles.columns)
            for record in csv.records where record.fields[csv.index["table_name"]!] == table {
                let field = { (name: String) in record.fields[csv.index[name]!] }
                func number<Value: LosslessStringConvertible>(_ name: String) throws -> Value {
                    guard let value = Value(field(name)) else {
                        throw TallyError.badData(
                            DataLocation(file: file.path, line: record.line, field: name),
                            "'\(field(name))' is not a number")
                    }
                    return value
                }
                var statistics: RaoScott?
                var undefined: IndependenceTest.Undefined?
                switch field("status") {
                case "tested":
                    statistics = RaoScott(
                        chiSquare: try number("chi_square"), degreesOfFreedom: try number("df"),
                        pChiSquare: try number("p_chi_square"), f: try number("f"), numeratorDegrees: try number("ndf"),
                        denominatorDegrees: try number("ddf"), pF: try number("p_f"),
                        meanDesignEffect: try number("mean_design_effect"))
                case "undefined":
                    guard let reason = IndependenceTest.Undefined(rawValue: field("reason")) else {
                        throw TallyError.badData(
                            DataLocation(file: file.path, line: record.line, field: "reason"),
                            "'\(field("reason"))' is not a reason Tally writes")
                    }
                    undefined = reason
                default:
                    throw TallyError.badData(
                        DataLocation(file: file.path, line: record.line, field: "status"),
                        "'\(field("status"))' is neither tested nor undefined")
                }
                let test = IndependenceTest(
                    banner: file.partitions["banner"] ?? "", table: table, question: field("question_key"),
                    rows: try number("answers_tested"), columns: try number("columns_tested"),
                    respondents: try number("respondents"),
                    emptyRows: field("empty_answers").split(separator: " ").map(String.init),
                    emptyColumns: field("empty_columns").split(separator: " ").map(String.init),
                    statistics: statistics, undefined: undefined)
                tests.append((test, field("significant_at")))
            }
        }
        return tests
    }
}
