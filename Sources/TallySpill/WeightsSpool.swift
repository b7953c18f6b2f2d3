import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where one input file's weights spool lies, and the companion spool that holds
/// the entries of its markers (written when the deferred rows are settled; a
/// merge writes it in its own folder, beside a partial result's spool).
public struct SpoolPaths: Sendable {
    /// The spool written while the file was read.
    public var rows: String
    /// The spool of the rows the first one marks.
    public var deferredRows: String

    /// A spool and its companion (beside it unless given).
    public init(rows: String, deferredRows: String? = nil) {
        self.rows = rows
        self.deferredRows = deferredRows ?? rows + ".deferred"
    }
}

/// The respondents of one input file as weighting left them: per row its cell,
/// base weight and id, spooled to disk while the file is read so that
/// `weights/part-00000.csv.gz` can be written once the cell factors are known,
/// without keeping respondents in memory.
///
/// The spool is binary, read back only by `WeightsFile`: per row its cell
/// (`Int32`), the id's length (`UInt32`), the base weight (`Double`) and the id's
/// bytes. A row whose verdict was deferred (see the pipeline's speeder deferral)
/// is a *marker* (cell `Int32.min`, nothing else): its entry is the next one of
/// the companion spool at `SpoolPaths.deferredRows`, where a marker means the row
/// was rejected after all.
package final class WeightsSpool {
    /// The spool file.
    package let path: String
    private let file: UnsafeMutablePointer<FILE>

    static let marker = Int32.min

    /// Creates a spool file.
    package init(path: String) throws {
        self.path = path
        file = try openSpool(path, mode: "w")
    }

    deinit { fclose(file) }

    /// Appends a batch's rows with their cells, and a marker for each of `markers`
    /// (lines of rows not in the batch), all in line order.
    package func append(_ batch: ColumnBatch, cells: [Int32], markers: [Int] = []) throws {
        precondition(cells.count == batch.count, "one cell per row")
        let rows = batch.count
        let idBytes = rows == 0 ? 0 : batch.idEnds[rows - 1]
        let size = 16 * rows + idBytes + 4 * markers.count
        let written = Self.encode(batch, cells: cells, markers: markers, size: size) { entries in
            fwrite(entries.baseAddress, 1, entries.count, file)
        }
        if written != size {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
    }

    /// The first row id in the spool at `path` for which `matches` holds (for
    /// messages naming a respondent); nil when none does.
    package static func firstID(in path: String, where matches: (ArraySlice<UInt8>) -> Bool) throws -> String? {
        let reader = try SpoolReader(path: path)
        while let entry = try reader.next() {
            guard case .row(_, _, let range) = entry else { continue }
            let id = reader.withID(range) { ArraySlice($0) }
            if matches(id) { return String(decoding: id, as: UTF8.self) }
        }
        return nil
    }

    /// Lays out a batch's entries in `size` bytes (as `append` computes it) and runs `body` on them.
    ///
    /// The one place the spool's entries are stored through raw pointers: every
    /// array is checked against the batch's row count once, up front.
    private static func encode<R>(
        _ batch: ColumnBatch, cells: [Int32], markers: [Int], size: Int, _ body: (UnsafeRawBufferPointer) throws -> R
    ) rethrows -> R {
        let rows = batch.count
        precondition(batch.lines.count >= rows && batch.idEnds.count >= rows && batch.baseWeights.count >= rows)
        let entries = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 8)
        defer { entries.deallocate() }
        let out = entries.baseAddress!
        var offset = 0
        var marker = 0
        batch.idBytes.withUnsafeBytes { ids in
            precondition(rows == 0 || batch.idEnds[rows - 1] <= ids.count, "id bytes of every row")
            var start = 0
            for row in 0..<rows {
                while marker < markers.count, markers[marker] < batch.lines[row] {
                    out.storeBytes(of: WeightsSpool.marker, toByteOffset: offset, as: Int32.self)
                    offset &+= 4
                    marker += 1
                }
                let end = batch.idEnds[row]
                out.storeBytes(of: cells[row], toByteOffset: offset, as: Int32.self)
                out.storeBytes(of: UInt32(end &- start), toByteOffset: offset &+ 4, as: UInt32.self)
                out.storeBytes(of: batch.baseWeights[row], toByteOffset: offset &+ 8, as: Double.self)
                if end > start {
                    (out + (offset &+ 16)).copyMemory(from: ids.baseAddress! + start, byteCount: end &- start)
                }
                offset &+= 16 &+ end &- start
                start = end
            }
        }
        for _ in marker..<markers.count {
            out.storeBytes(of: WeightsSpool.marker, toByteOffset: offset, as: Int32.self)
            offset &+= 4
        }
        precondition(offset == size, "spool entries laid out as sized")
        return try body(UnsafeRawBufferPointer(start: out, count: size))
    }

    /// Flushes what was appended.
    package func finish() throws {
        if fflush(file) != 0 {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
    }
}

/// Reads a spool back entry by entry, through a bounded buffer.
package final class SpoolReader {
    /// One entry: a row (its id at `id` in the reader's buffer, valid until the next
    /// call to `next`), or a marker.
    package enum Entry {
        case row(cell: Int, base: Double, id: Range<Int>)
        case marker
    }

    package let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    package init(path: String) throws {
        self.path = path
        file = try openSpool(path, mode: "r")
    }

    deinit { fclose(file) }

    /// The next entry; nil at the end of the spool.
    package func next() throws -> Entry? {
        if buffer.count - position < 16, try !available(4) { return nil }
        let cell = load(Int32.self, at: position)
        if cell == WeightsSpool.marker {
            position += 4
            return .marker
        }
        if buffer.count - position < 16, try !available(16) { throw damaged() }
        let length = Int(load(UInt32.self, at: position + 4))
        let base = load(Double.self, at: position + 8)
        if buffer.count - position < 16 + length, try !available(16 + length) { throw damaged() }
        let id = position + 16..<position + 16 + length
        position += 16 + length
        return .row(cell: Int(cell), base: base, id: id)
    }

    /// Runs `body` on the bytes of an id `next` returned.
    package func withID<R>(_ id: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[id])) }
    }

    private func load<T>(_ type: T.Type, at offset: Int) -> T {
        buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: type) }
    }

    /// Whether `count` bytes are buffered from `position`, reading more if needed;
    /// false only at the very end of the spool.
    private func available(_ count: Int) throws -> Bool {
        while buffer.count - position < count {
            if ended {
                if buffer.count == position { return false }
                throw damaged()
            }
            buffer.removeSubrange(..<position)
            position = 0
            let room = max(1 << 16, count)
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: room))
            let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress! + old, 1, room, file) }
            buffer.removeSubrange((old + read)...)
            if read < room {
                if ferror(file) != 0 {
                    throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
                }
                ended = true
            }
        }
        return true
    }

    private func damaged() -> TallyError {
        TallyError.cannotWrite(path: path, message: "damaged weights spool", errno: nil)
    }
}

/// Opens a spool file; failing to is failing to write the results (exit 73).
private func openSpool(_ path: String, mode: String) throws -> UnsafeMutablePointer<FILE> {
    guard let file = fopen(path, mode) else {
        throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
    }
    return file
}
