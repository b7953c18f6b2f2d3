import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a whole file through a stdio stream, turning every failure (disk
/// full included) into `TallyError.cannotWrite` with the system's errno.
public enum FileOutput {
    /// Writes `chunks` to `path`, creating or truncating it, and flushes to disk.
    public static func write(_ path: String, _ chunks: some Sequence<String>) throws {
        guard let stream = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        var failure: Int32? = nil
        for chunk in chunks where failure == nil {
            var text = chunk
            text.withUTF8 { bytes in
                if bytes.count > 0, fwrite(bytes.baseAddress, 1, bytes.count, stream) != bytes.count {
                    failure = errno
                }
            }
        }
        if failure == nil, fflush(stream) != 0 || fsync(fileno(stream)) != 0 { failure = errno }
        if fclose(stream) != 0, failure == nil { failure = errno }
        if let failure {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(failure)), errno: failure)
        }
    }

    /// Creates a directory and its missing parents.
    public static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw TallyError.cannotWrite(path: current, message: String(cString: strerror(errno)), errno: errno)
            }
        }
    }
}
