import Foundation
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
            source, results: RunResults.read(folder: run, edition: source.edition, tables: source.report.tables),
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
        var written: [WrittenFile] = []
        try FileOutput.write(root + "/" + folder + "/report.json", bytes: try source.json())
        written.append(WrittenFile(path: folder + "/report.json", rows: 1))
        for language in source.report.languages {
            let page = ReportDocument(
                source: source, results: results, language: ReportLanguage.named(language), trends: trends
            ).html
            let path = folder + "/\(language).html"
            try FileOutput.write(root + "/" + path, bytes: Data(page.utf8))
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
            let results = try RunResults.read(folder: run, edition: source.edition, tables: source.report.tables)
            return try write(
                source, results: results, trends: trends.filter { $0.newEdition == source.edition },
                under: root ?? run)
        }
    }
}
