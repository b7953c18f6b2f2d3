import CTallyPlatform
import Foundation
import Synchronization
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes a run's results appear all at once, and never removes what Tally did not write.
///
/// Everything is written into a staging folder beside the output folder; on
/// success it gets a `_SUCCESS` record of its files and is swapped with the output
/// folder in one `renameat2(RENAME_EXCHANGE)` (a plain rename where there was no
/// output yet), so readers see either the old results or the new ones, never a mix.
/// Of the old folder, only the files its own record lists are removed; files a
/// person added are refused up front, or with `keepingOtherFiles` carried into the
/// new folder. On failure the staging folder is removed and the output is untouched.
public final class OutputPublisher: Sendable {
    /// The folder results are published to.
    public let folder: OutputFolder
    /// The folder the run writes into.
    public let staging: String
    private let content: OutputRecord.Content
    private let previous: PreviousOutput
    private let state = Mutex(State.writing)

    private enum State {
        /// The staging folder holds what the run has written so far.
        case writing
        /// The staging folder is being swapped in.
        case publishing
        /// Published or abandoned: the staging folder is gone.
        case finished
    }

    /// The resolved output folder.
    public var destination: String { folder.path }

    /// Checks what the output folder holds and creates the staging folder beside it.
    /// - Parameters:
    ///   - content: the kind of output written; a folder of another kind is not replaced.
    ///   - keepingOtherFiles: carry files Tally did not write into the new results
    ///     instead of refusing to replace a folder that holds them.
    /// - Throws: `TallyError.cannotWrite` (exit 73) when the folder is not Tally's
    ///   to replace, or the staging folder cannot be made.
    public init(
        folder: OutputFolder, content: OutputRecord.Content = .results, keepingOtherFiles: Bool = false
    )
        throws
    {
        self.folder = folder
        self.content = content
        previous = try PreviousOutput.inspect(folder, content: content)
        if !previous.others.isEmpty && !keepingOtherFiles {
            throw TallyError.cannotWrite(
                path: folder.described,
                message:
                    "holds files Tally did not write: \(PreviousOutput.listed(previous.others)); Tally replaces only its own results, so move them elsewhere or pass --keep-other-files to carry them into the new results",
                errno: nil)
        }
        try FileOutput.makeDirectories(folder.parent)
        staging = folder.parent + "/." + folder.name + Self.stagingMarker + "\(getpid())"
        if mkdir(staging, 0o755) != 0 {
            throw TallyError.cannotWrite(path: staging, message: String(cString: strerror(errno)), errno: errno)
        }
    }

    deinit {
        abandon()
    }

    /// Writes the `_SUCCESS` record into the staging folder and swaps it into place.
    /// - Returns: warnings about files that could not be carried over or removed.
    /// - Throws: `TallyError.cannotWrite` when a carried file would overwrite a new
    ///   result or the swap fails; the output folder is then as it was.
    @discardableResult
    public func publish() throws -> [String] {
        try state.withLock { state in
            guard state == .writing else {
                throw TallyError.cannotWrite(path: staging, message: "was removed before publication", errno: nil)
            }
            state = .publishing
        }
        defer { state.withLock { $0 = .finished } }
        try OutputRecord.listing(staging, content: content).write(into: staging)
        for other in previous.others where FileManager.default.fileExists(atPath: staging + "/" + other) {
            throw TallyError.cannotWrite(
                path: folder.described,
                message:
                    "holds \(PathText.escaped(other)), which Tally did not write, where the new results have a file of that name; move it elsewhere",
                errno: nil)
        }
        guard previous.exists else {
            try move(staging, folder.path)
            return []
        }
        let old = try swapIn()
        return carryOver(from: old) + removeOwned(in: old)
    }

    /// Removes the staging folder, leaving the destination as it was; does nothing
    /// once publication has begun. Safe to call from another thread (a signal's).
    public func abandon() {
        state.withLock { state in
            guard state == .writing else { return }
            try? FileManager.default.removeItem(atPath: staging)
            state = .finished
        }
    }

    /// Swaps the staging folder with the output folder.
    /// - Returns: where the old results are now.
    private func swapIn() throws -> String {
        if ctally_rename_exchange(staging, folder.path) == 0 { return staging }
        guard [EINVAL, ENOSYS, EOPNOTSUPP].contains(errno) else {
            throw TallyError.cannotWrite(
                path: folder.described, message: String(cString: strerror(errno)), errno: errno)
        }
        // File systems that cannot exchange: move the old results aside first.
        let aside = staging + ".old"
        try move(folder.path, aside)
        do {
            try move(staging, folder.path)
        } catch {
            try? move(aside, folder.path)
            throw error
        }
        return aside
    }

    /// Moves the files a person added from the old results into the new ones.
    private func carryOver(from old: String) -> [String] {
        previous.others.compactMap { entry in
            let relative = entry.hasSuffix("/") ? String(entry.dropLast()) : entry
            let target = folder.path + "/" + relative
            let moved =
                (try? FileOutput.makeDirectories((target as NSString).deletingLastPathComponent)) != nil
                && rename(old + "/" + relative, target) == 0
            return moved ? nil : "could not carry \(PathText.escaped(relative)) over; it is kept in \(old)"
        }
    }

    /// Removes the old results' own files, then their folders once empty.
    private func removeOwned(in old: String) -> [String] {
        for file in previous.owned { unlink(old + "/" + file) }
        let folders = PreviousOutput.ancestors(of: previous.owned).sorted { $0.count > $1.count }
        for relative in folders { rmdir(relative.isEmpty ? old : old + "/" + relative) }
        return FileManager.default.fileExists(atPath: old) ? ["the earlier results were left in \(old)"] : []
    }

    /// Removes the staging folders that runs killed before they finished left
    /// beside the output folder: those holding only what Tally wrote. Call it only
    /// while holding the folder's `OutputLock`, when no other run can be writing one.
    /// - Returns: the folders removed, and those kept because they hold other files.
    public static func removeLeftovers(of folder: OutputFolder) -> (removed: [String], kept: [String]) {
        let prefix = "." + folder.name + stagingMarker
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.parent)) ?? []
        var result: (removed: [String], kept: [String]) = ([], [])
        for entry in entries.sorted() where entry.hasPrefix(prefix) {
            let path = folder.parent + "/" + entry
            if isOnlyTallys(path), (try? FileManager.default.removeItem(atPath: path)) != nil {
                result.removed.append(path)
            } else {
                result.kept.append(path)
            }
        }
        return result
    }

    /// A staging folder holds only Tally's files when it has no `_SUCCESS` yet (a
    /// run was writing it) or its record lists everything in it (old results).
    private static func isOnlyTallys(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path + "/" + OutputRecord.fileName) else { return true }
        guard let record = OutputRecord.owned(by: path),
            let contents = try? PreviousOutput.sorted(path, files: record.files)
        else { return false }
        return contents.others.isEmpty
    }

    private static let stagingMarker = ".tally-staging-"

    private func move(_ from: String, _ to: String) throws {
        if rename(from, to) != 0 {
            throw TallyError.cannotWrite(path: to, message: String(cString: strerror(errno)), errno: errno)
        }
    }
}
