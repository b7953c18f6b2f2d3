import TallyModel

/// Respondent ids as 64-bit hashes (FNV-1a, then a SplitMix64 finaliser to spread
/// the bits), for finding duplicates across the files of a run without keeping the
/// ids' text. Two different ids share a hash with probability about n² / 2⁶⁵
/// (1 in 100,000 for 20 million respondents).
enum RespondentIDs {
    /// The hash of one id's bytes.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
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
    static func intersection(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
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
    static func union(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
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
struct DuplicateFilter {
    /// Ids from earlier files found in this one (empty on a first pass).
    let earlier: Set<UInt64>
    private var seen = IDHashSet()

    init(earlier: Set<UInt64>) {
        self.earlier = earlier
    }

    /// Rejects the batch's duplicate rows (rule `duplicate_id`) and removes them.
    mutating func filter(_ batch: inout ColumnBatch, fileName: String) {
        let hashes = RespondentIDs.hashes(of: batch)
        var keep = Array(repeating: true, count: batch.count)
        for (row, hash) in hashes.enumerated() {
            let inEarlierFile = earlier.contains(hash)
            if !inEarlierFile && seen.insert(hash) { continue }
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

    /// The ids kept, sorted.
    var sortedIDs: [UInt64] { seen.sorted }
}
