import Foundation
import TallyComparison
import TallyDefinition
import TallyModel
import TallyWriter

/// What a run of several editions did.
public struct EditionsReport: Sendable {
    /// Each definition's outcome, in edition order.
    public var editions: [EditionsManifest.Edition]
    /// The reports of the editions that succeeded, by edition.
    public var reports: [String: RunReport]
    /// Trend rows written to `trends/part-00000.csv`.
    public var trendRows: Int
    /// The earlier output folder the whole run was skipped for, when every edition was unchanged.
    public var unchangedSince: String?

    /// The first failure's error, which decides the exit code.
    public var firstFailure: TallyError? {
        editions.lazy.compactMap(\.failure).first
    }
}

/// Re-processes several editions in one command, each into its own partition of
/// one output tree:
///
///     DIR/tables/edition=E/…, DIR/questions/edition=E/…, DIR/differences/edition=E/…,
///     DIR/tabbook/edition=E.xlsx
///     DIR/editions/edition=E/    that edition's manifest.json, rejects.csv, audit.csv, weights/, _SUCCESS
///     DIR/trends/part-00000.csv  consecutive editions compared on the question keys they share
///     DIR/tabbook/trends.xlsx    the same, one sheet per pair of editions
///     DIR/manifest.json          every edition's status, DIR/_SUCCESS
///
/// Each edition runs as `tally run` would run it alone (into the staging folder),
/// so its files are byte-identical to a single run's. An edition that fails is
/// reported in the manifest with its error and leaves no partition; the others
/// are still published, and the caller exits with the failure's code. The whole
/// tree is published atomically under one lock, like a single run.
public enum EditionsRunner {
    /// The definitions named by `paths`: files as given, folders as their `.yaml`
    /// and `.yml` files in name order.
    /// - Throws: `TallyError.inputMissing` for a path that does not exist or a folder without definitions.
    public static func definitions(in paths: [String]) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw TallyError.inputMissing(path: path, message: "no such pipeline definition or folder")
            }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter {
                !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml"))
            }.sorted()
            guard !names.isEmpty else {
                throw TallyError.inputMissing(path: path, message: "folder holds no pipeline definitions (.yaml)")
            }
            found += names.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
        }
        return found
    }

    /// Runs every definition into `options.outputDirectory` (`options.definitionPath`
    /// and `options.inputs` are ignored: each edition reads its definition's inputs).
    /// - Throws: `TallyError` when no edition could be run (bad definitions, two
    ///   definitions of one edition, the lock, cancellation, or every edition failed).
    public static func run(definitions paths: [String], options: RunOptions) throws -> EditionsReport {
        let loaded = try editions(of: paths)
        let claim = try OutputClaim(options.outputDirectory, logger: options.logger, cancellation: options.cancellation)
        if let reference = options.skipUnchangedSince,
            let previous = try unchangedManifest(loaded, reference: reference, jobs: options.jobs)
        {
            options.logger.info("inputs and definitions of every edition unchanged since \(reference); nothing to do")
            return EditionsReport(editions: previous.editions, reports: [:], trendRows: 0, unchangedSince: reference)
        }
        return try claim.publishing(keepingOtherFiles: options.keepOtherFiles) { publisher in
            let work = publisher.staging + "/.editions"
            let runs = try runEach(loaded, into: work, options: options)
            guard !runs.succeeded.isEmpty else {
                throw runs.outcomes.lazy.compactMap(\.failure).first
                    ?? TallyError.usage("no pipeline definitions given")
            }
            let trends = try TrendTable.consecutive(runs.succeeded.map(\.folder))
            try FileOutput.makeDirectories(publisher.staging + "/trends")
            try TrendTable.write(trends, to: publisher.staging + "/trends/part-00000.csv")
            if runs.succeeded.count > 1 {
                let editions = runs.succeeded.map(\.edition)
                _ = try trendBook(trends, editions: editions, survey: loaded[0].survey).write(under: publisher.staging)
            }
            for (edition, folder) in runs.succeeded {
                try EditionTree.move(edition: edition, from: folder, into: publisher.staging)
            }
            try FileManager.default.removeItem(atPath: work)
            try EditionsManifest(editions: runs.outcomes, trendRows: trends.count, toolVersion: TallyVersion.current)
                .write(to: publisher.staging + "/manifest.json")
            try options.cancellation.check()
            return EditionsReport(editions: runs.outcomes, reports: runs.reports, trendRows: trends.count)
        }
    }

    /// A definition to run: where it is, its edition and its survey.
    typealias Loaded = (path: String, edition: String, survey: String)

    /// Every definition's edition, in edition order.
    /// - Throws: `TallyError.usage` when two definitions are of one edition.
    private static func editions(of paths: [String]) throws -> [Loaded] {
        var loaded: [Loaded] = []
        for path in paths {
            let definition = try DefinitionLoader.load(path: path)
            if let other = loaded.first(where: { $0.edition == definition.edition }) {
                throw TallyError.usage(
                    "\(path) and \(other.path) are both edition '\(definition.edition)'; each edition needs its own partition"
                )
            }
            loaded.append((path, definition.edition, definition.survey))
        }
        return loaded.sorted { $0.edition < $1.edition }
    }

    /// The trend rows as a workbook: one sheet per pair of consecutive `editions`
    /// (in order), with the rows of that pair.
    static func trendBook(_ rows: [TrendRow], editions: [String], survey: String) -> TrendBook {
        var comparisons = zip(editions, editions.dropFirst()).map {
            TrendBook.Comparison(oldEdition: $0, newEdition: $1, rows: [])
        }
        for row in rows {
            guard
                let index = comparisons.firstIndex(where: {
                    $0.oldEdition == row.oldEdition && $0.newEdition == row.newEdition
                })
            else { continue }
            comparisons[index].rows.append(
                TrendBook.Row(
                    title: row.title, question: row.question, banner: row.banner, columnLabel: row.columnLabel,
                    rowLabel: row.rowLabel, statistic: row.statistic, old: row.oldValue, new: row.newValue,
                    difference: row.difference, significant: row.significant))
        }
        return TrendBook(survey: survey, comparisons: comparisons)
    }

    /// What running every edition into its own folder of `work` gave.
    private struct EditionRuns {
        /// Per edition, in order: how it went.
        var outcomes: [EditionsManifest.Edition] = []
        var reports: [String: RunReport] = [:]
        /// The editions that succeeded, with their folders.
        var succeeded: [(edition: String, folder: String)] = []
    }

    /// Runs each edition on its own; an edition's failure is recorded and the others
    /// go on (a stop by a signal ends them all).
    private static func runEach(
        _ loaded: [Loaded], into work: String, options: RunOptions
    ) throws -> EditionRuns {
        var runs = EditionRuns()
        for (path, edition, _) in loaded {
            let folder = work + "/" + PartitionName.sanitized(edition)
            var single = options
            single.definitionPath = path
            single.inputs = []
            single.outputDirectory = folder
            single.skipUnchangedSince = nil
            single.logger[metadataKey: "edition"] = "\(edition)"
            do {
                let report = try PipelineRunner.run(single)
                runs.reports[edition] = report
                runs.succeeded.append((edition, folder))
                runs.outcomes.append(
                    .init(
                        edition: edition, pipeline: PathText.normalized(path), status: .succeeded,
                        manifest: report.manifest))
            } catch let error as TallyError {
                if case .interrupted = error { throw error }
                options.logger.error("edition \(edition) failed: \(error)", metadata: ["pipeline": "\(path)"])
                runs.outcomes.append(.init(edition: edition, pipeline: PathText.normalized(path), failure: error))
            }
        }
        return runs
    }

    /// The earlier multi-edition manifest when every edition's definition and inputs are unchanged.
    private static func unchangedManifest(
        _ editions: [Loaded], reference: String, jobs: Int
    ) throws -> EditionsManifest? {
        guard FileManager.default.fileExists(atPath: reference + "/_SUCCESS"),
            let data = FileManager.default.contents(atPath: reference + "/manifest.json"),
            let previous = try? JSONFile.decoder.decode(EditionsManifest.self, from: data),
            previous.editions.allSatisfy({ $0.status == .succeeded }),
            previous.editions.map(\.pipeline).sorted() == editions.map({ PathText.normalized($0.path) }).sorted()
        else { return nil }
        for (path, edition, _) in editions {
            let folder = reference + "/editions/edition=" + PartitionName.sanitized(edition)
            guard try PipelineRunner.unchangedRun(definitionPath: path, reference: folder, jobs: jobs) != nil else {
                return nil
            }
        }
        return previous
    }
}
