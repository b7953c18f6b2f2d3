import Foundation
import TallyModel

/// `manifest.json`: what a run read, what it made of it and what it wrote. Holds no
/// times or host names, so an identical run writes an identical manifest.
public struct Manifest: Codable, Sendable, Equatable {
    /// The definition a run used.
    public struct Pipeline: Codable, Sendable, Equatable {
        public var path: String
        public var survey: String
        public var edition: String
        public var sha256: String

        public init(path: String, survey: String, edition: String, sha256: String) {
            self.path = path
            self.survey = survey
            self.edition = edition
            self.sha256 = sha256
        }
    }

    /// One input file.
    public struct Input: Codable, Sendable, Equatable {
        public var file: String
        public var bytes: Int
        /// The SHA-256 of the file's bytes as read (compressed), in hex.
        public var sha256: String
        public var rows: Int
        public var rowsRejected: Int
        public var valuesExcluded: Int
        public var ignoredColumns: [String]
        /// Values read whose surrounding spaces were removed; nil (left out of the JSON) for none.
        public var valuesTrimmed: Int?

        /// - Parameter valuesTrimmed: values read whose surrounding spaces were removed (0 is left out).
        public init(
            file: String, bytes: Int, sha256: String, rows: Int, rowsRejected: Int, valuesExcluded: Int,
            ignoredColumns: [String], valuesTrimmed: Int = 0
        ) {
            self.file = file
            self.bytes = bytes
            self.sha256 = sha256
            self.rows = rows
            self.rowsRejected = rowsRejected
            self.valuesExcluded = valuesExcluded
            self.ignoredColumns = ignoredColumns
            self.valuesTrimmed = valuesTrimmed == 0 ? nil : valuesTrimmed
        }
    }

    /// How the respondents were weighted.
    public struct Weighting: Codable, Sendable, Equatable {
        /// `raking`, or `base weights` when the definition declares no targets.
        public var method: String
        public var sweeps: Int?
        public var marginError: Double?
        public var lastChange: Double?
        public var minimumWeight: Double
        public var maximumWeight: Double
        public var meanWeight: Double
        public var efficiency: Double
        public var effectiveBase: Double
        /// Margins whose targets are assumptions rather than published figures.
        public var assumedMargins: [String]
        /// What the weights add up to: `sample` (the base weights' total) or `population`
        /// (`population`, so weighted counts are estimated totals); nil in manifests
        /// written before the choice.
        public var scale: String?
        /// The population total the weights add up to, with the `population` scale.
        public var population: Double?

        public init(
            method: String, sweeps: Int?, marginError: Double?, lastChange: Double?, minimumWeight: Double,
            maximumWeight: Double, meanWeight: Double, efficiency: Double, effectiveBase: Double,
            assumedMargins: [String], scale: String? = nil, population: Double? = nil
        ) {
            self.method = method
            self.sweeps = sweeps
            self.marginError = marginError
            self.lastChange = lastChange
            self.minimumWeight = minimumWeight
            self.maximumWeight = maximumWeight
            self.meanWeight = meanWeight
            self.efficiency = efficiency
            self.effectiveBase = effectiveBase
            self.assumedMargins = assumedMargins
            self.scale = scale
            self.population = population
        }
    }

    public var tool: String
    public var toolVersion: String
    public var pipeline: Pipeline
    public var inputs: [Input]
    public var rowsRead: Int
    public var rowsUsed: Int
    public var rowsRejected: Int
    public var valuesExcluded: Int
    /// Values read whose surrounding spaces were removed, over every input; nil (left out) for none.
    public var valuesTrimmed: Int?
    /// Rejects per rule, e.g. `ragged_row`, `out_of_domain`.
    public var rejectsByRule: [String: Int]
    /// Rejects per action (`row_rejected`, `value_excluded`, `value_imputed`), then per rule;
    /// nil (left out) in manifests written before it was recorded.
    public var rejectsByAction: [String: [String: Int]]?
    public var weighting: Weighting
    /// The column tests the tables and differences carry; nil (left out) in manifests
    /// written before the method could be chosen.
    public var columnTests: ColumnTests?
    /// Files read a second time because they repeated respondents of an earlier file.
    public var reprocessedFiles: [String]
    public var outputs: [WrittenFile]
    /// How this run went: times, throughput, peak memory and warnings. The only part
    /// of a manifest that differs between identical runs.
    public var run: Run?

