import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run at a time per output folder.
///
/// The lock is an exclusive `flock(2)` on `.NAME.tally-lock` beside the output
/// folder `NAME`, taken on the folder's resolved path, so two names for one folder
/// (a link and its target) exclude each other. The kernel releases it when the
/// process ends however it ends (SIGKILL included), so a lock left by a killed run
/// is never obeyed: the next run takes it, says whose it was, and clears that run's
/// staging folders. The file holds the holder's pid and start time, for the message
/// a second run gets, and is removed when the lock is released, so a finished,
/// refused or failed run leaves none behind. `flock` works on local file systems;
/// on network storage give each machine its own output folder.
public final class OutputLock {
    /// The lock file.
    public let path: String
    /// The pid recorded by a previous holder that ended without releasing the lock
    /// (killed, or crashed), when there was one.
    public let recoveredFrom: Int32?
    private let descriptor: Int32

    /// Takes the lock for `folder`, creating its parent folder if needed.
    /// - Throws: `TallyError.busy` (exit 75) when another run holds it,
    ///   `TallyError.cannotWrite` when the lock file cannot be made.
    public init(folder: OutputFolder) throws {
        try FileOutput.makeDirectories(folder.parent)
        path = folder.parent + "/." + folder.name + ".tally-lock"
        descriptor = try Self.acquire(path, folder: folder)
        // Whoever wrote the file last and is gone left it without unlocking: a killed run.
        let previous = Self.readHolder(descriptor)
        recoveredFrom = previous.flatMap { Int32($0.split(separator: " ").first.map(String.init) ?? "") }
        let stamp = "\(getpid()) started \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = stamp.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        // Removed while still held, so a run that opens the file afterwards makes a
        // new one; a file left by a dead process tells the next run it recovered a lock.
        unlink(path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Opens and locks the lock file, again when a releasing run removed the file
    /// between this run's open and its lock.
    private static func acquire(_ path: String, folder: OutputFolder) throws -> Int32 {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let holder = readHolder(descriptor)
                close(descriptor)
                let who = holder.map { "run \($0)" } ?? "another run"
                throw TallyError.busy(
                    path: folder.described,
                    message: "\(who) is writing this output folder (lock \(path)); try again when it has finished")
            }
            var held = stat()
            var named = stat()
            if fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino,
                held.st_dev == named.st_dev
            {
                return descriptor
            }
            close(descriptor)
        }
    }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
