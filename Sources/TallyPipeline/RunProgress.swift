import Synchronization

/// How far a run has got, updated by the workers after every batch and read by
/// whoever shows progress (the command line's progress line on a terminal).
public final class RunProgress: Sendable {
    /// A consistent reading of the counters.
    public struct Snapshot: Sendable, Equatable {
        public var filesDone: Int
        public var filesTotal: Int
        /// Compressed bytes read so far, and in all the run's files.
        public var bytesDone: Int
        public var bytesTotal: Int
        public var respondents: Int
    }

    private let counters = Mutex(Snapshot(filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, respondents: 0))

    public init() {}

    /// Sets the totals once the run knows its inputs.
    func start(files: Int, bytes: Int) {
        counters.withLock {
            $0 = Snapshot(filesDone: 0, filesTotal: files, bytesDone: 0, bytesTotal: bytes, respondents: 0)
        }
    }

    /// Adds a batch's compressed bytes and respondents.
    func advance(bytes: Int, respondents: Int) {
        counters.withLock {
            $0.bytesDone += bytes
            $0.respondents += respondents
        }
    }

    /// Counts a finished file.
    func finishFile() {
        counters.withLock { $0.filesDone += 1 }
    }

    /// The counters now.
    public var snapshot: Snapshot { counters.withLock { $0 } }
}
