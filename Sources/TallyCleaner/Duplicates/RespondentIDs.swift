import TallyModel

/// Respondent ids as 64-bit hashes (FNV-1a, then a SplitMix64 finaliser to spread
/// the bits), for finding duplicates across the files of a run without keeping the
/// ids' text. Two different ids share a hash with probability about n² / 2⁶⁵
/// (1 in 100,000 for 20 million respondents).
package enum RespondentIDs {
    /// The hash of one id's bytes.
    package static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }

    /// The hashes of every row of a batch.
    static func hashes(of batch: ColumnBatch) -> [UInt64] {
        (0..<batch.count).map { row in
            hash(batch.idBytes[(row == 0 ? 0 : batch.idEnds[row - 1])..<batch.idEnds[row]])
        }
    }

    /// The values two sorted arrays share.
    package static func intersection(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var shared: [UInt64] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                shared.append(a[i])
                i += 1
                j += 1
            }
        }
        return shared
    }

    /// The sorted union of two sorted arrays without repeats.
    package static func union(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var merged: [UInt64] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                merged.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                merged.append(b[j])
                j += 1
            } else {
                merged.append(a[i])
                i += 1
                j += 1
            }
        }
        return merged
    }
}

/// Finds duplicate respondents within a file as its batches go by, and those whose
/// id an earlier file already holds (when known), rejecting all but the first.
///
/// Memory stays flat whatever the file's size: the ids kept are held in a hash set
/// of at most `runCapacity` ids (8 MiB); a full set is written out as a sorted run
/// (see `IDRuns`) and remembered in a Bloom filter (8 MiB), and only an id the
/// filter may hold is looked up on disk.
package struct DuplicateFilter {
    /// Ids from earlier files found in this one (empty on a first pass).
    let earlier: Set<UInt64>
    /// Ids held in memory before they are written out as a run.
    let runCapacity: Int
    private var seen: IDHashSet
    /// The mix the `touch` calls return, kept so that their reads are not optimized away.
    private var touched: UInt64 = 0
    private let runs: IDRuns
    /// The ids written out so far, once there are any.
    private var written: HashBloomFilter?

    /// - Parameter spillPath: where the runs of ids go.
    package init(earlier: Set<UInt64>, spillPath: String, runCapacity: Int = 1 << 19) throws {
        self.earlier = earlier
        self.runCapacity = runCapacity
        seen = IDHashSet(capacity: runCapacity)
        runs = try IDRuns(path: spillPath)
    }

    /// Rejects the batch's duplicate rows (rule `duplicate_id`) and removes them.
    package mutating func filter(_ batch: inout ColumnBatch, fileName: String) throws {
        let hashes = RespondentIDs.hashes(of: batch)
        touched ^= seen.touch(hashes) ^ (written?.touch(hashes) ?? 0)
        var keep = Array(repeating: true, count: batch.count)
        for (row, hash) in hashes.enumerated() {
            let inEarlierFile = earlier.contains(hash)
            if !inEarlierFile, try !isWritten(hash), seen.insert(hash) {
                if seen.count == runCapacity { try writeRun() }
                continue
            }
            keep[row] = false
            let id = batch.id(at: row)
            batch.rejects.append(
                Reject(
                    file: fileName, line: batch.lines[row], respondentID: id, rule: "duplicate_id", field: "",
                    rawValue: id, action: .rowRejected,
                    reason:
                        "respondent id '\(id)' was already seen \(inEarlierFile ? "in an earlier file" : "earlier in this file"); the first is kept"
                ))
        }
        batch.keepRows(keep)
    }

    /// Writes out the ids still in memory; the runs of every id kept.
    package mutating func finish() throws -> IDRuns {
        try runs.append(sorted: seen.sorted)
        seen = IDHashSet()
        return runs
    }

    private func isWritten(_ hash: UInt64) throws -> Bool {
        guard let written, written.mayContain(hash) else { return false }
        return try runs.contains(hash)
    }

    private mutating func writeRun() throws {
        let sorted = seen.sorted
        try runs.append(sorted: sorted)
        if written == nil { written = HashBloomFilter(log2Bits: 26) }
        for hash in sorted { written!.insert(hash) }
        seen.removeAll()
    }
}
