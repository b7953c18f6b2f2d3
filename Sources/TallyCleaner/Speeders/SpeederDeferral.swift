import TallyModel
import TallySpill

/// A relative speeder rule (`fraction_of_median`) applied in the same pass that
/// reads, cleans and aggregates, instead of a first pass over every file for the
/// median duration.
///
/// The rule rejects a respondent whose duration is below the run's threshold
/// `T = max(min_seconds, fraction × median)`, and the median is known only once
/// every file has been read. Each file is therefore read once, and its rows go
/// one of two ways:
///
/// - Rows whose verdict cannot depend on `T` are cleaned (with the declared
///   minimum as the threshold, which never fires on them) and aggregated at once:
///   rows without a duration, and rows whose duration is at least the file's
///   bound `B`.
/// - The others, the *deferred* rows, are set aside as decoded rows with their
///   reader rejects, in a spill file beside the weights spool (memory stays flat): every row with a duration below `B`, and every row with a
///   duration up to and including the `sampleSize`-th duration of the file
///   (`B` is not known before that).
///
/// `B` is `max(min_seconds, margin × fraction × m)`, `m` being the median of the
/// file's first `sampleSize` durations; it depends on the file's content only,
/// never on batch sizes, workers or other files. Every file also counts its
/// durations per second (`DurationHistogram`, the rows the reader kept, as the
/// rule has always counted them), so the exact median and `T` are known once
/// all files are read.
///
/// Then, when `T` is at most the smallest duration among the rows of every file
/// that were not deferred, no row aggregated early is a speeder, and the early
/// rows were cleaned exactly as the final threshold would have cleaned them. The
/// deferred rows are then cleaned with `T` and added to the merged state file by
/// file in input order, each file's rows in line order, after the states of all
/// files: a fixed order, so sums are identical for every `--jobs` value and for
/// a merge of partial results, which keep each file's deferred rows. Their
/// rejects are put back in line order and their weights back in their places in
/// the weights file (the spool holds a marker where each deferred row was).
///
/// Otherwise (a file whose early durations misled its bound) the run reads every
/// file again with `T` known, as a run without deferral would: exact, only slower.
/// The rows are sorted here (`DeferralTracker`); whether they are folded in or
/// every file is read again is settled with the other whole-run rule, duplicates
/// across files (`WholeRunRules`, in TallyPipeline).
package struct SpeederDeferral: Sendable {
    /// The durations sampled from the start of each file to set its bound.
    static let sampleSize = 1000
    /// How far above the sample's relative threshold the bound is set.
    static let margin = 1.25

    package let rule: SpeederRule
    let fraction: Double
    let durationSlot: Int

    /// The deferral of a definition's speeder rule, or nil when the rule has no
    /// relative part (then its threshold is known before reading).
    package init?(definition: PipelineDefinition, layout: ColumnLayout) {
        guard let rule = definition.cleaning.speeders, let fraction = rule.fractionOfMedian else { return nil }
        guard case .numeric(let slot)? = layout.slot(of: rule.field) else {
            preconditionFailure("validated definition has a non-numeric speeder duration '\(rule.field)'")
        }
        self.rule = rule
        self.fraction = fraction
        durationSlot = slot
    }

    /// The bound of a file whose first durations have this median.
    func bound(sampleMedian: Double) -> Double {
        max(rule.minimumSeconds ?? -.infinity, SpeederDeferral.margin * fraction * sampleMedian)
    }
}

/// One file's deferred rows and what decides whether folding them in is exact.
package struct DeferredRows: Sendable {
    /// The spill file of the deferred rows: batches in line order, with their reader rejects.
    package var spill: String
    /// The file's durations, every row the reader kept.
    package var durations: DurationHistogram
    /// The smallest duration of a row aggregated early (infinity when none).
    package var smallestEarlyDuration: Double

    /// A file's deferred rows, as a first pass left them.
    package init(spill: String, durations: DurationHistogram, smallestEarlyDuration: Double) {
        self.spill = spill
        self.durations = durations
        self.smallestEarlyDuration = smallestEarlyDuration
    }
}

