import Foundation
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
        try write(path) { stream in
            for chunk in chunks {
                var text = chunk
                let failure = text.withUTF8 { bytes in put(UnsafeRawBufferPointer(bytes), to: stream) }
                if let failure { return failure }
            }
            return nil
        }
    }

    /// Writes the bytes `body` emits to `path`, chunk by chunk, creating or truncating
    /// it, and flushes to disk; an error `body` throws is passed on.
    public static func write(_ path: String, emitting body: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        struct Failed: Error { let errno: Int32 }
        try write(path) { stream in
            do {
                try body { chunk in
                    if let failure = chunk.withUnsafeBytes({ put($0, to: stream) }) { throw Failed(errno: failure) }
                }
            } catch let failed as Failed {
                return failed.errno
            }
            return nil
        }
    }

    /// Writes `bytes` to `path`, creating or truncating it, and flushes to disk.
    public static func write(_ path: String, bytes: Data) throws {
        try write(path) { stream in bytes.withUnsafeBytes { put($0, to: stream) } }
    }

    /// Writes `bytes` to `path`, creating or truncating it, and flushes to disk.
    public static func write(_ path: String, bytes: [UInt8]) throws {
        try write(path) { stream in bytes.withUnsafeBytes { put($0, to: stream) } }
    }

    /// Opens `path` for writing, lets `body` write (returning an errno on failure), then flushes, syncs and closes.
    private static func write(_ path: String, _ body: (UnsafeMutablePointer<FILE>) throws -> Int32?) throws {
        guard let stream = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        var failure: Int32?
        do {
            failure = try body(stream)
        } catch {
            fclose(stream)
            throw error
        }
        if failure == nil, fflush(stream) != 0 || fsync(fileno(stream)) != 0 { failure = errno }
        if fclose(stream) != 0, failure == nil { failure = errno }
        if let failure {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(failure)), errno: failure)
        }
    }

    /// Writes a buffer to a stream; the errno when it could not be written whole.
    private static func put(_ bytes: UnsafeRawBufferPointer, to stream: UnsafeMutablePointer<FILE>) -> Int32? {
        guard bytes.count > 0 else { return nil }
        return fwrite(bytes.baseAddress, 1, bytes.count, stream) == bytes.count ? nil : errno
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
