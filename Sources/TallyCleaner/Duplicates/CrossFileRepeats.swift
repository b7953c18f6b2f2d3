import TallyModel

/// Finds respondents that more than one file of a run holds, once every file has
/// been read, by merging the files' sorted runs of id hashes (see `IDRuns`) in
/// streaming passes: memory holds a few blocks per run, whatever the
/// respondent count.
package enum CrossFileRepeats {
    /// Per file index, the kept ids that an earlier file (in input order) also
    /// kept; files without any are left out.
    /// - Parameters:
    ///   - files: every file's runs, in input-file order.
    ///   - parts: the merges run at once, each over an equal share of the hashes' range
    ///     (the result is the same for any number).
    package static func find(in files: [IDRuns], parts: Int = 1) throws -> [Int: Set<UInt64>] {
        precondition(parts > 0, "at least one part")
        let share = UInt64.max / UInt64(parts)
        let ranges = (0..<UInt64(parts)).map { part in
            part * share + min(part, 1)...(part == UInt64(parts) - 1 ? UInt64.max : (part + 1) * share)
        }
        let found = try Concurrently.run(ranges.map { range in { try find(in: files, hashes: range) } })
        return found.reduce(into: [:]) { all, part in all.merge(part) { $0.union($1) } }
    }

    /// The repeats among the hashes within `hashes`.
    private static func find(in files: [IDRuns], hashes: ClosedRange<UInt64>) throws -> [Int: Set<UInt64>] {
        var cursors: [IDRuns.Cursor] = []
        var heap = RunHeap()
        for (file, runs) in files.enumerated() {
            for var cursor in runs.cursors(in: hashes) {
                if let hash = try cursor.next() { heap.push(RunHeap.Head(hash: hash, file: file, run: cursors.count)) }
                cursors.append(cursor)
            }
        }
        var repeats: [Int: Set<UInt64>] = [:]
        var previous: RunHeap.Head?
        while var head = heap.top {
            if let previous, previous.hash == head.hash, previous.file != head.file {
                repeats[head.file, default: []].insert(head.hash)
            } else {
                previous = head
            }
            if let next = try cursors[head.run].next() {
                head.hash = next
                heap.replaceTop(with: head)
            } else {
                heap.removeTop()
            }
        }
        return repeats
    }
}

/// A binary min-heap of the runs' current hashes, the earliest file first among equal hashes.
private struct RunHeap {
    struct Head {
        var hash: UInt64
        var file: Int
        var run: Int

        @inline(__always)
        func precedes(_ other: Head) -> Bool {
            hash < other.hash || (hash == other.hash && file < other.file)
        }
    }

    private var items: [Head] = []

    var top: Head? { items.first }

    mutating func push(_ head: Head) {
        items.append(head)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Replaces the top and sifts it down.
    mutating func replaceTop(with head: Head) {
        items[0] = head
        siftDown()
    }

    mutating func removeTop() {
        items[0] = items[items.count - 1]
        items.removeLast()
        if !items.isEmpty { siftDown() }
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            var first = left
            if left + 1 < items.count, items[left + 1].precedes(items[left]) { first = left + 1 }
            guard items[first].precedes(items[parent]) else { return }
            items.swapAt(first, parent)
            parent = first
        }
    }
}