    /// How a run went.
    public struct Run: Codable, Sendable, Equatable {
        /// Per stage and phase times, bytes, respondents, cells and peak memory.
        public var metrics: RunMetrics
        /// Compressed input MB per second of the whole run.
        public var compressedMBPerSecond: Double
        /// Respondents read per second of the whole run.
        public var respondentsPerSecond: Double
        /// Everything the run warned about, in the order found.
        public var warnings: [String]

        public init(metrics: RunMetrics, warnings: [String]) {
            self.metrics = metrics
            let seconds = max(metrics.phases.total, 1e-9)
            compressedMBPerSecond = Double(metrics.compressedBytes) / 1e6 / seconds
            respondentsPerSecond = Double(metrics.respondents) / seconds
            self.warnings = warnings
        }

        /// `compressed_mb_per_second` (an acronym) as `JSONFile.decoder` reads it back.
        enum CodingKeys: String, CodingKey {
            case metrics, respondentsPerSecond, warnings
            case compressedMBPerSecond = "compressedMbPerSecond"
        }
    }

    /// - Parameter valuesTrimmed: values read whose surrounding spaces were removed (0 is left out).
    public init(
        toolVersion: String, pipeline: Pipeline, inputs: [Input], rowsRead: Int, rowsUsed: Int, rowsRejected: Int,
        valuesExcluded: Int, rejectsByRule: [String: Int], weighting: Weighting, reprocessedFiles: [String],
        outputs: [WrittenFile], valuesTrimmed: Int = 0, rejectsByAction: [String: [String: Int]] = [:],
        columnTests: ColumnTests? = nil
    ) {
        self.tool = "tally"
        self.toolVersion = toolVersion
        self.pipeline = pipeline
        self.inputs = inputs
        self.rowsRead = rowsRead
        self.rowsUsed = rowsUsed
        self.rowsRejected = rowsRejected
        self.valuesExcluded = valuesExcluded
        self.valuesTrimmed = valuesTrimmed == 0 ? nil : valuesTrimmed
        self.rejectsByRule = rejectsByRule
        self.rejectsByAction = rejectsByAction
        self.weighting = weighting
        self.columnTests = columnTests
        self.reprocessedFiles = reprocessedFiles
        self.outputs = outputs
    }

    /// Writes the manifest as pretty JSON with sorted keys.
    public func write(to path: String) throws {
        try JSONFile.write(self, to: path)
    }
}

/// Pretty JSON with sorted keys, the form every manifest is written in. Keys are
/// the properties' names in snake case (`rowsRead` is `rows_read`); a type whose
/// key is anything else names it in its `CodingKeys` as `decoder` reads it back
/// (`compressed_mb_per_second` as `compressedMbPerSecond`).
package enum JSONFile {
    /// Writes pretty JSON with sorted keys in snake case, slashes unescaped.
    package static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// Reads what `encoder` writes.
    package static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    static func write(_ value: some Encodable, to path: String) throws {
        let encoder = Self.encoder
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch EncodingError.invalidValue(let invalid, let context) {
            let key = context.codingPath.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }
            throw TallyError.cannotWrite(
                path: path,
                message:
                    "internal error: refusing to write \(invalid) at '\(key.joined(separator: "."))' (JSON holds finite numbers only)",
                errno: nil)
        } catch {
            throw TallyError.cannotWrite(path: path, message: "cannot encode the manifest: \(error)", errno: nil)
        }
        try FileOutput.write(path, [String(decoding: data, as: UTF8.self) + "\n"])
    }

    /// A property name as the encoder writes it: `meanWeight` is `mean_weight`.
    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { text, character in
            if character.isUppercase, !text.isEmpty { text += "_" }
            text += character.lowercased()
        }
    }
}
