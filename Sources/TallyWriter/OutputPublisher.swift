import CTallyPlatform
import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes a run's results appear all at once.
///
/// Everything is written into a staging folder beside the output folder; on
/// success it is swapped with the output folder in one `renameat2(RENAME_EXCHANGE)`
/// (a plain rename where there was no output yet), so readers see either the old
/// results or the new ones, never a mix. On failure the staging folder is removed
/// and the output folder is untouched.
public final class OutputPublisher {
    /// The folder results are published to.
    public let destination: String
    /// The folder the run writes into.
    public let staging: String
    private var finished = false

    /// Creates the staging folder beside `destination`.
    /// - Parameter marker: the file that shows an existing folder is a previous
    ///   output of the same kind, which may be replaced.
    /// - Throws: `TallyError.cannotWrite` when the destination exists but is not a
    ///   Tally output folder (results never replace unrelated files), or when the
    ///   staging folder cannot be made.
    public init(destination: String, marker: String = "manifest.json") throws {
        let (parent, name) = Self.split(destination)
        self.destination = Self.trimmed(destination)
        try Self.checkReplaceable(self.destination, marker: marker)
        try FileOutput.makeDirectories(parent)
        staging = parent + "/." + name + Self.stagingMarker + "\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        if mkdir(staging, 0o755) != 0 {
            throw TallyError.cannotWrite(path: staging, message: String(cString: strerror(errno)), errno: errno)
        }
    }

    deinit {
        if !finished { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Writes `_SUCCESS` into the staging folder and swaps it into place.
    public func publish() throws {
        try FileOutput.write(staging + "/_SUCCESS", [""])
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory) {
            if ctally_rename_exchange(staging, destination) != 0 {
                // File systems that cannot exchange: move the old results aside first.
                let aside = staging + ".old"
                try move(destination, aside)
                try move(staging, destination)
                try? FileManager.default.removeItem(atPath: aside)
                finished = true
                return
            }
            finished = true
            try? FileManager.default.removeItem(atPath: staging)  // now holds the previous results
        } else {
            try move(staging, destination)
            finished = true
        }
    }

    /// Removes the staging folder, leaving the destination as it was.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
        finished = true
    }

    /// Removes the staging folders that runs killed before they finished left
    /// beside `destination`. Call it only while holding the folder's `OutputLock`,
    /// when no other run can be writing one.
    /// - Returns: the folders removed.
    @discardableResult
    public static func removeLeftovers(of destination: String) -> [String] {
        let (parent, name) = split(destination)
        let prefix = "." + name + stagingMarker
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return entries.filter { $0.hasPrefix(prefix) }.sorted().compactMap { entry in
            let path = parent + "/" + entry
            return (try? FileManager.default.removeItem(atPath: path)) != nil ? path : nil
        }
    }

    /// The parent folder and the last component of an output path (a trailing `/` ignored).
    static func split(_ destination: String) -> (parent: String, name: String) {
        let url = URL(fileURLWithPath: trimmed(destination))
        return (url.deletingLastPathComponent().path, url.lastPathComponent)
    }

    private static func trimmed(_ destination: String) -> String {
        destination.count > 1 && destination.hasSuffix("/") ? String(destination.dropLast()) : destination
    }

    private static let stagingMarker = ".tally-staging-"

    private func move(_ from: String, _ to: String) throws {
        if rename(from, to) != 0 {
            throw TallyError.cannotWrite(path: to, message: String(cString: strerror(errno)), errno: errno)
        }
    }

    /// A destination may be replaced when it does not exist, is empty, or holds a
    /// previous run's marker file.
    private static func checkReplaceable(_ path: String, marker: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw TallyError.cannotWrite(path: path, message: "exists and is not a folder", errno: nil)
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !contents.isEmpty && !contents.contains(marker) {
            throw TallyError.cannotWrite(
                path: path,
                message: "exists and is not a Tally output folder (no \(marker)); refusing to replace it",
                errno: nil)
        }
    }
}
