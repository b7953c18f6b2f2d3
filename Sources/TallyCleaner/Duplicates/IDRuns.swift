import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sorted runs of respondent id hashes in a file on disk, each with a sparse index
/// in memory (one hash per block of `blockSize`), so a file's ids take a few bytes
/// of memory per thousand respondents: a hash is looked up by reading one block,
/// and all hashes are read back in order by merging the runs.
package final class IDRuns: @unchecked Sendable {
    /// Hashes per block: one read of 4 KiB per lookup in a run.
    static let blockSize = 512

    fileprivate struct Run {
        /// The run's first hash's offset in the file, in hashes.
        var start: Int
        var count: Int
        /// The first hash of every block.
        var firsts: [UInt64]

        /// The number of blocks whose first hash is at most `hash` (the last of them
        /// is the only one that may hold it).
        func blocks(startingAtMost hash: UInt64) -> Int {
            firsts.partitioningIndex { $0 > hash }
        }
    }

    /// The runs' file.
    let path: String
    private let descriptor: Int32
    private var runs: [Run] = []
    /// Hashes held, over all runs.
    private(set) var count = 0

    /// Creates (or empties) the runs' file.
    init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Runs in a new file at `path` holding hashes kept elsewhere (a partial
    /// result's), as one run.
    package static func written(sorted hashes: [UInt64], to path: String) throws -> IDRuns {
        let runs = try IDRuns(path: path)
        try runs.append(sorted: hashes)
        return runs
    }

    /// Appends a run of hashes in increasing order.
    func append(sorted hashes: [UInt64]) throws {
        guard !hashes.isEmpty else { return }
        #if _endian(big)
            let stored = hashes.map { $0.littleEndian }
        #else
            let stored = hashes
        #endif
        let bytes = stored.withUnsafeBytes { raw in pwrite(descriptor, raw.baseAddress, raw.count, off_t(8 * count)) }
        guard bytes == 8 * hashes.count else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        let firsts = stride(from: 0, to: hashes.count, by: Self.blockSize).map { hashes[$0] }
        runs.append(Run(start: count, count: hashes.count, firsts: firsts))
        count += hashes.count
    }

    /// Whether a run holds `hash`.
    func contains(_ hash: UInt64) throws -> Bool {
        var block = [UInt64](repeating: 0, count: Self.blockSize)
        for run in runs {
            let blocks = run.blocks(startingAtMost: hash)
            guard blocks > 0 else { continue }
            let first = (blocks - 1) * Self.blockSize
            let size = min(Self.blockSize, run.count - first)
            try read(&block, count: size, at: run.start + first)
            if block[..<size].sortedIndex(of: hash) != nil { return true }
        }
        return false
    }

    /// A reader of every run, each in increasing order.
    func cursors() -> [Cursor] {
        cursors(in: 0...UInt64.max)
    }

    /// A reader of every run's hashes within `hashes`, each in increasing order;
    /// a cursor starts at the last block whose first hash is at most the range's
    /// first (earlier blocks hold none of the range).
    func cursors(in hashes: ClosedRange<UInt64>) -> [Cursor] {
        runs.map { run in
            let skipped = max(run.blocks(startingAtMost: hashes.lowerBound) - 1, 0)
            return Cursor(runs: self, run: run, hashes: hashes, skipping: skipped * Self.blockSize)
        }
    }

    /// Every hash, in increasing order.
    package func sorted() throws -> [UInt64] {
        var all: [UInt64] = []
        all.reserveCapacity(count)
        for var cursor in cursors() {
            while let hash = try cursor.next() { all.append(hash) }
        }
        // Runs are each in order and few (one per `DuplicateFilter.runCapacity` ids).
        all.sort()
        return all
    }

    /// Reads `count` hashes from hash offset `offset` into `buffer`.
    fileprivate func read(_ buffer: inout [UInt64], count: Int, at offset: Int) throws {
        let bytes = buffer.withUnsafeMutableBytes { raw in
            pread(descriptor, raw.baseAddress, 8 * count, off_t(8 * offset))
        }
        guard bytes == 8 * count else {
            throw TallyError.badData(
                DataLocation(file: path), "cannot read back the respondent ids spilled by this run: \(bytes) bytes read"
            )
        }
        #if _endian(big)
            for index in 0..<count { buffer[index] = UInt64(littleEndian: buffer[index]) }
        #endif
    }

    /// Reads one run's hashes within a range in order, sixteen blocks at a time.
    struct Cursor {
        private let runs: IDRuns
        private let run: Run
        private let hashes: ClosedRange<UInt64>
        private var buffer = [UInt64](repeating: 0, count: IDRuns.blockSize * 16)
        private var filled = 0
        private var position = 0
        private var consumed: Int

        /// - Parameter skipping: the run's first hashes, all below `hashes`, left unread.
        fileprivate init(runs: IDRuns, run: Run, hashes: ClosedRange<UInt64>, skipping: Int) {
            self.runs = runs
            self.run = run
            self.hashes = hashes
            consumed = skipping
        }

        /// The run's next hash in the range; nil after the last.
        mutating func next() throws -> UInt64? {
            while true {
                if position == filled {
                    guard consumed < run.count else { return nil }
                    filled = min(buffer.count, run.count - consumed)
                    try runs.read(&buffer, count: filled, at: run.start + consumed)
                    consumed += filled
                    position = 0
                }
                let hash = buffer[position]
                position += 1
                if hash < hashes.lowerBound { continue }
                guard hash <= hashes.upperBound else {
                    // Every later hash is above the range too.
                    (filled, position, consumed) = (0, 0, run.count)
                    return nil
                }
                return hash
            }
        }
    }
}

/// A Bloom filter over id hashes (already well mixed): a hash never added is
/// usually said absent, one added is always said present.
///
/// Register-blocked: a hash's bits all lie in one 64-bit word (the word chosen by
/// the hash's top bits, four bits in it by its low bits), so that adding or looking
/// up a hash touches one word of memory, not one per bit. With 8 MiB of words and
/// at most a few million ids per file, about one lookup in a thousand of an absent
/// hash is a false alarm, which the runs on disk then settle.
struct HashBloomFilter {
    private var words: [UInt64]
    private let shift: UInt64

    /// A filter of `2^log2Bits` bits.
    init(log2Bits: Int) {
        precondition(log2Bits > 6 && log2Bits < 64, "a filter of more than one word")
        words = Array(repeating: 0, count: 1 << (log2Bits - 6))
        shift = UInt64(64 - (log2Bits - 6))
    }

    /// Adds a hash.
    mutating func insert(_ hash: UInt64) {
        words[word(hash)] |= Self.bits(hash)
    }

    /// Whether the hash may have been added.
    func mayContain(_ hash: UInt64) -> Bool {
        let bits = Self.bits(hash)
        return words[word(hash)] & bits == bits
    }

    /// Reads the word of every hash, as `IDHashSet.touch` reads slots: the misses of
    /// the lookups that follow overlap; the returned mix means nothing.
    func touch(_ hashes: [UInt64]) -> UInt64 {
        var mix: UInt64 = 0
        words.withUnsafeBufferPointer { words in
            for hash in hashes { mix ^= words[word(hash)] }
        }
        return mix
    }

    /// The word of a hash: its top bits.
    @inline(__always)
    private func word(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> shift)
    }

    /// The four bits of a hash in its word: its four lowest groups of six bits.
    @inline(__always)
    private static func bits(_ hash: UInt64) -> UInt64 {
        (1 &<< (hash & 63)) | (1 &<< (hash >> 6 & 63)) | (1 &<< (hash >> 12 & 63)) | (1 &<< (hash >> 18 & 63))
    }
}
