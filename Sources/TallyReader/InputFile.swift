import Crypto
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An input file open for reading; every system call on it goes through here.
///
/// The bytes read in order are hashed as they go by, so a run learns each
/// input's SHA-256 from the pass that reads it, without reading it again.
final class InputFile {
    private let descriptor: Int32
    /// The path as the user named it, for messages.
    let displayName: String
    private var hasher = SHA256()
    private var isAtEnd = false

    /// Opens a regular file for reading. It is opened without blocking, so a FIFO
    /// put where a file was expected is refused rather than waited on.
    /// - Parameter path: the path, file names that are not UTF-8 as `PathText.fromFileSystem` gives them.
    /// - Throws: `TallyError.inputMissing` when it cannot be opened or is not a regular file.
    init(path: String, displayName: String) throws {
        let descriptor = PathText.withFileSystemPath(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else {
            throw TallyError.inputMissing(path: displayName, message: "cannot open: \(InputFile.describe(errno))")
        }
        var status = stat()
        if fstat(descriptor, &status) != 0 || status.st_mode & S_IFMT != S_IFREG {
            close(descriptor)
            let what = status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
            throw TallyError.inputMissing(path: displayName, message: "is \(what), not a respondent file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        self.descriptor = descriptor
        self.displayName = displayName
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `buffer.count` bytes at the current position; 0 at the end of the file.
    /// - Throws: `TallyError.badData` when the system reports a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor, base, buffer.count)
            if count >= 0 {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(start: base, count: count))
                isAtEnd = isAtEnd || count == 0
                return count
            }
            if errno != EINTR { throw readError(errno) }
        }
    }

    /// The hex SHA-256 of the file's bytes, once `read` has reached the end; nil before.
    var sha256: String? {
        guard isAtEnd else { return nil }
        return FileDigest.hex(hasher.finalize())
    }

    /// Reads up to `count` bytes from `offset` (the start of the file by default) without moving the read position.
    func peek(_ count: Int, at offset: Int = 0) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = try bytes.withUnsafeMutableBytes { buffer in
            while true {
                let read = pread(descriptor, buffer.baseAddress, count, off_t(offset))
                if read >= 0 { return read }
                if errno != EINTR { throw readError(errno) }
            }
        }
        bytes.removeSubrange(read...)
        return bytes
    }

    /// The file's size in bytes.
    func size() throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw readError(errno) }
        return Int(status.st_size)
    }

    private func readError(_ code: Int32) -> TallyError {
        TallyError.badData(DataLocation(file: displayName), "cannot read: \(InputFile.describe(code))")
    }

    private static func describe(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}

/// `read(2)`, reachable from inside a type that has a `read` method of its own.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// SHA-256 digests as Tally records them: lower-case hex, a file's taken by
/// reading it as inputs are read (`InputFile`).
public enum FileDigest {
    /// The hex SHA-256 of a whole file, read in 1 MiB pieces.
    /// - Throws: `TallyError.inputMissing` when it cannot be opened or is not a
    ///   regular file; `TallyError.badData` when the system reports a read error.
    public static func sha256(of path: String) throws -> String {
        let file = try InputFile(path: path, displayName: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while try buffer.withUnsafeMutableBytes({ try file.read(into: $0) }) > 0 {}
        return file.sha256!
    }

    /// Lower-case hex of a digest.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
