import Foundation
import TallyAggregator
import TallyCleaner
import TallyModel
import TallyReader
import TallySynth
import TallyWeighter

/// Inputs of the kernel benchmarks, built before anything is measured: the 2023
/// edition's definition and a plain CSV of synthetic respondents (with the
/// definition's mess) in a temporary folder of this process (`folder`).
struct KernelInputs: @unchecked Sendable {
    /// Respondents in the benchmark file.
    static let respondents = 20_000

    let definition: PipelineDefinition
    let layout: ColumnLayout
    let plan: AggregationPlan
    /// The plain CSV file.
    let csvPath: String
    /// Its size in bytes.
    let csvBytes: Int
    /// The temporary folder of this process's inputs.
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "tally-kernels-\(ProcessInfo.processInfo.processIdentifier)"
    ).path

    /// Generates the file (gzip by `tally synth`'s generator, then inflated by `gzip -dc`).
    init() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let loaded = try SynthesisDefinition.load(path: root.path + "/Pipelines/connected-customer-2023.yaml")
        definition = loaded.definition
        layout = ColumnLayout(fields: definition.fields)
        plan = try AggregationPlan(definition: definition, layout: layout)
        let folder = Self.folder
        let report = try Synthesizer.write(
            loaded,
            options: SynthOptions(respondents: Self.respondents, shards: 1, seed: 1, outputDirectory: folder))
        csvPath = folder + "/respondents.csv"
        guard FileManager.default.createFile(atPath: csvPath, contents: nil) else {
            throw TallyError.cannotWrite(path: csvPath, message: "cannot create the file", errno: nil)
        }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", report.files[0]]
        gzip.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
        try gzip.run()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else {
            throw TallyError.badData(DataLocation(file: csvPath), "gzip -dc failed")
        }
        csvBytes = (try FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0
    }

    /// Removes the temporary folder.
    static func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A reader over the plain CSV.
    func reader() throws -> RespondentReader {
        try RespondentReader(path: csvPath, displayName: csvPath, fileIndex: 0, definition: definition, layout: layout)
    }

    /// Every batch of the file, cleaned, with each row's weighting cell.
    func cleanedBatches() throws -> [(batch: ColumnBatch, cells: [Int32])] {
        let cleaner = Cleaner(definition: definition, layout: layout, speederThreshold: 120)
        let reader = try reader()
        var batches: [(ColumnBatch, [Int32])] = []
        while var batch = try reader.nextBatch() {
            cleaner.clean(&batch, fileName: csvPath)
            batches.append((batch, plan.cellSpace.cells(of: batch)))
        }
        return batches
    }
}

/// The crosstab benchmark's input: the plan and the cleaned batches with their cells.
struct CrosstabInput: @unchecked Sendable {
    let plan: AggregationPlan
    let batches: [(batch: ColumnBatch, cells: [Int32])]
}

/// The raking benchmark's input: the weighter and the cell table of the whole file.
struct RakingInput: @unchecked Sendable {
    let weighter: Weighter
    let state: AggregateState
    let tolerance: Double
}

/// The table finishing benchmark's input: the whole file's sums, its cells' raking
/// factors and a finisher with the design's linearization.
struct FinishingInput: @unchecked Sendable {
    let definition: PipelineDefinition
    let state: AggregateState
    let factors: [Double]
    let finisher: TableFinisher
}
