import TallyModel

/// Interview durations counted per whole second, so the median duration of a
/// run is exact and per-file histograms merge by addition.
public struct DurationHistogram: Sendable, Equatable {
    /// Respondents per whole second of duration (durations are floored).
    public private(set) var counts: [Int] = []
    /// Respondents with a duration.
    public private(set) var total = 0

    public init() {}

    /// A histogram read back from storage: respondents per whole second.
    /// - Returns: nil when a count is negative.
    public init?(counts: [Int]) {
        guard counts.allSatisfy({ $0 >= 0 }) else { return nil }
        self.counts = counts
        total = counts.reduce(0, +)
    }

    /// Counts every non-missing, non-negative duration of a column.
    public mutating func add(_ durations: [Double]) {
        for duration in durations where !duration.isNaN && duration >= 0 {
            let second = Int(duration.rounded(.down))
            if second >= counts.count { counts += Array(repeating: 0, count: second - counts.count + 1) }
            counts[second] += 1
            total += 1
        }
    }

    /// Adds another histogram.
    public mutating func merge(_ other: DurationHistogram) {
        if other.counts.count > counts.count { counts += Array(repeating: 0, count: other.counts.count - counts.count) }
        for (second, count) in other.counts.enumerated() { counts[second] += count }
        total += other.total
    }

    /// The median duration in seconds (the mean of the two middle values for an
    /// even count), or nil without durations.
    public var median: Double? {
        guard total > 0 else { return nil }
        let lower = value(atRank: (total - 1) / 2)
        let upper = value(atRank: total / 2)
        return (Double(lower) + Double(upper)) / 2
    }

    /// The duration of the respondent at a 0-based rank in sorted order.
    private func value(atRank rank: Int) -> Int {
        var seen = 0
        for (second, count) in counts.enumerated() {
            seen += count
            if seen > rank { return second }
        }
        preconditionFailure("rank \(rank) beyond \(total) durations")
    }

    /// The speeder threshold of a rule: the larger of its absolute minimum and its
    /// fraction of this histogram's median.
    public func threshold(for rule: SpeederRule) -> Double? {
        let relative = rule.fractionOfMedian.flatMap { fraction in median.map { fraction * $0 } }
        switch (rule.minimumSeconds, relative) {
        case (let absolute?, let relative?): return max(absolute, relative)
        case (let absolute?, nil): return absolute
        case (nil, let relative?): return relative
        case (nil, nil): return nil
        }
    }
}
