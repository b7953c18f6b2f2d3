import CTallyZlib
import TallyModel

/// Decoded bytes of an input file, delivered in bounded chunks.
protocol ByteChunkSource: AnyObject {
    /// Fills the start of `buffer` with the next decoded bytes.
    /// - Returns: the number of bytes written, 0 only at the end of the data.
    /// - Throws: `TallyError.badData` for unreadable or damaged input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes consumed from the file so far.
    var compressedBytes: Int { get }
    /// Decoded bytes delivered so far.
    var decodedBytes: Int { get }
    /// Whether the bytes are decompressed (gzip), so that decoded offsets differ from the file's.
    var isCompressed: Bool { get }
    /// The hex SHA-256 of the file's bytes once `read` has returned 0; nil before.
    var sha256: String? { get }
}

/// Opens a file as plain or gzip-compressed bytes, told apart by the gzip magic `1f 8b`.
/// - Parameter chunkSize: the most compressed bytes read from the file at once.
/// - Throws: `TallyError.inputMissing` when the file cannot be opened.
/// - Parameter inflater: the decoder of gzip files.
/// - Parameter prefetch: whether a gzip file is inflated on a thread of its own,
///   ahead of the caller (see `PrefetchingChunkSource`).
func openChunkSource(
    path: String, displayName: String, chunkSize: Int, inflater: Inflater = .zlib, prefetch: Bool = false
) throws -> any ByteChunkSource {
    let file = try InputFile(path: path, displayName: displayName)
    if try file.peek(2) == [0x1f, 0x8b] {
        let gzip = try GzipChunkSource(file: file, chunkSize: chunkSize, inflater: inflater)
        guard prefetch else { return gzip }
        return PrefetchingChunkSource(source: gzip, chunkSize: chunkSize, displayName: displayName)
    }
    return PlainChunkSource(file: file)
}

/// An uncompressed file, read straight into the caller's buffer.
final class PlainChunkSource: ByteChunkSource {
    private let file: InputFile
    private(set) var decodedBytes = 0
    var compressedBytes: Int { decodedBytes }
    var isCompressed: Bool { false }
    var sha256: String? { file.sha256 }

    init(file: InputFile) {
        self.file = file
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try file.read(into: buffer)
        decodedBytes += count
        return count
    }
}

/// A gzip file of one or more members, inflated chunk by chunk.
///
/// After a member ends, more input means another member (the inflater is reset)
/// when it starts with the gzip magic `1f 8b`; zero bytes padding the end of the
/// file are accepted and skipped; any other bytes are an error that counts them.
final class GzipChunkSource: ByteChunkSource {
    private let file: InputFile
    private let inflater: any MemberInflater
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var fileEnded = false
    private var memberEnded = false
    private var paddingBytes = 0

    var compressedBytes: Int { inflater.totalIn + paddingBytes }
    var decodedBytes: Int { inflater.totalOut }
    var isCompressed: Bool { true }
    var sha256: String? { file.sha256 }

    init(file: InputFile, chunkSize: Int, inflater: Inflater = .zlib) throws {
        self.file = file
        switch inflater {
        case .zlib:
            do {
                self.inflater = try GzipInflater()
            } catch {
                throw TallyError.badData(DataLocation(file: file.displayName), "cannot start gzip decoding: \(error)")
            }
        case .isal:
            self.inflater = IsalInflater()
        }
        input = [UInt8](repeating: 0, count: max(chunkSize, 1))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if inputStart == inputEnd, !fileEnded { try readInput() }
            let inputLeft = inputStart < inputEnd
            if memberEnded {
                guard inputLeft else { return 0 }
                if input[inputStart] == 0 {
                    try skipPadding()
                    return 0
                }
                guard try nextMemberFollows() else { throw try trailingBytes(from: compressedBytes) }
                do { try inflater.reset() } catch { throw damaged(error) }
                memberEnded = false
            }
            // Called even without input left: a decoder may still hold output it has decoded.
            let step: GzipInflater.Step
            do {
                step = try input.withUnsafeBytes { input in
                    try inflater.inflate(UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd]), into: buffer)
                }
            } catch {
                throw damaged(error)
            }
            inputStart += step.consumed
            memberEnded = step.endedMember
            if step.produced > 0 { return step.produced }
            if step.consumed == 0, !step.endedMember {
                throw damaged(
                    stalled(inputLeft ? "inflate made no progress" : "the file ends inside a gzip member (truncated)"))
            }
        }
    }

    private func readInput() throws {
        let count = try input.withUnsafeMutableBytes { try file.read(into: $0) }
        inputStart = 0
        inputEnd = count
        fileEnded = count == 0
    }

    /// Consumes the rest of the file, which must be zero bytes.
    private func skipPadding() throws {
        let paddingStart = compressedBytes
        while inputStart < inputEnd {
            guard input[inputStart] == 0 else {
                throw try trailingBytes(from: paddingStart, firstNonZero: compressedBytes)
            }
            inputStart += 1
            paddingBytes += 1
            if inputStart == inputEnd { try readInput() }
        }
    }

    /// Whether the bytes after a member open another one (`1f 8b`); the second byte may lie beyond this chunk.
    private func nextMemberFollows() throws -> Bool {
        guard input[inputStart] == 0x1f else { return false }
        if inputStart + 1 < inputEnd { return input[inputStart + 1] == 0x8b }
        return try file.peek(1, at: compressedBytes + 1) == [0x8b]
    }

    /// The error for bytes after the last member that are neither a member nor zero padding:
    /// how many there are from `offset` to the end of the file, and what they start with.
    /// - Parameter firstNonZero: where the first non-zero byte is, when zero padding comes first.
    private func trailingBytes(from offset: Int, firstNonZero: Int? = nil) throws -> TallyError {
        let count = try file.size() - offset
        let at = firstNonZero ?? offset
        let start = InputSniffer.hex(try file.peek(8, at: at))
        let what =
            firstNonZero.map { "zero bytes, then \(start) at compressed byte \($0)" }
            ?? (count == 1 ? start : "they start with \(start)")
        return TallyError.badData(
            DataLocation(file: file.displayName, byteOffset: at),
            "\(count) \(count == 1 ? "byte" : "bytes") after the last gzip member \(count == 1 ? "is" : "are") not gzip data (\(what))"
        )
    }

    /// Why decoding stopped short, in the decoder's own terms (zlib's code where zlib decodes).
    private func stalled(_ reason: String) -> any Error {
        if inflater is GzipInflater { return ZlibError(code: Z_BUF_ERROR, message: reason) }
        return StalledInflate(description: "ISA-L: \(reason)")
    }

    /// A decoder failure, reported at the compressed offset reached.
    private func damaged(_ error: any Error) -> TallyError {
        TallyError.badData(
            DataLocation(file: file.displayName, byteOffset: compressedBytes), "damaged gzip data: \(error)")
    }
}

/// A decoder that stopped without an error code of its own: truncated input, or no progress.
struct StalledInflate: Error, CustomStringConvertible {
    var description: String
}
