import Foundation
import Synchronization
import TallyAggregator
import TallyCleaner
import TallyDefinition
import TallyModel
import TallyPipeline
import TallyWriter

/// What `tally run --partial` wrote.
public struct PartialReport: Sendable {
    /// Input files in the partial result.
    public var files: Int
    /// Rows read from them.
    public var rowsRead: Int
    /// Respondents kept (before the merge's checks across partials).
    public var rowsUsed: Int
    /// The size of `partial.bin`, in bytes.
    public var stateBytes: Int
    /// The part of `partial.bin` taken by the aggregate states (bounded by the
    /// definition's cells, whatever the number of respondents).
    public var aggregateBytes: Int
    /// The part of `partial.bin` taken by the respondent id hashes (8 bytes each).
    public var idBytes: Int
    /// The size of the weights spools (which grow with the respondents), in bytes.
    public var spoolBytes: Int
}

/// Partial results: `tally run --partial` makes the first pass of a run (see
/// `WholeRunRules`) over some of a run's inputs and writes what it produced
/// instead of tables; `tally merge` settles the whole-run rules over any number of
/// them and runs the finish phase of `PipelineRunner`.
public enum PartialRunner {
    /// Makes the first pass of a run (reader, cleaner, aggregation) over some of a
    /// run's inputs and writes a partial result into `options.outputDirectory`
    /// instead of tables; `merge` finishes any number of them.
    ///
    /// Each file is read once and on its own: its repeated ids and the rows a
    /// relative speeder rule defers are settled by the merge, over every input.
    /// - Throws: `TallyError`; on any error the partial folder is left as it was.
    public static func run(_ options: RunOptions) throws -> PartialReport {
        guard options.jobs >= 1 else { throw TallyError.usage("--jobs must be at least 1") }
        let definition = try DefinitionLoader.load(path: options.definitionPath)
        let definitionSHA256 = InputDigests.sha256(
            data: try Data(contentsOf: URL(fileURLWithPath: options.definitionPath)))
        let files = InputFiles.globalOrder(try PipelineRunner.inputFiles(options, definition: definition).files)

        let layout = ColumnLayout(fields: definition.fields)
        let plan = try AggregationPlan(definition: definition, layout: layout)
        let rules = WholeRunRules(definition: definition, layout: layout)
        let processor = FileProcessor(
            definition: definition, layout: layout, plan: plan, cleaner: rules.firstPassCleaner,
            batchSize: options.batchSize, deferral: rules.deferral, inflater: options.inflater)
        let claim = try OutputClaim(options.outputDirectory, logger: options.logger, cancellation: options.cancellation)
        return try claim.publishing(.partial, keepingOtherFiles: options.keepOtherFiles) { publisher in
            let spoolNames = files.indices.map { String(format: "spool-%05d.tsv", $0) }
            let staging = publisher.staging
            // Each file's state is encoded as it is folded in, so only the encoded states stay in memory.
            let kept = KeptFiles()
            _ = try PipelineRunner.process(
                files, spools: spoolNames.map { staging + "/" + $0 }, with: processor, options: options,
                empty: plan.makeState()
            ) { index, outcome in
                let file = try PartialFile(
                    outcome, spool: spoolNames[index], spoolBytes: try fileSize(staging + "/" + spoolNames[index]))
                kept.files.withLock { $0.append(file) }
            }
            // Rejects and ids are in partial.bin: only the spools and deferred rows stay beside it.
            for name in spoolNames {
                let spills = FileProcessor.spillFiles(of: staging + "/" + name)
                for path in [spills.rejects, spills.ids] { try? FileManager.default.removeItem(atPath: path) }
            }
            let partialFiles = kept.files.withLock { $0 }
            let partial = PartialState(
                toolVersion: TallyVersion.current, definitionSHA256: definitionSHA256, files: partialFiles)
            let aggregateBytes = try partial.write(to: publisher.staging)
            return PartialReport(
                files: files.count, rowsRead: partialFiles.reduce(0) { $0 + $1.summary.rowsRead },
                rowsUsed: partialFiles.reduce(0) { $0 + $1.summary.rowsRead - $1.summary.rowsRejected },
                stateBytes: try fileSize(publisher.staging + "/" + PartialState.fileName),
                aggregateBytes: aggregateBytes,
                idBytes: partialFiles.reduce(0) { $0 + 8 * $1.ids.count },
                spoolBytes: partialFiles.reduce(0) { $0 + $1.spoolBytes })
        }
    }

    /// A file's size in bytes.
    private static func fileSize(_ path: String) throws -> Int {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int else {
            throw TallyError.cannotWrite(path: path, message: "cannot read the size of this file", errno: nil)
        }
        return size
    }
}

/// The files of a partial result, collected as they are folded in.
private final class KeptFiles: Sendable {
    let files = Mutex<[PartialFile]>([])
}

extension InputFiles {
    /// Input paths in the order a merge adds partial results up: by the bytes of
    /// their UTF-8 paths, the order `tally run` reads a glob pattern or a folder in.
    public static func globalOrder(_ files: [String]) -> [String] {
        files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
