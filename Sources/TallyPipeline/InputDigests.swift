import Crypto
import Foundation
import TallyModel
import TallyReader

/// SHA-256 of each input file, recorded in the manifest so a rerun can tell that
/// nothing changed and `tally diff` can tell which input did.
package enum InputDigests {
    /// The hex digests of `files`, in order, hashing up to `jobs` files at once.
    /// - Throws: as `FileDigest.sha256(of:)`, the first file's error in order.
    package static func sha256(of files: [String], jobs: Int) throws -> [String] {
        try Concurrently.run(files.map { file in { try FileDigest.sha256(of: file) } }, width: jobs)
    }

    /// The digests the passes that read the files computed, in order; a file whose
    /// pass stopped before its end (none does) is hashed here.
    package static func read(by files: [FileSummary]) throws -> [String] {
        try files.map { try $0.sha256 ?? FileDigest.sha256(of: $0.file) }
    }

    /// The hex SHA-256 of bytes in memory.
    package static func sha256(data: Data) -> String {
        FileDigest.hex(SHA256.hash(data: data))
    }
}
