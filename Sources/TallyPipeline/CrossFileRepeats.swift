/// Finds respondents that more than one file of a run holds, once every file has
/// been read, by merging the files' sorted runs of id hashes (see `IDRuns`) in
/// one streaming pass: memory holds a block per run, whatever the respondent count.
enum CrossFileRepeats {
    /// Per file index, the kept ids that an earlier file (in input order) also
    /// kept; files without any are left out.
    /// - Parameter files: every file's runs, in input-file order.
    static func find(in files: [IDRuns]) throws -> [Int: Set<UInt64>] {
        var cursors: [IDRuns.Cursor] = []
        var owners: [Int] = []
        for (index, file) in files.enumerated() {
            for cursor in file.cursors() {
                cursors.append(cursor)
                owners.append(index)
            }
        }
        // A heap of (hash, file, cursor): the smallest hash on top, the earliest file first among equals.
        var heap = MinHeap<(UInt64, Int, Int)>(by: { ($0.0, $0.1) < ($1.0, $1.1) })
        for index in cursors.indices {
            if let hash = try cursors[index].next() { heap.push((hash, owners[index], index)) }
        }
        var repeats: [Int: Set<UInt64>] = [:]
        var previous: (hash: UInt64, file: Int)?
        while let (hash, file, index) = heap.pop() {
            if let previous, previous.hash == hash, previous.file != file {
                repeats[file, default: []].insert(hash)
            } else {
                previous = (hash, file)
            }
            if let next = try cursors[index].next() { heap.push((next, owners[index], index)) }
        }
        return repeats
    }
}

/// A binary min-heap ordered by a comparison.
struct MinHeap<Element> {
    private var items: [Element] = []
    private let isBefore: (Element, Element) -> Bool

    init(by isBefore: @escaping (Element, Element) -> Bool) {
        self.isBefore = isBefore
    }

    mutating func push(_ item: Element) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBefore(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the first element; nil when empty.
    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { break }
            var first = left
            if left + 1 < items.count, isBefore(items[left + 1], items[left]) { first = left + 1 }
            guard isBefore(items[first], items[parent]) else { break }
            items.swapAt(first, parent)
            parent = first
        }
        return top
    }
}
