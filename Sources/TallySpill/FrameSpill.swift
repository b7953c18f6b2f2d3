import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only file of frames (each a length, then `BinaryWriter` bytes) that a
/// run writes while it reads and reads back once at the end, so what it sets
/// aside (rejects, deferred rows) waits on disk, not in memory.
package final class FrameSpill: @unchecked Sendable {
    /// The spill file.
    package let path: String
    private var file: UnsafeMutablePointer<FILE>?

    /// Creates (or empties) the spill file.
    package init(path: String) throws {
        guard let file = fopen(path, "w") else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        self.path = path
        self.file = file
    }

    deinit { if let file { fclose(file) } }

    /// Appends one frame.
    package func append(_ frame: BinaryWriter) throws {
        guard let file else { preconditionFailure("appending to a finished spill") }
        var length = UInt64(frame.bytes.count).littleEndian
        let written =
            withUnsafeBytes(of: &length) { fwrite($0.baseAddress, 1, 8, file) }
            + frame.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == 8 + frame.bytes.count else { throw failure() }
    }

    /// Flushes and closes the file; the spill is then read with a `Reader`.
    package func finish() throws {
        guard let file else { return }
        self.file = nil
        if fclose(file) != 0 { throw failure() }
    }

    /// Reads a finished spill back frame by frame, one frame in memory at a time.
    package final class Reader {
        private let path: String
        private let file: UnsafeMutablePointer<FILE>

        package init(path: String) throws {
            guard let file = fopen(path, "r") else { throw FrameSpill.damaged(path, String(cString: strerror(errno))) }
            self.path = path
            self.file = file
        }

        deinit { fclose(file) }

        /// The next frame's content; nil after the last.
        package func next() throws -> BinaryReader? {
            var length: UInt64 = 0
            let read = withUnsafeMutableBytes(of: &length) { fread($0.baseAddress, 1, 8, file) }
            guard read == 8 else {
                guard read == 0, ferror(file) == 0 else {
                    throw FrameSpill.damaged(path, "a frame's length is cut short")
                }
                return nil
            }
            let count = Int(UInt64(littleEndian: length))
            var bytes = [UInt8](repeating: 0, count: count)
            guard bytes.withUnsafeMutableBytes({ fread($0.baseAddress, 1, count, file) }) == count else {
                throw FrameSpill.damaged(path, "a frame of \(count) bytes is cut short")
            }
            return BinaryReader(bytes[...], path: path, kind: "spill")
        }
    }

    private func failure() -> TallyError {
        TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
    }

    fileprivate static func damaged(_ path: String, _ message: String) -> TallyError {
        .badData(DataLocation(file: path), "cannot read back the run's spill file: \(message)")
    }
}
