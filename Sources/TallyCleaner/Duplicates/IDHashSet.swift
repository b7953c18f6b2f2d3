/// A set of respondent id hashes (`RespondentIDs.hash`, already well mixed), for the
/// duplicate check: open addressing with linear probing, the hash's top bits as
/// the first slot, at most half full. Several times cheaper per insert than
/// `Set<UInt64>`, which hashes its elements again.
struct IDHashSet {
    /// The hashes held; 0 marks an empty slot (a hash of 0 is kept in `holdsZero`).
    private var slots: [UInt64]
    private var holdsZero = false
    private var shift: UInt64
    /// The number of hashes held.
    private(set) var count = 0

    /// A set with room for `capacity` hashes before it first grows (growing places
    /// every hash again, which costs more than the inserts themselves when a set
    /// grows from small to hundreds of thousands).
    init(capacity: Int = 1 << 11) {
        var log2Slots = 12
        while 1 << log2Slots < 2 * capacity { log2Slots += 1 }
        slots = Array(repeating: 0, count: 1 << log2Slots)
        shift = UInt64(64 - log2Slots)
    }

    /// Adds a hash; false when it was already held.
    mutating func insert(_ hash: UInt64) -> Bool {
        if hash == 0 {
            guard !holdsZero else { return false }
            holdsZero = true
            count += 1
            return true
        }
        if 2 * (count + 1) > slots.count { grow() }
        if place(hash) {
            count += 1
            return true
        }
        return false
    }

    /// Reads the first slot of every hash, without a dependency between the reads, so
    /// that the memory they miss is fetched for all of them at once and the inserts
    /// that follow find it in cache; the returned mix of the slots means nothing.
    func touch(_ hashes: [UInt64]) -> UInt64 {
        var mix: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { mix ^= slots[Int(truncatingIfNeeded: hash >> shift)] }
        }
        return mix
    }

    /// Empties the set, keeping its slots.
    mutating func removeAll() {
        for index in slots.indices { slots[index] = 0 }
        holdsZero = false
        count = 0
    }

    /// The hashes held, in increasing order.
    var sorted: [UInt64] {
        var all = slots.filter { $0 != 0 }
        if holdsZero { all.append(0) }
        all.sort()
        return all
    }

    /// Puts a non-zero hash in its slot; false when it is there already.
    private mutating func place(_ hash: UInt64) -> Bool {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash >> shift)
        while true {
            let held = slots[index]
            if held == 0 {
                slots[index] = hash
                return true
            }
            if held == hash { return false }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        shift -= 1
        for hash in old where hash != 0 { _ = place(hash) }
    }
}
