import Dispatch
import Foundation
import Synchronization
import TallyModel
import Testing

@Suite("Jobs run at once")
struct ConcurrentlyTests {
    private struct Failure: Error, Equatable {
        let job: Int
    }

    @Test("results come in the jobs' order, and the first failing job's error is thrown")
    func orderAndErrors() throws {
        let jobs = (0..<7).map { index -> @Sendable () throws -> Int in { index * index } }
        #expect(try Concurrently.run(jobs) == [0, 1, 4, 9, 16, 25, 36])
        #expect(try Concurrently.run(jobs, width: 2) == [0, 1, 4, 9, 16, 25, 36])
        let failing = (0..<5).map { index -> @Sendable () throws -> Int in
            {
                if index == 1 || index == 3 { throw Failure(job: index) }
                return index
            }
        }
        #expect(throws: Failure(job: 1)) { try Concurrently.run(failing, width: 3) }
    }

    @Test("jobs nested in a job run at once: two inner jobs that wait for each other both finish")
    func nestedJobsMeet() throws {
        // Run one after the other (as Dispatch runs a nested concurrentPerform), each
        // inner job would wait out its timeout for the other's signal.
        let outer = (0..<2).map { _ -> @Sendable () throws -> [Bool] in
            {
                let (first, second) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
                return try Concurrently.run([
                    {
                        first.signal()
                        return second.wait(timeout: .now() + 30) == .success
                    },
                    {
                        second.signal()
                        return first.wait(timeout: .now() + 30) == .success
                    },
                ])
            }
        }
        #expect(try Concurrently.run(outer) == [[true, true], [true, true]])
    }

    @Test("no more jobs run at once than the width allows", arguments: [1, 2, 3])
    func width(width: Int) throws {
        let running = Mutex((now: 0, most: 0))
        let jobs = (0..<9).map { _ -> @Sendable () throws -> Void in
            {
                running.withLock {
                    $0.now += 1; $0.most = max($0.most, $0.now)
                }
                // Long enough for the other threads to start their jobs if they may.
                usleep(2_000)
                running.withLock { $0.now -= 1 }
            }
        }
        _ = try Concurrently.run(jobs, width: width)
        #expect(running.withLock { $0.most } <= width)
    }
}
