import Crypto
import Dispatch
import Foundation
import Synchronization
import TallyModel

/// SHA-256 of each input file, recorded in the manifest so a rerun can tell that
/// nothing changed and `tally diff` can tell which input did.
package enum InputDigests {
    /// The hex digests of `files`, in order, hashing up to `jobs` files at once.
    /// - Throws: `TallyError.inputMissing` for a file that cannot be read.
    package static func sha256(of files: [String], jobs: Int) throws -> [String] {
        let digests = Mutex([String?](repeating: nil, count: files.count))
        let failures = Mutex([Int: TallyError]())
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(files.count, 1))) { worker in
            for index in stride(from: worker, to: files.count, by: jobs) {
                do {
                    let digest = try sha256(of: files[index])
                    digests.withLock { $0[index] = digest }
                } catch let error as TallyError {
                    failures.withLock { $0[index] = error }
                } catch {
                    failures.withLock { $0[index] = .inputMissing(path: files[index], message: "\(error)") }
                }
            }
        }
        if let first = failures.withLock({ $0.min { $0.key < $1.key } }) { throw first.value }
        return digests.withLock { $0.map { $0 ?? "" } }
    }

    /// The digests the passes that read the files computed, in order; a file whose
    /// pass stopped before its end (none does) is hashed here.
    package static func read(by files: [FileSummary]) throws -> [String] {
        try files.map { try $0.sha256 ?? sha256(of: $0.file) }
    }

    /// The hex SHA-256 of one file, read in 1 MiB pieces.
    package static func sha256(of file: String) throws -> String {
        let descriptor = PathText.withFileSystemPath(file) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else {
            throw TallyError.inputMissing(path: file, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var hasher = SHA256()
        while true {
            let piece: Data?
            do {
                piece = try handle.read(upToCount: 1 << 20)
            } catch {
                throw TallyError.inputMissing(path: file, message: "cannot be read: \(error)")
            }
            guard let piece, !piece.isEmpty else { break }
            hasher.update(data: piece)
        }
        return hex(hasher.finalize())
    }

    /// The hex SHA-256 of bytes in memory.
    package static func sha256(data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
