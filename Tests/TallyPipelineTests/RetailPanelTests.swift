import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// A second data set against R `survey`: the generated retail banking panel
/// (`Fixtures/retail-panel`), with unequal base weights raked to two margins and
/// grossed up to a population, a "don't know" outside a scale's base, a banner column
/// nobody is in and a banner from a multi-answer question. Data and references come
/// from `Scripts/reference-retail-panel.R`.
@Suite("The retail panel against R survey")
struct RetailPanelTests {
    /// The run's folder, made once for the suite.
    static let folder = try! TemporaryFolder()
    static let output: String = {
        let output = folder.file("out")
        _ = try! PipelineRunner.run(
            RunOptions(definitionPath: Repository.fixture("retail-panel/pipeline.yaml"), outputDirectory: output))
        return output
    }()

    /// Every part file of a tree as rows keyed by `key`'s columns (the banner from the
    /// partition first), joined with `|`.
    static func rows(_ tree: String, key: [String]) throws -> [String: [String: String]] {
        var rows: [String: [String: String]] = [:]
        let root = output + "/\(tree)/edition=check"
        for folder in try FileManager.default.contentsOfDirectory(atPath: root) {
            let lines = try readCSV(root + "/" + folder + "/part-00000.csv")
            let header = try #require(lines.first)
            for line in lines.dropFirst() {
                let row = Dictionary(uniqueKeysWithValues: zip(header, line))
                rows[([String(folder.dropFirst("banner=".count))] + key.map { row[$0] ?? "" }).joined(separator: "|")] =
                    row
            }
        }
        return rows
    }

    /// A reference file's rows as dictionaries.
    static func expected(_ name: String) throws -> [[String: String]] {
        let lines = try readCSV(Repository.fixture("retail-panel/expected/" + name))
        let header = try #require(lines.first)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func number(_ row: [String: String]?, _ name: String) throws -> Double {
        try #require(row?[name].flatMap(Double.init), "no \(name) in \(row ?? [:])")
    }

    @Test("Weights grossed up to the population, to 1e-9 of R's calibrate(population = totals, calfun = \"raking\")")
    func weights() throws {
        let weights = try WeightingTests.weights(Self.output + "/weights/part-00000.csv.gz")
        let expected = try WeightingTests.weights(Repository.fixture("retail-panel/expected/weights.csv"))
        WeightingTests.expectSameWeights(weights, expected)
        let sum: Double = weights.map(\.1).reduce(0, +)
        #expect(abs(sum / 1_200_000 - 1) < 1e-12)
    }

    @Test("Percentages and means in every column (multi-answer ones too): estimates 1e-9, SEs and design effects 1e-6")
    func estimates() throws {
        let rows = try Self.rows("tables", key: ["table_name", "column_code", "row_code", "statistic"])
        let expected = try Self.expected("estimates.csv")
        #expect(expected.count == 185)
        for reference in expected {
            let key = ["banner", "table", "column_code", "row_code", "statistic"].map { reference[$0]! }
                .joined(separator: "|")
            let row = try #require(rows[key], "no row \(key)")
            let (value, wanted) = (try Self.number(row, "value"), try Self.number(reference, "estimate"))
            #expect(abs(value - wanted) <= 1e-9 * max(1, abs(wanted)), "\(key)")
            let error = try Self.number(reference, "standard_error")
            if error > 1e-9 {
                #expect(abs(try Self.number(row, "standard_error") - error) <= 1e-6 * error, "\(key)")
            }
            if let deff = reference["design_effect"].flatMap(Double.init) {
                #expect(abs(try Self.number(row, "design_effect") - deff) <= 1e-6 * deff, "\(key)")
            } else {
                #expect(row["design_effect"] == "", "\(key): R has no design effect")
            }
        }
        // Overseas (X) has nobody: its percentages are empty, not 0.
        #expect(rows["region|trust|X|1|percent"]?["value"] == "")
    }

    @Test("Weighted counts are population totals: estimates 1e-9, SEs 1e-6 (R svytotal)")
    func totals() throws {
        let rows = try Self.rows("tables", key: ["table_name", "column_code", "row_code", "statistic"])
        let expected = try Self.expected("totals.csv")
        #expect(expected.count == 120)
        for reference in expected {
            let key =
                ["banner", "table", "column_code", "row_code"].map { reference[$0]! }.joined(separator: "|")
                + "|weighted_count"
            let row = try #require(rows[key], "no row \(key)")
            let (value, wanted) = (try Self.number(row, "value"), try Self.number(reference, "estimate"))
            #expect(abs(value - wanted) <= 1e-9 * max(1, abs(wanted)), "\(key)")
            let error = try Self.number(reference, "standard_error")
            let actual = try Self.number(row, "standard_error")
            #expect(error > 1e-6 ? abs(actual - error) <= 1e-6 * error : actual == 0, "\(key)")
        }
    }

    @Test("Column tests, pairs and against the rest, overlapping columns included: z 1e-6, p 1e-6")
    func columnTests() throws {
        let rows = try Self.rows(
            "differences", key: ["table_name", "row_code", "statistic", "column_code", "other_column_code"])
        let expected = try Self.expected("tests.csv")
        #expect(expected.count == 340)
        var keys: Set<String> = []
        for reference in expected {
            let key = ["banner", "table", "row_code", "statistic", "column_code", "other_column_code"]
                .map { reference[$0]! }.joined(separator: "|")
            keys.insert(key)
            let row = try #require(rows[key], "no test \(key)")
            let difference = try Self.number(reference, "difference")
            #expect(abs(try Self.number(row, "difference") - difference) <= 1e-9 * max(1, abs(difference)), "\(key)")
            let z = try Self.number(reference, "z")
            #expect(abs(try Self.number(row, "z") - z) <= 1e-6 * abs(z), "\(key)")
            #expect(abs(try Self.number(row, "p_value") - Self.number(reference, "p_value")) <= 1e-6, "\(key)")
        }
        // Tally tests exactly what R has a variance for; nothing of the empty column.
        #expect(Set(rows.keys) == keys)
    }

    @Test("Tests of independence (R svychisq), the empty column left out; none for the multi-answer banner")
    func independence() throws {
        let rows = try Self.rows("independence", key: ["table_name"])
        let expected = try Self.expected("independence.csv")
        #expect(expected.count == 4)
        for reference in expected {
            let key = reference["banner"]! + "|" + reference["table"]!
            let row = try #require(rows[key], "no test \(key)")
            #expect(
                row["status"] == "tested" && row["answers_tested"] == reference["rows"]
                    && row["columns_tested"] == reference["columns"])
            for name in ["f", "ndf", "ddf", "chi_square"] {
                let wanted = try Self.number(reference, name)
                #expect(abs(try Self.number(row, name) - wanted) <= 1e-6 * wanted, "\(key): \(name)")
            }
            for name in ["p_f", "p_chi_square"] {
                #expect(abs(try Self.number(row, name) - Self.number(reference, name)) <= 1e-6, "\(key): \(name)")
            }
            #expect(row["empty_columns"] == (reference["banner"] == "region" ? "X" : ""), "\(key)")
        }
        for table in ["trust", "recommend"] {
            #expect(rows["channel|\(table)"]?["reason"] == "the banner's columns overlap (a multi-answer banner)")
        }
    }
}
