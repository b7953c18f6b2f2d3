import Dispatch

/// A bounded window over a stream of decoded bytes: what has not been consumed
/// yet, followed by room for the next chunk.
///
/// A record cut by the end of a chunk stays in the window: `refill` moves it to
/// the front and appends the next bytes after it. The window only grows when a
/// single record is longer than it.
struct ByteWindow {
    private var storage: [UInt8]
    /// The first byte not consumed yet.
    private var start = 0
    /// One past the last valid byte.
    private var end = 0
    /// Whether the source has reported its end.
    private(set) var sourceEnded = false
    /// The decoded bytes dropped from the front so far: the offset in the data of the window's first byte.
    private(set) var dropped = 0
    /// Nanoseconds spent in the source's `read` so far (reading, hashing and inflating the
    /// file; with prefetch, waiting for the inflating thread).
    private(set) var sourceNanoseconds: UInt64 = 0

    /// Unconsumed bytes in the window.
    var pendingCount: Int { end - start }

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: max(capacity, 4))
    }

    /// Moves the unconsumed bytes to the front, then reads until the window is
    /// full or the source ends, doubling the window first if it is already full.
    mutating func refill(from source: any ByteChunkSource) throws {
        if start > 0 {
            let pending = end - start
            let from = start
            storage.withUnsafeMutableBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: bytes[..<pending]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[from..<from + pending]))
            }
            dropped += start
            start = 0
            end = pending
        }
        if end == storage.count {
            storage.append(contentsOf: repeatElement(0, count: storage.count))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        defer { sourceNanoseconds += DispatchTime.now().uptimeNanoseconds - started }
        while end < storage.count, !sourceEnded {
            let filled = end
            let count = try storage.withUnsafeMutableBytes { bytes in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]))
            }
            end += count
            sourceEnded = count == 0
        }
    }

    /// Drops `count` bytes at the start (a byte-order mark).
    mutating func consume(_ count: Int) {
        precondition(count <= pendingCount, "consuming more than the window holds")
        start += count
    }

    /// The first `count` unconsumed bytes, or fewer when the window holds fewer.
    func prefix(_ count: Int) -> [UInt8] {
        Array(storage[start..<start + min(count, pendingCount)])
    }

    /// Whether the unconsumed bytes begin with `prefix`.
    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        pendingCount >= prefix.count && storage[start..<start + prefix.count].elementsEqual(prefix)
    }

    /// Calls `body` with the valid bytes and the consumption cursor, which the
    /// body advances past the records it has used.
    mutating func withBytes<R>(_ body: (UnsafeMutableBufferPointer<UInt8>, inout Int) throws -> R) rethrows -> R {
        let end = self.end
        return try storage.withUnsafeMutableBufferPointer { storage in
            try body(UnsafeMutableBufferPointer(rebasing: storage[..<end]), &start)
        }
    }
}
