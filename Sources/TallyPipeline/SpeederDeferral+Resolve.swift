import TallyAggregator
import TallyCleaner
import TallyModel
import TallySpill

extension SpeederDeferral {
    /// Completes a run read with deferral: folds every file's deferred rows into
    /// `merged` when that is exact, else reads all files again with the threshold known.
    /// - Parameters:
    ///   - jobs: the most files whose deferred rows are finished at once.
    ///   - reread: processes every file again with the given exact cleaner, without deferral.
    func resolve(
        _ merged: OrderedMerge.Merged, definition: PipelineDefinition, layout: ColumnLayout, plan: AggregationPlan,
        spools: [String], jobs: Int, reread: (Cleaner) throws -> OrderedMerge.Merged
    ) throws -> OrderedMerge.Merged {
        precondition(merged.deferred.count == merged.files.count, "one set of deferred rows per file")
        let durations = merged.deferred.reduce(into: DurationHistogram()) { $0.merge($1.durations) }
        let threshold = durations.threshold(for: rule)
        let cleaner = Cleaner(definition: definition, layout: layout, speederThreshold: threshold)
        let exact = merged.deferred.allSatisfy { threshold ?? -.infinity <= $0.smallestEarlyDuration }
        guard exact else { return try reread(cleaner) }
        // Each file's deferred rows are finished on their own, files at once; their
        // sums are added after every file's state, in file order.
        let finished = try Concurrently.run(
            merged.deferred.indices.map { index in
                { [spool = spools[index], name = merged.files[index].file, spill = merged.deferred[index].spill] in
                    try Self.finishDeferred(
                        spill: spill, of: name, spool: spool, cleaner: cleaner, layout: layout, plan: plan)
                }
            }, width: jobs)
        var result = merged
        for (index, (state, log)) in finished.enumerated() {
            result.state.merge(state)
            result.files[index].rowsRejected += log.rowsRejected
            result.files[index].valuesExcluded += log.valuesExcluded
            result.rejects[index].add(log)
        }
        return result
    }

    /// Cleans a file's deferred rows with the run's threshold known, adds up the
    /// rows kept, and writes their weights spool and rejects beside the file's.
    /// - Returns: the sums of the rows kept, and their rejects.
    private static func finishDeferred(
        spill: String, of name: String, spool spoolPath: String, cleaner: Cleaner, layout: ColumnLayout,
        plan: AggregationPlan
    ) throws -> (AggregateState, RejectLog) {
        var state = plan.makeState()
        let spool = try WeightsSpool(path: WeightsSpool.deferredPath(of: spoolPath))
        let rejects = try RejectSpill(path: spoolPath + ".deferred-rejects")
        let reader = try FrameSpill.Reader(path: spill)
        while var frame = try reader.next() {
            var batch = try frame.batch(layout: layout)
            guard frame.isAtEnd else { throw frame.damaged("bytes after a batch of deferred rows") }
            let lines = batch.lines
            cleaner.clean(&batch, fileName: name)
            let cells = plan.cellSpace.cells(of: batch)
            state.add(batch, cells: cells, plan: plan)
            let kept = Set(batch.lines)
            try spool.append(batch, cells: cells, markers: lines.filter { !kept.contains($0) })
            try rejects.append(FileProcessor.byLine(batch.rejects))
        }
        try spool.finish()
        // Deferred lines are distinct from the file's other lines: reading the
        // two parts interleaved by line puts every reject back in place.
        return (state, try rejects.finish())
    }
}
