import Foundation
import TallyModel

/// `manifest.json` of a multi-edition run: each edition's outcome. Each edition's
/// own manifest is `editions/edition=E/manifest.json`.
public struct EditionsManifest: Codable, Sendable, Equatable {
    /// How one edition's run ended.
    public enum Status: String, Codable, Sendable {
        case succeeded, failed
    }

    /// One edition of the run.
    public struct Edition: Codable, Sendable, Equatable {
        public var edition: String
        /// The definition file.
        public var pipeline: String
        public var status: Status
        /// The edition's own manifest, relative to the output folder (succeeded editions).
        public var manifest: String?
        /// The definition's SHA-256, and the rows read and used (succeeded editions).
        public var sha256: String?
        public var rowsRead: Int?
        public var rowsUsed: Int?
        /// The exit code and message of a failed edition.
        public var exitCode: Int32?
        public var error: String?
        /// The failure itself, for the exit code of the command (not written).
        public var failure: TallyError?

        /// A succeeded edition.
        public init(edition: String, pipeline: String, status: Status, manifest: Manifest) {
            self.edition = edition
            self.pipeline = pipeline
            self.status = status
            self.manifest = "editions/edition=\(PartitionName.sanitized(edition))/manifest.json"
            sha256 = manifest.pipeline.sha256
            rowsRead = manifest.rowsRead
            rowsUsed = manifest.rowsUsed
        }

        /// A failed edition.
        public init(edition: String, pipeline: String, failure: TallyError) {
            self.edition = edition
            self.pipeline = pipeline
            status = .failed
            exitCode = failure.exitCode
            error = failure.description
            self.failure = failure
        }

        /// Every property but `failure`, which is not written.
        enum CodingKeys: String, CodingKey {
            case edition, pipeline, status, manifest, sha256, rowsRead, rowsUsed, exitCode, error
        }
    }

    public var tool = "tally"
    public var toolVersion = ""
    public var editions: [Edition]
    /// Rows in `trends/part-00000.csv`.
    public var trendRows: Int

    public init(editions: [Edition], trendRows: Int, toolVersion: String) {
        self.editions = editions
        self.trendRows = trendRows
        self.toolVersion = toolVersion
    }

    /// Writes the manifest as pretty JSON with sorted keys.
    public func write(to path: String) throws {
        try JSONFile.write(self, to: path)
    }
}
