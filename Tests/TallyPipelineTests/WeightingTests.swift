import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Raking through the whole pipeline, checked against R `survey`'s weights for the
/// same targets (`Scripts/reference-raking.R`, committed in `Fixtures/handmade/expected`).
@Suite("Weighting against R survey")
struct WeightingTests {
    /// `respondent_id,weight` rows of a CSV file, gzipped or not.
    static func weights(_ path: String) throws -> [(String, Double)] {
        var text: String
        if path.hasSuffix(".gz") {
            text = String(decoding: try gunzip(path), as: UTF8.self)
        } else {
            text = try String(contentsOfFile: path, encoding: .utf8)
        }
        if text.hasSuffix("\n") { text.removeLast() }
        return text.split(separator: "\n").dropFirst().map { line in
            let parts = line.split(separator: ",")
            return (String(parts[0]), Double(parts[1]) ?? .nan)
        }
    }

    static func run(_ definition: String) throws -> (TemporaryFolder, RunReport) {
        let folder = try TemporaryFolder()
        let report = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.fixture("handmade/" + definition), outputDirectory: folder.file("out")))
        return (folder, report)
    }

    /// Runs weighted.yaml as `edit` changes its text (its input read where it lies);
    /// the run's folder, with the results below `out`.
    static func run(editing edit: (String) -> String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/weighted.yaml"), encoding: .utf8)
        let shards = #"files: ["\#(Repository.fixture("handmade/shards"))/*.csv.gz"]"#
        try edit(text.replacingOccurrences(of: #"files: ["shards/*.csv.gz"]"#, with: shards))
            .write(toFile: folder.file("edited.yaml"), atomically: true, encoding: .utf8)
        _ = try PipelineRunner.run(
            RunOptions(definitionPath: folder.file("edited.yaml"), outputDirectory: folder.file("out")))
        return folder
    }

    static func expectSameWeights(_ actual: [(String, Double)], _ expected: [(String, Double)]) {
        #expect(actual.count == expected.count)
        #expect(actual.map(\.0) == expected.map(\.0))
        let worst = zip(actual, expected).map { abs($0.1 / $1.1 - 1) }.max() ?? .infinity
        #expect(worst < 1e-9, "largest relative difference \(worst)")
    }

    @Test("Raked weights with design weights as base weights equal R's rake() to 1e-9")
    func raked() throws {
        let (folder, report) = try Self.run("weighted.yaml")
        #expect(report.manifest.rowsUsed == 281)
        #expect(report.manifest.rowsRejected == 19)
        #expect(report.manifest.rejectsByRule["missing_weighting_variable"] == 19)
        Self.expectSameWeights(
            try Self.weights(folder.file("out/weights/part-00000.csv.gz")),
            try Self.weights(Repository.fixture("handmade/expected/weights-raked.csv")))
        let weighting = report.manifest.weighting
        #expect(weighting.method == "raking")
        #expect(try #require(weighting.marginError) <= 1e-13)
        #expect(abs(weighting.efficiency / 0.67651888491329393 - 1) < 1e-9)
        #expect(abs(weighting.maximumWeight / 4.1957666959565696 - 1) < 1e-9)
        #expect(abs(weighting.minimumWeight / 0.091180452095310685 - 1) < 1e-9)
        #expect(weighting.assumedMargins == ["country", "gender", "generation"])
    }

    @Test("Capped weights equal R's calibrate(calfun = \"raking\", bounds = c(0.4, 2.5)) to 1e-9")
    func capped() throws {
        let (folder, report) = try Self.run("weighted-capped.yaml")
        Self.expectSameWeights(
            try Self.weights(folder.file("out/weights/part-00000.csv.gz")),
            try Self.weights(Repository.fixture("handmade/expected/weights-capped.csv")))
        #expect(abs(report.manifest.weighting.efficiency / 0.66085522315297196 - 1) < 1e-9)
    }

    @Test("Without weighting targets the weights file holds the design weights")
    func unweighted() throws {
        let (folder, report) = try Self.run("pipeline.yaml")
        let weights = try Self.weights(folder.file("out/weights/part-00000.csv.gz"))
        let plain = try readCSV(Repository.fixture("handmade/variants/plain.csv"))
        #expect(weights.map(\.0) == plain.dropFirst().map { $0[0] })
        #expect(weights.map(\.1) == plain.dropFirst().map { Double($0[1]) ?? .nan })
        #expect(report.manifest.weighting.method == "base weights")
        // Kish: (Σw)² / (n Σw²) over the design weights.
        let design = weights.map(\.1)
        let sum = design.reduce(0, +), squares = design.reduce(0) { $0 + $1 * $1 }
        let kish = sum * sum / (Double(design.count) * squares)
        #expect(abs(report.manifest.weighting.efficiency / kish - 1) < 1e-12)
    }

    @Test("Breaking a weighting limit fails the run with exit 65 and leaves no results")
    func limits() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Repository.fixture("handmade/weighted.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "  max_sweeps: 1000\n", with: "  max_sweeps: 1000\n  limits: {min_efficiency: 0.9}\n"
            )
            .replacingOccurrences(
                of: "files: [\"shards/*.csv.gz\"]",
                with: "files: [\"\(Repository.fixture("handmade/shards"))/*.csv.gz\"]")
        let path = try folder.write("strict.yaml", text)
        let error = #expect(throws: TallyError.self) {
            try PipelineRunner.run(RunOptions(definitionPath: path, outputDirectory: folder.file("out")))
        }
        #expect(error?.exitCode == 65)
        #expect("\(error!)".contains("efficiency"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }
}

