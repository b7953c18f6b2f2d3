import TallyCleaner
import TallyModel
import TallyReader

/// The pass a relative speeder rule needs before cleaning: the median interview
/// duration of the whole run, from exact per-second histograms of every file
/// (read with only the duration column decoded).
enum SpeederPass {
    /// The run's speeder threshold in seconds, or nil when the definition has no speeder rule.
    static func threshold(files: [String], definition: PipelineDefinition, jobs: Int, batchSize: Int) throws -> Double?
    {
        guard let rule = definition.cleaning.speeders else { return nil }
        guard rule.fractionOfMedian != nil else { return rule.minimumSeconds }
        let histograms = try histograms(
            files: files, rule: rule, definition: definition, jobs: jobs, batchSize: batchSize)
        let whole = histograms.reduce(into: DurationHistogram()) { $0.merge($1) }
        return whole.threshold(for: rule)
    }

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
