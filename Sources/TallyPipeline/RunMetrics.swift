import Dispatch
import TallyWriter

/// A monotonic clock read in laps, for the run's metrics.
package struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds

    /// A clock whose first lap starts now.
    package init() {}

    /// Seconds since the last lap (or the start), starting a new lap.
    package mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}

extension RunMetrics {
    /// Takes the stage times, bytes and respondents from the merged files, the
    /// table cells from the files written, and the peak memory now.
    mutating func record(_ merged: OrderedMerge.Merged, outputs: [WrittenFile]) {
        stages = merged.stages
        compressedBytes = merged.files.reduce(0) { $0 + $1.bytes }
        uncompressedBytes = merged.files.reduce(0) { $0 + $1.decodedBytes }
        respondents = merged.files.reduce(0) { $0 + $1.rowsRead }
        tableCells = outputs.filter { $0.path.hasPrefix("tables/") }.reduce(0) { $0 + $1.rows }
        peakRSSBytes = Self.peakResidentBytes()
        phases.total =
            phases.setup + phases.readAggregate + phases.wholeRunRules + phases.weighting + phases.statistics
            + phases.writing
    }
}
