import TallyAggregator
import TallyCleaner
import TallyModel
import TallySpill
import TallyWriter

/// The counts a run reports for one input file.
struct FileSummary: Sendable {
    var file: String
    var bytes: Int
    /// Bytes of CSV after decompression.
    var decodedBytes: Int
    var rowsRead: Int
    var rowsRejected: Int
    var valuesExcluded: Int
    var ignoredColumns: [String]
}

/// What reading, cleaning and aggregating one input file produced.
struct FileOutcome: Sendable {
    var summary: FileSummary
    var rejects: RejectLog
    var state: AggregateState
    /// The hashes of the respondent ids kept (none unless duplicates are checked).
    var ids: FileIDs
    /// The rows whose speeder verdict waits for the run's threshold (see `SpeederDeferral`).
    var deferred: DeferredRows?
    /// The sorted hashes of the ids rejected because an earlier file holds them
    /// (empty on a first pass).
    var earlierIDs: [UInt64] = []
    /// Seconds spent in each stage on this file.
    var stages = RunMetrics.Stages()
}
