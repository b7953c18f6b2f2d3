import Crypto
import Foundation
import TallyModel

/// SHA-256 digests in lowercase hex, of bytes in memory or of a file read in chunks.
enum FileDigest {
    /// The digest of bytes in memory.
    static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The digest of a file's bytes, read 4 MiB at a time.
    /// - Throws: `TallyError.inputMissing` when the file cannot be opened or read.
    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TallyError.inputMissing(path: path, message: "cannot open this file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw TallyError.inputMissing(path: path, message: "cannot read this file: \(error.localizedDescription)")
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
