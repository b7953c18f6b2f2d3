import Dispatch
import Synchronization

/// Runs independent jobs at once on Dispatch.
enum Concurrently {
    /// The jobs' results in the jobs' order, once all have ended; or the error of
    /// the first job, in that order, that failed.
    static func run<T: Sendable>(_ jobs: [@Sendable () throws -> T]) throws -> [T] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let result = Result { try jobs[index]() }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { results in try jobs.indices.map { try results[$0]!.get() } }
    }
}
