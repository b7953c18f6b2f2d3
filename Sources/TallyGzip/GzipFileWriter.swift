import CTallyZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a gzip file with zlib's deflate, streaming: bytes are compressed as they
/// are appended and memory stays at one buffer whatever the file's size.
///
/// The `z_stream` lives in its own allocation (zlib keeps its address), set up in
/// `init` and torn down once in `deinit`.
public final class GzipFileWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private let file: UnsafeMutablePointer<FILE>
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var closed = false
    /// The path being written.
    public let path: String

    /// Creates (or truncates) a gzip file.
    /// - Parameter level: zlib's compression level, 1 (fastest) to 9 (smallest).
    /// - Throws: `GzipWriteError` when the file cannot be created or zlib refuses to start.
    public init(path: String, level: Int32 = 6) throws(GzipWriteError) {
        guard let file = fopen(path, "w") else { throw GzipWriteError.system(path: path, errno: errno) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = CTallyZlib_deflateInit2(stream, level, 15 + 16)
        guard code == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            fclose(file)
            throw GzipWriteError.zlib(path: path, code: code)
        }
        self.stream = stream
        self.file = file
        self.path = path
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        if !closed { fclose(file) }
    }

    /// Compresses and appends bytes.
    public func write(_ bytes: some Collection<UInt8>) throws(GzipWriteError) {
        var contiguous = Array(bytes)
        try contiguous.withUnsafeMutableBufferPointer { (input) throws(GzipWriteError) in
            try deflate(input, flush: Z_NO_FLUSH)
        }
    }

    /// Compresses and appends text as UTF-8.
    public func write(_ text: String) throws(GzipWriteError) {
        try write(text.utf8)
    }

    /// Finishes the gzip member (trailer with CRC and length), flushes and closes the file.
    public func close() throws(GzipWriteError) {
        guard !closed else { return }
        try deflate(UnsafeMutableBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        closed = true
        if fflush(file) != 0 || fsync(fileno(file)) != 0 {
            let code = errno
            fclose(file)
            throw GzipWriteError.system(path: path, errno: code)
        }
        if fclose(file) != 0 { throw GzipWriteError.system(path: path, errno: errno) }
    }

    private func deflate(_ input: UnsafeMutableBufferPointer<UInt8>, flush: Int32) throws(GzipWriteError) {
        stream.pointee.next_in = input.baseAddress
        stream.pointee.avail_in = UInt32(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        var finished = false
        while !finished {
            let produced: Int
            let code: Int32
            (code, produced) = output.withUnsafeMutableBufferPointer { output in
                stream.pointee.next_out = output.baseAddress
                stream.pointee.avail_out = UInt32(output.count)
                defer {
                    stream.pointee.next_out = nil
                    stream.pointee.avail_out = 0
                }
                let code = CTallyZlib.deflate(stream, flush)
                return (code, output.count - Int(stream.pointee.avail_out))
            }
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                throw GzipWriteError.zlib(path: path, code: code)
            }
            if produced > 0 {
                let written = output.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, produced, file) }
                guard written == produced else { throw GzipWriteError.system(path: path, errno: errno) }
            }
            finished =
                flush == Z_FINISH ? code == Z_STREAM_END : stream.pointee.avail_in == 0 && produced < output.count
        }
    }
}

/// Why a gzip file could not be written, keeping the raw system, zlib or ISA-L code.
public enum GzipWriteError: Error, Equatable, CustomStringConvertible {
    case system(path: String, errno: Int32)
    case zlib(path: String, code: Int32)
    case isal(path: String, code: Int32)

    public var path: String {
        switch self {
        case .system(let path, _), .zlib(let path, _), .isal(let path, _): return path
        }
    }

    public var description: String {
        switch self {
        case .system(let path, let errno): return "\(path): \(String(cString: strerror(errno))) (errno \(errno))"
        case .zlib(let path, let code):
            return "\(path): zlib deflate failed (\(code)): \(String(cString: zError(code)))"
        case .isal(let path, let code): return "\(path): ISA-L deflate failed (\(code))"
        }
    }
}