/// Sorts one file's rows, batch by batch, into those aggregated early and those deferred.
package struct DeferralTracker {
    private let deferral: SpeederDeferral
    private var sample: [Double] = []
    /// The line of the row that completed the sample; rows up to it are deferred.
    private var sampleEndLine = Int.max
    private var bound = Double.infinity
    private var deferred: DeferredRows
    private let layout: ColumnLayout
    private let spill: FrameSpill

    /// - Parameter spillPath: where the deferred rows go.
    package init(deferral: SpeederDeferral, layout: ColumnLayout, spillPath: String) throws {
        self.deferral = deferral
        self.layout = layout
        spill = try FrameSpill(path: spillPath)
        deferred = DeferredRows(spill: spillPath, durations: DurationHistogram(), smallestEarlyDuration: .infinity)
        sample.reserveCapacity(SpeederDeferral.sampleSize)
    }

    /// Counts the durations of a batch as the reader produced it (before any row is removed).
    package mutating func observe(_ batch: ColumnBatch) {
        let durations = batch.numeric[deferral.durationSlot]
        deferred.durations.add(durations)
        guard sample.count < SpeederDeferral.sampleSize else { return }
        for row in 0..<batch.count where !durations[row].isNaN && durations[row] >= 0 {
            sample.append(durations[row])
            if sample.count == SpeederDeferral.sampleSize {
                sampleEndLine = batch.lines[row]
                sample.sort()
                let median = (sample[(sample.count - 1) / 2] + sample[sample.count / 2]) / 2
                bound = deferral.bound(sampleMedian: median)
                return
            }
        }
    }

    /// Moves the rows whose verdict waits for the run's threshold, with their
    /// rejects, out of `batch`.
    /// - Returns: the lines of the rows moved, in order.
    package mutating func split(_ batch: inout ColumnBatch) throws -> [Int] {
        let durations = batch.numeric[deferral.durationSlot]
        var keep = Array(repeating: true, count: batch.count)
        var lines: [Int] = []
        var moved = ColumnBatch(layout: layout, fileIndex: batch.fileIndex, capacity: 0)
        for row in 0..<batch.count {
            let duration = durations[row]
            if duration.isNaN { continue }
            if batch.lines[row] > sampleEndLine && duration >= bound {
                deferred.smallestEarlyDuration = min(deferred.smallestEarlyDuration, duration)
                continue
            }
            keep[row] = false
            lines.append(batch.lines[row])
            moved.appendRow(row, of: batch)
        }
        guard !lines.isEmpty else { return [] }
        let movedLines = Set(lines)
        moved.rejects = batch.rejects.filter { movedLines.contains($0.line) }
        batch.rejects.removeAll { movedLines.contains($0.line) }
        batch.keepRows(keep)
        var frame = BinaryWriter()
        frame.batch(moved)
        try spill.append(frame)
        return lines
    }

    /// Closes the spill; the file's deferred rows and durations.
    package func finish() throws -> DeferredRows {
        try spill.finish()
        return deferred
    }
}

extension ColumnBatch {
    /// Appends a copy of a row of another batch of the same layout (rejects are not copied).
    mutating func appendRow(_ row: Int, of other: ColumnBatch) {
        let start = row == 0 ? 0 : other.idEnds[row - 1]
        appendEmptyRow(line: other.lines[row], id: other.idBytes[start..<other.idEnds[row]])
        let last = count - 1
        baseWeights[last] = other.baseWeights[row]
        for slot in categorical.indices { categorical[slot][last] = other.categorical[slot][row] }
        for slot in numeric.indices { numeric[slot][last] = other.numeric[slot][row] }
        for slot in mentioned.indices {
            mentioned[slot][last] = other.mentioned[slot][row]
            answered[slot][last] = other.answered[slot][row]
        }
    }
}
