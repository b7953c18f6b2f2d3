import Foundation
import TallyAggregator
import TallyCleaner
import TallyModel
import TallyReader
import TallySpill
import TallyWriter

/// Runs the reader, the cleaner and the aggregator over one file, batch by batch,
/// so memory stays bounded by the batch size whatever the file's size.
package struct FileProcessor: Sendable {
    package let definition: PipelineDefinition
    let layout: ColumnLayout
    let plan: AggregationPlan
    package var cleaner: Cleaner
    let batchSize: Int
    /// Where the bytes and respondents read are counted as batches finish.
    package var progress: RunProgress? = nil
    /// Set when a relative speeder rule's rows are sorted out in this pass; `cleaner`
    /// then applies only the rule's declared minimum.
    package var deferral: SpeederDeferral?
    /// The decoder of gzip input.
    var inflater: Inflater = .zlib
    /// Whether each file is inflated on a thread of its own while it is decoded
    /// (for runs with fewer files than jobs, whose other cores would be idle).
    var prefetches = false

    /// The spill files a file's processing writes beside its weights spool: its
    /// rejects, its ids kept and its deferred rows.
    package static func spillFiles(of spoolPath: String) -> (rejects: String, ids: String, deferredRows: String) {
        (spoolPath + ".rejects", spoolPath + ".ids", spoolPath + ".deferred-rows")
    }

    /// Processes a file; `isCancelled` is checked between batches.
    /// - Parameters:
    ///   - spoolPath: where the respondents' cells, base weights and ids go, for the weights
    ///     file; the rejects, deferred rows and ids kept go beside it.
    ///   - earlierIDs: ids an earlier file holds; these rows are rejected as duplicates.
    package func process(
        file: String, index: Int, spoolPath: String, earlierIDs: Set<UInt64> = [], isCancelled: () -> Bool
    ) throws -> FileOutcome? {
        let reader = try RespondentReader(
            path: file, displayName: file, fileIndex: index, definition: definition, layout: layout,
            batchSize: batchSize, inflater: inflater, prefetch: prefetches)
        let spool = try WeightsSpool(path: spoolPath)
        let spills = Self.spillFiles(of: spoolPath)
        var duplicates =
            definition.cleaning.rejectDuplicates
            ? try DuplicateFilter(earlier: earlierIDs, spillPath: spills.ids) : nil
        var state = plan.makeState()
        let rejects = try RejectSpill(path: spills.rejects)
        var bytesCounted = 0
        var tracker = try deferral.map {
            try DeferralTracker(deferral: $0, layout: layout, spillPath: spills.deferredRows)
        }
        var stages = RunMetrics.Stages()
        var clock = Stopwatch()
        while var batch = try reader.nextBatch() {
            stages.read += clock.lap()
            if isCancelled() { return nil }
            progress?.advance(bytes: reader.compressedBytes - bytesCounted, respondents: batch.count)
            bytesCounted = reader.compressedBytes
            tracker?.observe(batch)
            try duplicates?.filter(&batch, fileName: file)
            let deferredLines = try tracker?.split(&batch) ?? []
            cleaner.clean(&batch, fileName: file)
            stages.clean += clock.lap()
            let cells = plan.cellSpace.cells(of: batch)
            state.add(batch, cells: cells, plan: plan)
            stages.aggregate += clock.lap()
            try spool.append(batch, cells: cells, markers: deferredLines)
            stages.spool += clock.lap()
            try rejects.append(Self.byLine(batch.rejects))
        }
        stages.read += clock.lap()
        stages.inflate = reader.inflateSeconds
        try spool.finish()
        let log = try rejects.finish()
        let ids = try duplicates.map { filter in
            var filter = filter
            return try filter.finish()
        }
        let bytes = InputFiles.size(of: file) ?? reader.compressedBytes
        var summary = FileSummary(
            file: file, bytes: bytes, decodedBytes: reader.decodedBytes, rowsRead: reader.rowsRead,
            rowsRejected: log.rowsRejected, valuesExcluded: log.valuesExcluded, ignoredColumns: reader.ignoredColumns,
            valuesTrimmed: reader.valuesTrimmed)
        summary.sha256 = reader.sha256
        return FileOutcome(
            summary: summary, rejects: log, state: state, ids: ids,
            deferred: try tracker?.finish(), stages: stages)
    }

    /// A batch's rejects in line order; those of one line keep the order the stages
    /// found them in (the reader's first).
    static func byLine(_ rejects: [Reject]) -> [Reject] {
        rejects.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// A processor of a definition's files.
    package init(
        definition: PipelineDefinition, layout: ColumnLayout, plan: AggregationPlan, cleaner: Cleaner, batchSize: Int,
        progress: RunProgress? = nil, deferral: SpeederDeferral? = nil, inflater: Inflater = .zlib,
        prefetches: Bool = false
    ) {
        self.definition = definition
        self.layout = layout
        self.plan = plan
        self.cleaner = cleaner
        self.batchSize = batchSize
        self.progress = progress
        self.deferral = deferral
        self.inflater = inflater
        self.prefetches = prefetches
    }
}
