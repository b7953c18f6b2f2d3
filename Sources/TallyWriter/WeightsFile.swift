import TallyGzip
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The respondents of one input file as weighting left them: per row its cell,
/// base weight and id, spooled to disk while the file is read so that
/// `weights/part-00000.csv.gz` can be written once the cell factors are known,
/// without keeping respondents in memory.
///
/// The spool is binary, read back only by `WeightsFile`: per row its cell
/// (`Int32`), the id's length (`UInt32`), the base weight (`Double`) and the id's
/// bytes. A row whose verdict was deferred (see the pipeline's speeder deferral)
/// is a *marker* (cell `Int32.min`, nothing else): its entry is the next one of
/// the companion spool at `deferredPath(of:)`, where a marker means the row was
/// rejected after all.
public final class WeightsSpool {
    /// The spool file.
    public let path: String
    private let file: UnsafeMutablePointer<FILE>

    static let marker = Int32.min

    /// Creates a spool file.
    public init(path: String) throws {
        guard let file = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        self.path = path
        self.file = file
    }

    deinit { fclose(file) }

    /// The companion spool holding the entries of a spool's markers.
    public static func deferredPath(of spool: String) -> String {
        spool + ".deferred"
    }

    /// Appends a batch's rows with their cells, and a marker for each of `markers`
    /// (lines of rows not in the batch), all in line order.
    public func append(_ batch: ColumnBatch, cells: [Int32], markers: [Int] = []) throws {
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
    public static func firstID(in path: String, where matches: (ArraySlice<UInt8>) -> Bool) throws -> String? {
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
    public func finish() throws {
        if fflush(file) != 0 {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
    }
}

/// Reads a spool back entry by entry, through a bounded buffer.
private final class SpoolReader {
    /// One entry: a row (its id at `id` in the reader's buffer, valid until the next
    /// call to `next`), or a marker.
    enum Entry {
        case row(cell: Int, base: Double, id: Range<Int>)
        case marker
    }

    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    init(path: String) throws {
        guard let file = fopen(path, "r") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        self.path = path
        self.file = file
    }

    deinit { fclose(file) }

    /// The next entry; nil at the end of the spool.
    func next() throws -> Entry? {
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
    func withID<R>(_ id: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
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

/// Writes `weights/part-00000.csv.gz`: every respondent used, in input order, with
/// the final weight (base weight × the cell's factor) in full precision.
///
/// The file is one gzip member per input file (the first also holds the header),
/// compressed by ISA-L (`IsalGzipWriter`), several at once, then concatenated in
/// input order: a valid gzip file that every gzip reader reads whole, and the
/// same bytes whatever the number of workers.
public enum WeightsFile {
    /// Streams the spools into gzip members, up to `jobs` at once, and joins them
    /// in order into the file at `path`.
    /// - Returns: the number of respondents written.
    public static func write(spools: [String], factors: [Double], to path: String, jobs: Int = 2) throws -> Int {
        let members = spools.indices.map { path + ".member-\($0)" }
        defer { for member in members { unlink(member) } }
        let counts = spools.indices.map { index -> @Sendable () throws -> Int in
            {
                do {
                    return try writeMember(
                        spool: spools[index], factors: factors, header: index == 0, to: members[index])
                } catch let error as TallyError {
                    throw error
                } catch {
                    throw TallyError.cannotWrite(path: members[index], message: "\(error)", errno: nil)
                }
            }
        }
        let rows = try Concurrently.run(counts, width: max(jobs, 1)).reduce(0, +)
        if spools.isEmpty {
            try writeMember(spool: nil, factors: factors, header: true, to: path)
        } else {
            try concatenate(members, into: path)
        }
        return rows
    }

    /// Writes one spool's respondents (and the header, for the first) as a gzip member.
    @discardableResult
    private static func writeMember(spool: String?, factors: [Double], header: Bool, to path: String) throws -> Int {
        let writer: IsalGzipWriter
        do {
            writer = try IsalGzipWriter(path: path)
        } catch {
            throw TallyError.cannotWrite(path: path, message: error.description, errno: nil)
        }
        var rows = 0
        do {
            var out: [UInt8] = []
            out.reserveCapacity(1 << 17)
            if header { out.append(contentsOf: "respondent_id,weight\n".utf8) }
            if let spool {
                var texts = WeightTexts(factors: factors)
                let reader = try SpoolReader(path: spool)
                var deferred: SpoolReader?
                /// Ends a row's line after its id: the final weight and the line break.
                func endLine(cell: Int, base: Double) {
                    out.append(UInt8(ascii: ","))
                    texts.append(cell: cell, base: base, to: &out)
                    out.append(UInt8(ascii: "\n"))
                }
                while let entry = try reader.next() {
                    switch entry {
                    case .row(let cell, let base, let id):
                        reader.withID(id) { appendField($0, to: &out) }
                        endLine(cell: cell, base: base)
                    case .marker:
                        if deferred == nil { deferred = try SpoolReader(path: WeightsSpool.deferredPath(of: spool)) }
                        guard let deferred, let resolved = try deferred.next() else {
                            throw TallyError.cannotWrite(path: spool, message: "damaged weights spool", errno: nil)
                        }
                        // A marker here means the deferred row was rejected after all.
                        guard case .row(let cell, let base, let id) = resolved else { continue }
                        deferred.withID(id) { appendField($0, to: &out) }
                        endLine(cell: cell, base: base)
                    }
                    rows += 1
                    if out.count > 1 << 16 {
                        try writer.write(out)
                        out.removeAll(keepingCapacity: true)
                    }
                }
            }
            try writer.write(out)
            try writer.close()
        } catch let error as GzipWriteError {
            throw TallyError.cannotWrite(path: path, message: error.description, errno: nil)
        }
        return rows
    }

    /// Copies the files, in order, into a new file at `path`, flushed to disk.
    private static func concatenate(_ parts: [String], into path: String) throws {
        guard let output = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        var failure: Int32?
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for part in parts where failure == nil {
            guard let input = fopen(part, "r") else {
                failure = errno
                break
            }
            while failure == nil {
                let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
                if count == 0 {
                    if ferror(input) != 0 { failure = errno }
                    break
                }
                let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, count, output) }
                if written != count { failure = errno }
            }
            fclose(input)
        }
        if failure == nil, fflush(output) != 0 || fsync(fileno(output)) != 0 { failure = errno }
        if fclose(output) != 0, failure == nil { failure = errno }
        if let failure {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(failure)), errno: failure)
        }
    }

    /// Appends an id as a CSV field, quoted when it holds a comma, a quote or a line
    /// break; bytes that are not UTF-8 become U+FFFD, as in every other output.
    private static func appendField(_ id: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if id.contains(where: { $0 >= 0x80 }) {
            appendQuotedIfNeeded(ArraySlice(String(decoding: id, as: UTF8.self).utf8), to: &out)
        } else {
            appendQuotedIfNeeded(id, to: &out)
        }
    }

    /// Appends UTF-8 bytes as a CSV field, quoted when needed.
    private static func appendQuotedIfNeeded(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 10 || $0 == 13 }) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for byte in bytes {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
