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
public final class WeightsSpool {
    /// The spool file.
    public let path: String
    private let file: UnsafeMutablePointer<FILE>

    /// Creates a spool file.
    public init(path: String) throws {
        guard let file = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        self.path = path
        self.file = file
    }

    deinit { fclose(file) }

    /// Appends a batch's rows with their cells.
    public func append(_ batch: ColumnBatch, cells: [Int32]) throws {
        var text = ""
        text.reserveCapacity(batch.count * 24)
        for row in 0..<batch.count {
            text += "\(cells[row])\t\(batch.baseWeights[row])\t\(batch.id(at: row))\n"
        }
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != text.utf8.count {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
    }

    /// Flushes what was appended.
    public func finish() throws {
        if fflush(file) != 0 {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
    }
}

/// Writes `weights/part-00000.csv.gz`: every respondent used, in input order, with
/// the final weight (base weight × the cell's factor) in full precision.
public enum WeightsFile {
    /// Streams the spools, in order, into the gzip file at `path`.
    /// - Returns: the number of respondents written.
    public static func write(spools: [String], factors: [Double], to path: String) throws -> Int {
        let writer: GzipFileWriter
        do {
            writer = try GzipFileWriter(path: path)
        } catch {
            throw TallyError.cannotWrite(path: path, message: error.description, errno: nil)
        }
        var rows = 0
        do {
            try writer.write("respondent_id,weight\n")
            for spool in spools {
                guard let file = fopen(spool, "r") else {
                    throw TallyError.cannotWrite(path: spool, message: String(cString: strerror(errno)), errno: errno)
                }
                defer { fclose(file) }
                var line: UnsafeMutablePointer<CChar>? = nil
                var capacity = 0
                defer { free(line) }
                var out = ""
                while getline(&line, &capacity, file) > 0, let line {
                    let fields = String(cString: line).dropLast().split(
                        separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                    guard fields.count == 3, let cell = Int(fields[0]), let base = Double(fields[1]) else {
                        throw TallyError.cannotWrite(path: spool, message: "damaged weights spool", errno: nil)
                    }
                    out += CSVFormatting.line([String(fields[2]), CSVFormatting.number(base * factors[cell])])
                    rows += 1
                    if out.utf8.count > 1 << 16 {
                        try writer.write(out)
                        out = ""
                    }
                }
                try writer.write(out)
            }
            try writer.close()
        } catch let error as GzipWriteError {
            throw TallyError.cannotWrite(path: path, message: error.description, errno: nil)
        }
        return rows
    }
}
