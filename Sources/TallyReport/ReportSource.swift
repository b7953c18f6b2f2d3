import Foundation
import TallyModel
import TallyWriter

/// What a report is built from besides the run's results: the definition's
/// `report` section and the words and settings of the definition the results do
/// not carry. A run writes it as `report/edition=E/report.json`, so that `tally
/// report` rebuilds the report from the run folder alone.
public struct ReportSource: Sendable, Equatable, Codable {
    public var survey: String
    public var title: String
    public var edition: String
    public var fieldworkStart: String?
    public var fieldworkEnd: String?
    public var report: ReportSpec
    /// The definition's words in each language, by language tag.
    public var labels: [String: ReportLabels]
    /// The column tests' confidence levels, highest first.
    public var levels: [Double]
    /// The smallest base a column is tested on.
    public var minimumBase: Double
    /// The column tests' method (`significance.method`); nil in the sources of runs made
    /// before there was a choice, whose profiles are tested on effective bases from the rows.
    public var method: String?
    /// The low-base flag and suppression thresholds.
    public var lowBaseFlag: Double
    public var suppress: Double

    /// The report source of a definition with a `report` section.
    public init?(definition: PipelineDefinition) {
        guard let report = definition.report else { return nil }
        survey = definition.survey
        title = definition.title
        edition = definition.edition
        fieldworkStart = definition.fieldwork?.start
        fieldworkEnd = definition.fieldwork?.end
        self.report = report
        var labels: [String: ReportLabels] = [:]
        for language in report.languages {
            labels[language] = ReportLabels(
                definition: definition, language: language, words: ReportLanguage.named(language).words.baseWords)
        }
        self.labels = labels
        levels = definition.significance.levels.sorted(by: >)
        minimumBase = definition.significance.minimumBase ?? definition.lowBase.flag
        method = definition.significance.method.rawValue
        lowBaseFlag = definition.lowBase.flag
        suppress = definition.lowBase.suppress
    }

    /// The folder of an edition's report below a run folder.
    public static func folder(edition: String) -> String {
        "report/edition=\(PartitionName.sanitized(edition))"
    }

    /// Reads the source a run wrote.
    /// - Throws: `TallyError.inputMissing` when the run wrote none (its definition has no
    ///   `report`); `TallyError.badData` for a file that is not a report source.
    public static func read(folder: String, edition: String) throws -> ReportSource {
        let path = folder + "/" + Self.folder(edition: edition) + "/report.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TallyError.inputMissing(
                path: path, message: "no report source: the run's definition has no 'report' section")
        }
        do {
            return try JSONDecoder().decode(ReportSource.self, from: data)
        } catch {
            throw TallyError.badData(DataLocation(file: path), "not a report source: \(error)")
        }
    }

    /// The source as written: sorted keys, so that the same definition gives the same bytes.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
