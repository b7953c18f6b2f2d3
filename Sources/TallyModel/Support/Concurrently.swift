import Dispatch
import Foundation
import Synchronization

/// Runs independent jobs at once, each on a thread of its own.
///
/// Not on `DispatchQueue.concurrentPerform`: Dispatch runs a `concurrentPerform`
/// called from inside another one on a single thread, so jobs nested in jobs
/// (the finish's writers inside its statistics job) ran one after the other.
package enum Concurrently {
    /// The jobs' results in the jobs' order, once all have ended; or the error of
    /// the first job, in that order, that failed.
    /// - Parameter width: the most jobs running at once (every job when nil); the
    ///   calling thread runs jobs too, and jobs start in order.
    package static func run<T: Sendable>(_ jobs: [@Sendable () throws -> T], width: Int? = nil) throws -> [T] {
        let results = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: jobs.count))
        let next = Mutex(0)
        @Sendable func work() {
            while true {
                let index = next.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard index < jobs.count else { return }
                let result = Result { try jobs[index]() }
                results.withLock { $0[index] = result }
            }
        }
        let helpers = max(min(width ?? jobs.count, jobs.count) - 1, 0)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<helpers {
            let thread = Thread {
                work()
                finished.signal()
            }
            // As much stack as the main thread has: jobs are whole phases of a run.
            thread.stackSize = 8 << 20
            thread.start()
        }
        work()
        for _ in 0..<helpers { finished.wait() }
        return try results.withLock { results in try results.map { try $0!.get() } }
    }
}
