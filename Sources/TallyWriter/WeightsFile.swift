import TallyGzip
import TallyModel
import TallySpill

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    public static func write(spools: [SpoolPaths], factors: [Double], to path: String, jobs: Int = 2) throws -> Int {
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
    private static func writeMember(spool: SpoolPaths?, factors: [Double], header: Bool, to path: String) throws -> Int
    {
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
                let reader = try SpoolReader(path: spool.rows)
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
                        if deferred == nil { deferred = try SpoolReader(path: spool.deferredRows) }
                        guard let deferred, let resolved = try deferred.next() else {
                            throw TallyError.cannotWrite(path: spool.rows, message: "damaged weights spool", errno: nil)
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
