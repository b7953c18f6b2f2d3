import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an output folder holds before a run replaces it: the files an earlier
/// Tally run wrote there (by its `_SUCCESS` record), and anything else.
///
/// Tally replaces a folder only when it does not exist, is empty, or holds a
/// record of Tally's of the same kind; it removes only the files that record
/// lists, and other files are either refused or carried into the new results.
struct PreviousOutput {
    /// Whether the folder exists (possibly empty).
    var exists = false
    /// Files and links Tally wrote there, relative to the folder.
    var owned: [String] = []
    /// Entries Tally did not write, relative to the folder (a folder ends in `/`).
    var others: [String] = []

    /// Reads what `folder` holds.
    /// - Throws: `TallyError.cannotWrite` (exit 73) when the folder is not a folder,
    ///   holds no record of Tally's (and is not empty), holds another kind of output,
    ///   or has folders Tally could not remove its files from.
    static func inspect(_ folder: OutputFolder, content: OutputRecord.Content) throws -> PreviousOutput {
        var status = stat()
        guard lstat(folder.path, &status) == 0 else { return PreviousOutput() }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw TallyError.cannotWrite(path: folder.described, message: "exists and is not a folder", errno: nil)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw TallyError.cannotWrite(
                path: folder.described, message: "exists and cannot be listed, so it is not replaced", errno: nil)
        }
        guard !names.isEmpty else { return PreviousOutput(exists: true) }
        guard let record = OutputRecord.owned(by: folder.path) else {
            throw TallyError.cannotWrite(
                path: folder.described,
                message:
                    "exists and is not a Tally output folder (no _SUCCESS record of Tally's); it holds \(listed(names)); refusing to replace it",
                errno: nil)
        }
        guard record.content == content else {
            throw TallyError.cannotWrite(
                path: folder.described,
                message:
                    "holds Tally's \(record.content.rawValue) output, not \(content.rawValue); refusing to replace it",
                errno: nil)
        }
        var previous = PreviousOutput(exists: true)
        (previous.owned, previous.others) = try sorted(folder.path, files: record.files)
        try checkWritable(folder, folders: ancestors(of: previous.owned))
        return previous
    }

    /// What is below `path`: the files a record lists, and the entries it does not
    /// (a folder holding no listed file is one entry, ending in `/`).
    static func sorted(_ path: String, files: Set<String>) throws -> (owned: [String], others: [String]) {
        var result: (owned: [String], others: [String]) = ([], [])
        let folders = ancestors(of: files)
        try OutputRecord.walk(path, relative: "") { relative, isFolder in
            if isFolder && folders.contains(relative) { return true }
            if !isFolder && files.contains(relative) {
                result.owned.append(relative)
            } else {
                result.others.append(isFolder ? relative + "/" : relative)
            }
            return false
        }
        return result
    }

    /// The folders (relative, `""` for the top) that hold the given files.
    static func ancestors(of files: some Sequence<String>) -> Set<String> {
        var folders: Set<String> = [""]
        for file in files {
            var parent = (file as NSString).deletingLastPathComponent
            while !parent.isEmpty && folders.insert(parent).inserted {
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        return folders
    }

    /// Names for a message: the first few, then how many more.
    static func listed(_ names: [String], limit: Int = 8) -> String {
        let shown = names.prefix(limit).map(PathText.escaped).joined(separator: ", ")
        return names.count > limit ? shown + " and \(names.count - limit) more" : shown
    }

    /// Refuses up front a folder whose old files could not be removed once replaced
    /// (a read-only folder), rather than publishing and leaving them behind.
    private static func checkWritable(_ folder: OutputFolder, folders: Set<String>) throws {
        for relative in folders.sorted() {
            let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
            if access(path, W_OK) != 0 {
                throw TallyError.cannotWrite(
                    path: folder.described,
                    message:
                        "\(relative.isEmpty ? "the folder" : relative) is read-only, so its earlier results could not be replaced; make it writable or choose another output",
                    errno: errno)
            }
        }
    }
}
