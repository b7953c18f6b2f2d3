#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a run spent its time and how much it moved, for `tally bench` and for
/// whoever schedules runs.
///
/// Stage times are summed over the workers (so with two jobs they can add up to
/// about twice the phase's wall time); each is measured once per batch with a
/// monotonic clock, never per row. Phase times are wall times of the run's steps,
/// one after another. Times vary from run to run; the manifest's other contents
/// do not.
public struct RunMetrics: Sendable, Codable, Equatable {
    /// Seconds spent in each stage of the read phase, summed over workers.
    public struct Stages: Sendable, Codable, Equatable {
        /// Inflating and scanning the files into batches (`RespondentReader.nextBatch`).
        public var read: Double = 0
        /// Of `read`: reading, hashing and inflating the files' bytes (with prefetch,
        /// waiting for them); the rest of `read` is scanning and decoding the CSV.
        public var inflate: Double = 0
        /// Duplicate filtering, derived fields and the quality rules.
        public var clean: Double = 0
        /// Weighting cells and the crosstab sums.
        public var aggregate: Double = 0
        /// Writing each respondent's cell, base weight and id for the weights file.
        public var spool: Double = 0

        /// No time in any stage.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case read, inflate, clean, aggregate, spool
        }

        /// Reads the stages of a manifest, older ones (without `inflate`) too.
        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            read = try values.decode(Double.self, forKey: .read)
            inflate = try values.decodeIfPresent(Double.self, forKey: .inflate) ?? 0
            clean = try values.decode(Double.self, forKey: .clean)
            aggregate = try values.decode(Double.self, forKey: .aggregate)
            spool = try values.decode(Double.self, forKey: .spool)
        }

        /// Adds another worker's (or file's) stage times.
        public static func += (total: inout Stages, other: Stages) {
            total.read += other.read
            total.inflate += other.inflate
            total.clean += other.clean
            total.aggregate += other.aggregate
            total.spool += other.spool
        }
    }

    /// Wall seconds of each phase of the run, in the order they run.
    public struct Phases: Sendable, Codable, Equatable {
        /// Loading the definition, listing the inputs (hashing them only for
        /// `--skip-unchanged-since`: a run hashes each input as it reads it), taking the lock.
        public var setup: Double = 0
        /// Reading, cleaning and aggregating every file once, and merging the partial sums.
        public var readAggregate: Double = 0
        /// Settling the whole-run cleaning rules: reading again the files they ask
        /// for, and folding in the rows a relative speeder rule deferred (0 when
        /// there is nothing to do).
        public var wholeRunRules: Double = 0
        /// Raking (or base weights) on the table of weighting cells.
        public var weighting: Double = 0
        /// Finishing the statistics of every table with its column tests, and making
        /// each table's lines of the table and difference files and its tab book sheet.
        public var statistics: Double = 0
        /// Joining and writing the tables and differences, the audit, and whichever of the
        /// weights, rejects and tab book files (written since the statistics began) are
        /// not done yet; then the manifest, and publishing.
        public var writing: Double = 0
        /// The whole run, from loading the definition to publishing: the sum of the phases.
        public var total: Double = 0

        /// No time in any phase.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case setup, readAggregate, wholeRunRules, weighting, statistics, writing, total
            /// The name of `wholeRunRules` in older manifests.
            case speederRule
        }

        /// Reads the phases of a manifest, older ones (`speeder_rule`) too.
        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            setup = try values.decode(Double.self, forKey: .setup)
            readAggregate = try values.decode(Double.self, forKey: .readAggregate)
            wholeRunRules =
                try values.decodeIfPresent(Double.self, forKey: .wholeRunRules)
                ?? values.decode(Double.self, forKey: .speederRule)
            weighting = try values.decode(Double.self, forKey: .weighting)
            statistics = try values.decode(Double.self, forKey: .statistics)
            writing = try values.decode(Double.self, forKey: .writing)
            total = try values.decode(Double.self, forKey: .total)
        }

        /// Writes the phases under their current names.
        public func encode(to encoder: any Encoder) throws {
            var values = encoder.container(keyedBy: CodingKeys.self)
            try values.encode(setup, forKey: .setup)
            try values.encode(readAggregate, forKey: .readAggregate)
            try values.encode(wholeRunRules, forKey: .wholeRunRules)
            try values.encode(weighting, forKey: .weighting)
            try values.encode(statistics, forKey: .statistics)
            try values.encode(writing, forKey: .writing)
            try values.encode(total, forKey: .total)
        }
    }

    /// Stage times of the read phase.
    public var stages = Stages()
    /// Wall times of the phases.
    public var phases = Phases()
    /// Bytes of the input files as stored (compressed for gzip files).
    public var compressedBytes = 0
    /// Bytes of CSV after decompression.
    public var uncompressedBytes = 0
    /// Data rows read from the input files, rejected ones included.
    public var respondents = 0
    /// Table cells written: the rows of every `tables/` file (one statistic of one answer in one column each).
    public var tableCells = 0
    /// The process's peak resident memory so far, in bytes (`getrusage`'s `ru_maxrss`).
    public var peakRSSBytes = 0

    /// Empty metrics, filled in as a run goes.
    public init() {}

    /// `peak_rss_bytes` (an acronym) as `JSONFile.decoder` reads it back.
    enum CodingKeys: String, CodingKey {
        case stages, phases, compressedBytes, uncompressedBytes, respondents, tableCells
        case peakRSSBytes = "peakRssBytes"
    }

    /// The peak resident memory of this process so far, in bytes.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Int(usage.ru_maxrss)
        #else
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return Int(usage.ru_maxrss) * 1024
        #endif
    }
}
