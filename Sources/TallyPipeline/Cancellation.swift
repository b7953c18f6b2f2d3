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
    private let cleanups = Mutex<(next: Int, actions: [Int: @Sendable () -> Void])>((0, [:]))

    /// How long a run may take to stop by itself after a signal before it is ended.
    static let gracePeriod = 0.75

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

    /// Runs `body` with `cleanup` registered: should the process be ended by a
    /// signal while `body` runs, `cleanup` runs first (it removes what the run
    /// was writing).
    func whileRunning<T>(cleanup: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        let key = cleanups.withLock { state in
            state.next += 1
            state.actions[state.next] = cleanup
            return state.next
        }
        defer { _ = cleanups.withLock { $0.actions.removeValue(forKey: key) } }
        return try body()
    }

    /// Runs the registered clean-ups, says why the run stopped, and ends the process
    /// with 128 + `signal`.
    private func end(signal: Int32, announce: @Sendable (TallyError) -> Void) -> Never {
        let actions = cleanups.withLock { $0.actions.sorted { $0.key > $1.key }.map(\.value) }
        for action in actions { action() }
        announce(.interrupted(signal: signal))
        _exit(128 + signal)
    }

    /// Turns SIGINT and SIGTERM into a cancellation request: the run stops at its
    /// next check, removes its staging folder and exits with 128 + the signal. A run
    /// that has not stopped within `gracePeriod` (blocked in a read, say), or a
    /// second signal, ends the process at once after removing what it was writing.
    /// SIGPIPE and SIGXFSZ are ignored, so a closed pipe or a file-size limit
    /// becomes a write error with its errno rather than a silent death.
    /// - Parameter announce: says the run stopped when the process is ended that way
    ///   (a run that stops by itself reports its own `TallyError.interrupted`).
    /// - Returns: the signal sources, which must be kept alive for the run.
    public func installSignalHandlers(
        announce: @escaping @Sendable (TallyError) -> Void = { _ in }
    ) -> [DispatchSourceSignal] {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if isRequested { end(signal: number, announce: announce) }
                request(signal: number)
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.gracePeriod) { [self] in
                    end(signal: number, announce: announce)
                }
            }
            source.resume()
            return source
        }
    }
}
