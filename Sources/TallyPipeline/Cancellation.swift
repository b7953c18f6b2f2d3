import Dispatch
import Synchronization
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request to stop a run, set from a signal handler and checked by the workers
/// between batches and by the runner between stages.
public final class Cancellation: Sendable {
    private let signalNumber = Atomic<Int32>(0)

    public init() {}

    /// Asks the run to stop, recording the signal that asked.
    public func request(signal: Int32) {
        _ = signalNumber.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    }

    /// Whether a stop was requested.
    public var isRequested: Bool { signalNumber.load(ordering: .relaxed) != 0 }

    /// - Throws: `TallyError.interrupted` once a stop was requested.
    public func check() throws {
        let signal = signalNumber.load(ordering: .relaxed)
        if signal != 0 { throw TallyError.interrupted(signal: signal) }
    }

    /// Turns SIGINT and SIGTERM into a cancellation request: the run stops at its
    /// next check, removes its staging folder and exits with 128 + the signal. A
    /// second signal exits at once (the next run clears what is left). SIGPIPE and
    /// SIGXFSZ are ignored, so a closed pipe or a file-size limit becomes a write
    /// error with its errno rather than a silent death.
    /// - Returns: the signal sources, which must be kept alive for the run.
    public func installSignalHandlers() -> [DispatchSourceSignal] {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if isRequested { _exit(128 + number) }
                request(signal: number)
            }
            source.resume()
            return source
        }
    }
}
