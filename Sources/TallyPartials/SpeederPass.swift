import TallyCleaner
import TallyModel
import TallyPipeline
import TallyReader

/// The pass `tally durations` makes for partial runs of a relative speeder rule:
/// exact per-second histograms of every file's interview durations (read with
/// only the duration column decoded), from which each partial takes the median of
/// the whole run. A single run needs none: it defers the rows the threshold could
/// change (`SpeederDeferral`).
enum SpeederPass {
    /// The duration histogram of every file, in file order.
    static func histograms(
        files: [String], rule: SpeederRule, definition: PipelineDefinition, jobs: Int, batchSize: Int
    ) throws -> [DurationHistogram] {
        guard let durationField = definition.field(named: rule.field) else {
            preconditionFailure("validated definition names unknown duration field '\(rule.field)'")
        }
        var durationOnly = definition
        durationOnly.fields = [durationField]
        let reduced = durationOnly
        let layout = ColumnLayout(fields: reduced.fields)
        let counts = files.indices.map { index -> @Sendable () throws -> DurationHistogram in
            {
                let file = files[index]
                do {
                    let reader = try RespondentReader(
                        path: file, displayName: file, fileIndex: index, definition: reduced, layout: layout,
                        batchSize: batchSize)
                    var histogram = DurationHistogram()
                    while let batch = try reader.nextBatch() { histogram.add(batch.numeric[0]) }
                    return histogram
                } catch let error as TallyError {
                    throw error
                } catch {
                    throw TallyError.badData(DataLocation(file: file), "\(error)")
                }
            }
        }
        return try Concurrently.run(counts, width: jobs)
    }
}
