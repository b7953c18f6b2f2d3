import TallyModel
import Testing

@testable import TallyPipeline

@Suite("Values handed over out of order, taken in order")
struct OrderedHandOffTests {
    @Test("the taker gets every value in index order while makers put them in reverse")
    func takenInOrder() throws {
        let handOff = OrderedHandOff<Int>(count: 6)
        let results = try Concurrently.run([
            { @Sendable () -> [Int] in
                (0..<6).map { handOff.take($0) ?? -1 }
            },
            { @Sendable () -> [Int] in
                for index in (0..<6).reversed() { handOff.put(index * 10, at: index) }
                handOff.close()
                return []
            },
        ])
        #expect(results[0] == [0, 10, 20, 30, 40, 50])
    }

    @Test("closing wakes a waiting taker: what was handed over is still taken, the rest is nil")
    func closingEndsTheWait() throws {
        let handOff = OrderedHandOff<String>(count: 3)
        let results = try Concurrently.run([
            { @Sendable () -> [String?] in
                (0..<3).map { handOff.take($0) }
            },
            { @Sendable () -> [String?] in
                handOff.put("first", at: 0)
                handOff.close()
                return []
            },
        ])
        #expect(results[0] == ["first", nil, nil])
    }
}
