import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a whole file through a stdio stream, turning every failure (disk
/// full included) into `TallyError.cannotWrite` with the system's errno.
struct FileOutput {
    /// Writes `chunks` to `path`, creating or truncating it, and flushes to disk.
    static func write(_ path: String, _ chunks: some Sequence<String>) throws {
        try write(path) { stream in
            for chunk in chunks {
                var text = chunk
                let failed = text.withUTF8 { bytes in
                    bytes.count > 0 && fwrite(bytes.baseAddress, 1, bytes.count, stream) != bytes.count
                }
                if failed { return errno }
            }
            return nil
        }
    }

    /// Writes `bytes` to `path`, creating or truncating it, and flushes to disk.
    static func write(_ path: String, bytes: [UInt8]) throws {
        try write(path) { stream in
            let failed = bytes.withUnsafeBufferPointer { bytes in
                bytes.count > 0 && fwrite(bytes.baseAddress, 1, bytes.count, stream) != bytes.count
            }
            return failed ? errno : nil
        }
    }

    /// Opens `path` for writing, lets `body` write (returning the errno of a
    /// failed write, or nil), then flushes to disk and closes.
    private static func write(_ path: String, _ body: (UnsafeMutablePointer<FILE>) -> Int32?) throws {
        guard let stream = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        var failure = body(stream)
        if failure == nil, fflush(stream) != 0 || fsync(fileno(stream)) != 0 { failure = errno }
        if fclose(stream) != 0, failure == nil { failure = errno }
        if let failure {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(failure)), errno: failure)
        }
    }

    /// Creates a directory and its missing parents.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw TallyError.cannotWrite(path: current, message: String(cString: strerror(errno)), errno: errno)
            }
        }
    }
}