/// Estimates and standard errors of the raked design against R `survey`
/// (`Scripts/reference-statistics.R`: `svymean` and `svyvar` on subsets of the
/// `calibrate(..., calfun = "raking")` design).
@Suite("Statistics against R survey")
struct CalibratedStatisticsTests {
    @Test("Percentages, means, ratios and standard deviations to 1e-9, standard errors to 1e-6")
    func matchesR() throws {
        let (folder, _) = try WeightingTests.run("weighted.yaml")
        var actual: [String: [String]] = [:]
        for banner in ["customer", "generation", "country"] {
            let rows = try readCSV(folder.file("out/tables/edition=handmade/banner=\(banner)/part-00000.csv"))
            for row in rows.dropFirst() { actual["\(banner)|\(row[0])|\(row[2])|\(row[4])|\(row[6])"] = row }
        }
        let expected = try readCSV(Repository.fixture("handmade/expected/statistics-calibrated.csv"))
        #expect(
            expected.first == ["banner", "table", "column_code", "row_code", "statistic", "estimate", "standard_error"])
        #expect(expected.count == 200)
        // The definition's country banner has no total column; R's total is the customer banner's.
        for reference in expected.dropFirst() where !(reference[0] == "country" && reference[2] == "total") {
            let key = reference[0..<5].joined(separator: "|")
            let row = try #require(actual[key], "no row \(key)")
            let estimate = try #require(Double(row[7])), wanted = try #require(Double(reference[5]))
            #expect(abs(estimate - wanted) <= 1e-9 * max(1, abs(wanted)), "\(key): \(estimate) vs \(wanted)")
            guard let error = Double(reference[6]) else {
                #expect(reference[4] == "sd")
                continue
            }
            // R leaves rounding noise (4e-16) where the truth is 0, e.g. a 100% cell.
            let se = try #require(Double(row[11]), "no standard error for \(key)")
            #expect(abs(se - error) <= 1e-6 * abs(error) + 1e-12, "\(key): se \(se) vs \(error)")
        }
    }

    @Test("Design effects of percentages, means and ratios to 1e-9 (deff = \"replace\"); none at 0% or 100%")
    func designEffects() throws {
        let (folder, _) = try WeightingTests.run("weighted.yaml")
        var actual: [String: String] = [:]
        for banner in ["customer", "generation", "country"] {
            let rows = try readCSV(folder.file("out/tables/edition=handmade/banner=\(banner)/part-00000.csv"))
            let column = try #require(rows.first?.firstIndex(of: "design_effect"))
            for row in rows.dropFirst() { actual["\(banner)|\(row[0])|\(row[2])|\(row[4])|\(row[6])"] = row[column] }
        }
        let expected = try readCSV(Repository.fixture("handmade/expected/design-effects.csv"))
        #expect(expected.first == ["banner", "table", "column_code", "row_code", "statistic", "design_effect"])
        #expect(expected.count == 178)
        for reference in expected.dropFirst() where !(reference[0] == "country" && reference[2] == "total") {
            let key = reference[0..<5].joined(separator: "|")
            let written = try #require(actual[key], "no row \(key)")
            guard let wanted = Double(reference[5]) else {
                #expect(written.isEmpty, "\(key): \(written), undefined in R")
                continue
            }
            let effect = try #require(Double(written), "no design effect for \(key)")
            #expect(abs(effect - wanted) <= 1e-9 * wanted, "\(key): \(effect) vs \(wanted)")
        }
    }
}
