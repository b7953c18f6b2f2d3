import Logging
import TallyAggregator
import TallyCleaner
import TallyModel
import TallySpill

/// The cleaning rules that need the whole run before a row can be decided
/// (respondents repeated across files, and speeders relative to the median
/// duration), settled in one step once every input has been read once.
///
/// The first reading of each file depends on that file alone: it rejects the
/// file's own repeated ids, keeps the ids it kept (`IDRuns`), and sets aside the
/// rows a relative speeder rule cannot decide yet (`SpeederDeferral`). Then
/// `settle` decides, once, what must be read again:
///
/// - nothing, in the common case (no file repeats an earlier file's respondents,
///   and the deferral held): the deferred rows are cleaned with the run's
///   threshold and folded in (`fold`), after every file's state, in file order;
/// - the files that repeat an earlier file's respondents, with those ids
///   rejected, read the way the first pass read them; then the deferred rows
///   are folded in as above;
/// - every file, with the threshold known and no deferral, when a file's first
///   durations misled its bound (`foldsDeferredRows` is false).
///
/// So no input is read more than twice. A single run adds the files' states up
/// as it reads, so it reads every file again when any must be; a merge holds
/// every file's state apart and reads again only those that must. Both add the
/// same states in the same order, so their sums are the same bytes.
package struct WholeRunRules: Sendable {
    /// What `settle` decided.
    package struct Settlement: Sendable {
        /// The run's speeder threshold in seconds (nil without a speeder rule).
        package var speederThreshold: Double?
        /// Per file index, the ids of earlier files it also holds, to reject in it;
        /// files without any are left out.
        package var repeats: [Int: Set<UInt64>]
        /// Whether every row aggregated in the first pass was cleaned as the run's
        /// threshold cleans it; if not, every file is read again with it known.
        package var foldsDeferredRows: Bool

        /// Whether a run that added the states up as it read reads every file again.
        package var readsEveryFileAgain: Bool { !repeats.isEmpty || !foldsDeferredRows }

        /// The files read again when every file's state is kept apart (a merge).
        package func filesReadAgain(of count: Int) -> Set<Int> {
            foldsDeferredRows ? Set(repeats.keys) : Set(0..<count)
        }
    }

    /// One file's deferred rows to clean and fold in, and where their results go.
    package struct DeferredFile: Sendable {
        /// The spill of the deferred rows (`DeferralTracker`).
        package var spill: String
        /// The input file, for rejects.
        package var name: String
        /// Where the weights of the rows kept go (the companion of the file's spool).
        package var spool: String
        /// Where their rejects go.
        package var rejects: String

        /// A file's deferred rows, with results written beside `spool`.
        package init(spill: String, name: String, spool: SpoolPaths) {
            self.spill = spill
            self.name = name
            self.spool = spool.deferredRows
            rejects = spool.deferredRows + "-rejects"
        }
    }

    /// The deferral of a relative speeder rule (nil when the threshold is known before reading).
    package let deferral: SpeederDeferral?
    package let definition: PipelineDefinition
    package let layout: ColumnLayout

    /// Whether respondents repeated across files are rejected.
    package var rejectsDuplicates: Bool { definition.cleaning.rejectDuplicates }

    /// The whole-run rules of a definition.
    package init(definition: PipelineDefinition, layout: ColumnLayout) {
        self.definition = definition
        self.layout = layout
        deferral = SpeederDeferral(definition: definition, layout: layout)
    }

    /// The cleaner of a first pass: the speeder rule's declared minimum only, when
    /// the rest is deferred.
    package var firstPassCleaner: Cleaner { Cleaner(definition: definition, layout: layout) }

    /// Decides what the first pass leaves to do.
    /// - Parameters:
    ///   - deferred: every file's deferred rows, in file order (empty without deferral).
    ///   - ids: every file's ids kept, in file order (empty when duplicates are not rejected).
    ///   - parts: how many merges of the ids run at once.
    package func settle(deferred: [DeferredRows], ids: [IDRuns], parts: Int) throws -> Settlement {
        var threshold = definition.cleaning.speeders?.minimumSeconds
        var folds = true
        if let deferral {
            let durations = deferred.reduce(into: DurationHistogram()) { $0.merge($1.durations) }
            threshold = durations.threshold(for: deferral.rule)
            folds = deferred.allSatisfy { threshold ?? -.infinity <= $0.smallestEarlyDuration }
        }
        let repeats = ids.isEmpty ? [:] : try CrossFileRepeats.find(in: ids, parts: max(parts, 1))
        return Settlement(speederThreshold: threshold, repeats: repeats, foldsDeferredRows: folds)
    }

    /// Logs why a settlement reads files again, and how many of them.
    /// - Parameter readAgain: how many of `files` are read again (every one in a
    ///   run, which adds states up as it reads; fewer in a merge).
    package func log(_ settlement: Settlement, files: [String], readAgain: Int, logger: Logger) {
        let reading = "reading \(readAgain) of \(files.count) files again"
        if !settlement.foldsDeferredRows {
            logger.info(
                "a file's first durations misled its speeder bound; \(reading) with the run's threshold known",
                metadata: ["threshold": "\(settlement.speederThreshold.map { "\($0)" } ?? "none")"])
        }
        if !settlement.repeats.isEmpty {
            logger.info(
                "files repeat respondents of earlier files; \(reading) with those rejected",
                metadata: ["files": "\(settlement.repeats.keys.sorted().map { files[$0] }.joined(separator: ", "))"])
        }
    }

    /// How files are read a second time: as the first pass read them when the
    /// deferral held, else with the run's threshold and no deferral.
    package func secondPass(_ settlement: Settlement) -> (cleaner: Cleaner, deferral: SpeederDeferral?) {
        guard settlement.foldsDeferredRows else {
            return (Cleaner(definition: definition, layout: layout, speederThreshold: settlement.speederThreshold), nil)
        }
        return (firstPassCleaner, deferral)
    }

    /// Cleans every file's deferred rows with the run's threshold and adds them to
    /// `merged`: each file's on its own, up to `jobs` at once, their sums added
    /// after every file's state, in file order.
    /// - Parameter files: per file in order, its deferred rows and where their results go.
    package func fold(
        _ files: [DeferredFile], into merged: inout OrderedMerge.Merged, settlement: Settlement,
        plan: AggregationPlan, jobs: Int
    ) throws {
        precondition(settlement.foldsDeferredRows && files.count == merged.files.count, "one spill per file")
        let cleaner = Cleaner(definition: definition, layout: layout, speederThreshold: settlement.speederThreshold)
        let finished = try Concurrently.run(
            files.map { [layout] file in
                { try Self.finish(file, cleaner: cleaner, layout: layout, plan: plan) }
            }, width: jobs)
        for (index, (state, log)) in finished.enumerated() {
            merged.state.merge(state)
            merged.files[index].rowsRejected += log.rowsRejected
            merged.files[index].valuesExcluded += log.valuesExcluded
            merged.rejects[index].add(log)
        }
    }

    /// Cleans a file's deferred rows with the run's threshold known, adds up the
    /// rows kept, and writes their weights spool and rejects.
    /// - Returns: the sums of the rows kept, and their rejects.
    private static func finish(
        _ file: DeferredFile, cleaner: Cleaner, layout: ColumnLayout, plan: AggregationPlan
    ) throws -> (AggregateState, RejectLog) {
        var state = plan.makeState()
        let spool = try WeightsSpool(path: file.spool)
        let rejects = try RejectSpill(path: file.rejects)
        let reader = try FrameSpill.Reader(path: file.spill)
        while var frame = try reader.next() {
            var batch = try frame.batch(layout: layout)
            guard frame.isAtEnd else { throw frame.damaged("bytes after a batch of deferred rows") }
            let lines = batch.lines
            cleaner.clean(&batch, fileName: file.name)
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
