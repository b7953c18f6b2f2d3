import Dispatch
import Foundation
import Synchronization
import TallyComparison
import TallyModel
import TallyWriter

/// Writes an edition's report below an output folder: `report/edition=E/report.json`
/// (what it is built from besides the results) and one page per language
/// (`en.html`…), made from the run folder's own files, so that a run and `tally
/// report` write the same bytes.
public enum ReportFiles {
    /// Writes the report of the results in `run` (a finished run folder, or the
    /// staging folder once its results and manifest are written) below `root`.
    /// - Returns: the files written, relative to `root`.
    /// - Throws: `TallyError.cannotWrite` when a file cannot be written; the errors of
    ///   reading the results (`RunResults.read`).
    public static func write(_ source: ReportSource, run: String, under root: String) throws -> [WrittenFile] {
        try write(
            source,
            results: RunResults.read(
                folder: run, edition: source.edition, tables: source.report.tables, restOf: source.report.profiles),
            under: root)
    }

    /// Writes the report of `results` below `root`: a run passes the results it has
    /// just written, which are what its files say.
    /// - Returns: the files written, relative to `root`.
    /// - Throws: `TallyError.cannotWrite` when a file cannot be written.
    public static func write(
        _ source: ReportSource, results: RunResults, trends: [TrendRow] = [], under root: String
    ) throws -> [WrittenFile] {
        let folder = ReportSource.folder(edition: source.edition)
        try FileOutput.makeDirectories(root + "/" + folder)
        // The source and the pages are independent: made at once, written in order.
        let languages = source.report.languages
        let files = Mutex([Result<(path: String, bytes: Data), any Error>?](repeating: nil, count: languages.count + 1))
        DispatchQueue.concurrentPerform(iterations: languages.count + 1) { index in
            let file = Result { () throws -> (path: String, bytes: Data) in
                guard index > 0 else { return (folder + "/report.json", try source.json()) }
                let language = languages[index - 1]
                let page = ReportDocument(
                    source: source, results: results, language: ReportLanguage.named(language), trends: trends)
                return (folder + "/\(language).html", Data(page.html.utf8))
            }
            files.withLock { $0[index] = file }
        }
        var written: [WrittenFile] = []
        for file in files.withLock({ $0 }) {
            guard let (path, bytes) = try file?.get() else { continue }
            try FileOutput.write(root + "/" + path, bytes: bytes)
            written.append(WrittenFile(path: path, rows: 1))
        }
        return written
    }

    /// Rebuilds the reports of every edition of a finished run folder that has a
    /// report source, below `root` (the run folder itself by default); with a
    /// `previous` run folder, each report shows the changes since it (`tally trend`'s).
    /// - Returns: the files written, relative to `root`.
    /// - Throws: `TallyError.inputMissing` when no edition of the run has a report; the
    ///   errors of reading the previous run.
    public static func rebuild(
        run: String, previous: String? = nil, under root: String? = nil
    ) throws
        -> [WrittenFile]
    {
        let editions = Set(try RunTable.entries(in: run).map(\.edition)).sorted()
        let sources = try editions.compactMap { edition -> ReportSource? in
            let path = run + "/" + ReportSource.folder(edition: edition) + "/report.json"
            return FileManager.default.fileExists(atPath: path)
                ? try ReportSource.read(folder: run, edition: edition) : nil
        }
        guard !sources.isEmpty else {
            throw TallyError.inputMissing(
                path: run, message: "no report to rebuild: the run's definition has no 'report' section")
        }
        let trends = try previous.map { try TrendTable.compare(old: $0, new: run).rows } ?? []
        return try sources.flatMap { source in
            let results = try RunResults.read(
                folder: run, edition: source.edition, tables: source.report.tables, restOf: source.report.profiles)
            return try write(
                source, results: results, trends: trends.filter { $0.newEdition == source.edition },
                under: root ?? run)
        }
    }
}
