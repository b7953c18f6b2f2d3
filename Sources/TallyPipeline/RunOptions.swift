import Logging
import TallyModel

/// What `tally run` was asked to do.
public struct RunOptions: Sendable {
    /// The pipeline definition file.
    public var definitionPath: String
    /// Inputs named on the command line; the definition's own patterns when empty.
    public var inputs: [String]
    /// The output folder.
    public var outputDirectory: String
    /// Files read at once.
    public var jobs: Int
    /// Respondents per batch.
    public var batchSize: Int
    /// A previous run's output folder: when its manifest records the same tool
    /// version, definition and input files (by SHA-256), the run does nothing.
    public var skipUnchangedSince: String?
    /// Checked between batches and stages; set by SIGINT and SIGTERM.
    public var cancellation: Cancellation
    /// Counts bytes and respondents as they are read, for a progress line.
    public var progress: RunProgress?
    /// Where the run's events and warnings go (nowhere unless given).
    public var logger: Logger

    /// Carry files a person added to the output folder into the new results,
    /// rather than refusing to replace a folder that holds them.
    public var keepOtherFiles = false

    /// The decoder of gzip input; every choice gives the same outputs. ISA-L by
    /// default, as it makes whole runs faster; zlib is the reference.
    public var inflater: Inflater

    public init(
        definitionPath: String, inputs: [String] = [], outputDirectory: String, jobs: Int = 2, batchSize: Int = 8192,
        inflater: Inflater = .isal, skipUnchangedSince: String? = nil, cancellation: Cancellation = Cancellation(),
        progress: RunProgress? = nil,
        logger: Logger = Logger(label: "tally", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.definitionPath = definitionPath
        self.inputs = inputs
        self.outputDirectory = outputDirectory
        self.jobs = jobs
        self.batchSize = batchSize
        self.skipUnchangedSince = skipUnchangedSince
        self.cancellation = cancellation
        self.progress = progress
        self.logger = logger
        self.inflater = inflater
    }
}
