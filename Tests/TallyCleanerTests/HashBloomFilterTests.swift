import Foundation
import TallyTestSupport
import Testing

@testable import TallyCleaner

/// The Bloom filter of ids written out: never a false absence, and false alarms at
/// the rate a register-blocked filter of its load has.
@Suite("Hash Bloom filter")
struct HashBloomFilterTests {
    /// Well-mixed hashes, as `RespondentIDs.hash` gives.
    static func hashes(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SplitMix(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }

    @Test("Every hash added is said present; absent hashes rarely are")
    func presentAndAbsent() {
        // 2^20 bits in 16,384 words, 40,000 hashes: about 2.44 a word.
        var filter = HashBloomFilter(log2Bits: 20)
        let added = Self.hashes(40_000, seed: 1)
        for hash in added { filter.insert(hash) }
        #expect(added.allSatisfy(filter.mayContain))
        let absent = Self.hashes(200_000, seed: 2)
        let alarms = absent.filter(filter.mayContain).count
        // Worked out independently of the code: a word holds k ~ Poisson(2.44) hashes of 4
        // bits each, so a bit is set with probability 1 - (1 - 1/64)^(4k), and an absent
        // hash's 4 bits (at most 4 distinct) are all set with about that to the 4th:
        // the mean over k of (1 - (63/64)^(4k))^4 is 1.4e-3.
        let expected = (0..<40).reduce(0.0) { sum, k in
            let poisson = exp(-2.44) * pow(2.44, Double(k)) / tgamma(Double(k + 1))
            return sum + poisson * pow(1 - pow(63.0 / 64, 4 * Double(k)), 4)
        }
        #expect(expected > 5e-4 && expected < 2e-3)
        #expect(Double(alarms) / Double(absent.count) < 2 * expected, "\(alarms) false alarms")
        #expect(!HashBloomFilter(log2Bits: 20).mayContain(added[0]))
    }
}
