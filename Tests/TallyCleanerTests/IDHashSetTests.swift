import Testing

@testable import TallyCleaner

/// The duplicate check's hash set, against the standard library's `Set` on the same inserts.
@Suite("Id hash set")
struct IDHashSetTests {
    @Test(
        "inserts report new and repeated hashes as Set does, through growth, zero and colliding slots included",
        arguments: [nil, 100_000] as [Int?])
    func sameAsSet(capacity: Int?) {
        // Grown from the smallest size, or made with room for every hash at once.
        var set = capacity.map { IDHashSet(capacity: $0) } ?? IDHashSet()
        var reference = Set<UInt64>()
        var state: UInt64 = 99
        var values: [UInt64] = [0, 0, 1, 1 << 63, (1 << 63) + 1, UInt64.max]
        for _ in 0..<60_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Repeats (a small range of values) and equal top bits (same first slot) on purpose.
            values.append(state % 3 == 0 ? state >> 50 : state & 0xFFFF_0000_0000_FFFF)
        }
        var disagreements = 0
        for value in values where set.insert(value) != reference.insert(value).inserted { disagreements += 1 }
        #expect(disagreements == 0)
        #expect(set.count == reference.count)
        #expect(set.sorted == reference.sorted())
    }
}
