import TallyAggregator
import TallyCleaner
import TallyModel
import TallySpill
import TallyWriter

/// The counts a run reports for one input file.
package struct FileSummary: Sendable {
    package var file: String
    package var bytes: Int
    /// Bytes of CSV after decompression.
    package var decodedBytes: Int
    package var rowsRead: Int
    package var rowsRejected: Int
    package var valuesExcluded: Int
    package var ignoredColumns: [String]
    /// Values read whose surrounding spaces were removed.
    package var valuesTrimmed = 0
    /// The hex SHA-256 of the file's bytes, from the pass that read it (nil when
    /// it stopped before the end).
    package var sha256: String?

    /// A file's counts.
    package init(
        file: String, bytes: Int, decodedBytes: Int, rowsRead: Int, rowsRejected: Int, valuesExcluded: Int,
        ignoredColumns: [String], valuesTrimmed: Int
    ) {
        self.file = file
        self.bytes = bytes
        self.decodedBytes = decodedBytes
        self.rowsRead = rowsRead
        self.rowsRejected = rowsRejected
        self.valuesExcluded = valuesExcluded
        self.ignoredColumns = ignoredColumns
        self.valuesTrimmed = valuesTrimmed
    }
}

/// What reading, cleaning and aggregating one input file produced.
package struct FileOutcome: Sendable {
    package var summary: FileSummary
    package var rejects: RejectLog
    package var state: AggregateState
    /// The hashes of the respondent ids kept (nil unless duplicates are rejected).
    package var ids: IDRuns?
    /// The rows whose speeder verdict waits for the run's threshold (see `SpeederDeferral`).
    package var deferred: DeferredRows?
    /// Seconds spent in each stage on this file.
    package var stages = RunMetrics.Stages()

    /// A file's outcome.
    package init(
        summary: FileSummary, rejects: RejectLog, state: AggregateState, ids: IDRuns?, deferred: DeferredRows? = nil,
        stages: RunMetrics.Stages = RunMetrics.Stages()
    ) {
        self.summary = summary
        self.rejects = rejects
        self.state = state
        self.ids = ids
        self.deferred = deferred
        self.stages = stages
    }
}
