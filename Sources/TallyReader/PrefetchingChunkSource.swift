import Foundation
import Synchronization
import TallyModel

/// Decodes another source's chunks on a thread of its own, a few chunks ahead of
/// the reader, so that inflating a file and scanning it overlap: for a file read
/// while a core is free (fewer files than `--jobs`). Bytes, counts and errors
/// come out in the same order as from the source itself.
final class PrefetchingChunkSource: ByteChunkSource {
    /// Chunks decoded ahead at most.
    static let depth = 3

    /// One decoded chunk, with the source's counts after it.
    private struct Chunk: Sendable {
        var bytes: [UInt8]
        var compressedBytes: Int
        var decodedBytes: Int
        /// The source's SHA-256, on the last (empty) chunk.
        var sha256: String?
    }

    /// What the decoding thread hands over: chunks, then the end (an empty chunk) or an error.
    private final class Handover: Sendable {
        let items = Mutex<[Result<Chunk, TallyError>]>([])
        let isStopped = Atomic<Bool>(false)
        /// Made with 0 and signalled: Dispatch refuses to free a semaphore below its initial value.
        let free = DispatchSemaphore(value: 0)
        let filled = DispatchSemaphore(value: 0)

        init() {
            for _ in 0..<PrefetchingChunkSource.depth { free.signal() }
        }
    }

    /// The source, handed to the decoding thread: nothing else touches it after `init`.
    private final class Owned: @unchecked Sendable {
        let source: any ByteChunkSource
        init(_ source: any ByteChunkSource) { self.source = source }
    }

    private let handover = Handover()
    private var current: [UInt8] = []
    private var position = 0
    private var isEnded = false
    private(set) var compressedBytes = 0
    private(set) var decodedBytes = 0
    private(set) var sha256: String?
    let isCompressed: Bool

    /// Starts decoding `source` in chunks of `chunkSize` bytes; the source is used by that thread only.
    /// - Parameter displayName: the file's name, for an error the source does not name itself.
    init(source: any ByteChunkSource, chunkSize: Int, displayName: String) {
        isCompressed = source.isCompressed
        let handover = self.handover
        let owned = Owned(source)
        let thread = Thread {
            Thread.current.name = "tally.inflate"
            let source = owned.source
            while true {
                handover.free.wait()
                if handover.isStopped.load(ordering: .acquiring) { return }
                var bytes = [UInt8](repeating: 0, count: chunkSize)
                let result: Result<Chunk, TallyError>
                do {
                    let count = try bytes.withUnsafeMutableBytes { try source.read(into: $0) }
                    bytes.removeSubrange(count...)
                    result = .success(
                        Chunk(
                            bytes: bytes, compressedBytes: source.compressedBytes, decodedBytes: source.decodedBytes,
                            sha256: count == 0 ? source.sha256 : nil))
                } catch let error as TallyError {
                    result = .failure(error)
                } catch {
                    result = .failure(.badData(DataLocation(file: displayName), "\(error)"))
                }
                handover.items.withLock { $0.append(result) }
                handover.filled.signal()
                if case .success(let chunk) = result, !chunk.bytes.isEmpty { continue }
                return
            }
        }
        thread.start()
    }

    deinit {
        handover.isStopped.store(true, ordering: .releasing)
        handover.free.signal()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position == current.count {
            guard !isEnded else { return 0 }
            handover.filled.wait()
            let next = handover.items.withLock { $0.removeFirst() }
            handover.free.signal()
            let chunk: Chunk
            do {
                chunk = try next.get()
            } catch {
                isEnded = true
                throw error
            }
            compressedBytes = chunk.compressedBytes
            current = chunk.bytes
            position = 0
            if current.isEmpty {
                sha256 = chunk.sha256
                isEnded = true
                return 0
            }
        }
        let count = min(buffer.count, current.count - position)
        current.withUnsafeBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + position, byteCount: count)
        }
        position += count
        decodedBytes += count
        return count
    }
}
