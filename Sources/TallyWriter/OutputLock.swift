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
/// folder `NAME`. The kernel releases it when the process ends however it ends
/// (SIGKILL included), so a lock left by a killed run is never obeyed: the next
/// run takes it, says whose it was, and clears that run's staging folders. The
/// file holds the holder's pid and start time, for the message a second run gets.
/// `flock` works on local file systems; on network storage give each machine its
/// own output folder.
public final class OutputLock {
    /// The lock file.
    public let path: String
    /// The pid recorded by a previous holder that ended without releasing the lock
    /// (killed, or crashed), when there was one.
    public let recoveredFrom: Int32?
    private let descriptor: Int32

    /// Takes the lock for `destination`, creating its parent folder if needed.
    /// - Throws: `TallyError.busy` (exit 75) when another run holds it,
    ///   `TallyError.cannotWrite` when the lock file cannot be made.
    public init(destination: String) throws {
        let (parent, name) = OutputPublisher.split(destination)
        try FileOutput.makeDirectories(parent)
        path = parent + "/." + name + ".tally-lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TallyError.cannotWrite(path: path, message: String(cString: strerror(errno)), errno: errno)
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readHolder(descriptor)
            close(descriptor)
            let who = holder.map { "run \($0)" } ?? "another run"
            throw TallyError.busy(
                path: destination,
                message: "\(who) is writing this output folder (lock \(path)); try again when it has finished")
        }
        // Whoever wrote the file last and is gone left it without unlocking: a killed run.
        let previous = Self.readHolder(descriptor)
        recoveredFrom = previous.flatMap { Int32($0.split(separator: " ").first.map(String.init) ?? "") }
        let stamp = "\(getpid()) started \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = stamp.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        // An empty file means "released cleanly"; a non-empty one left by a dead
        // process tells the next run that it recovered a lock.
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
