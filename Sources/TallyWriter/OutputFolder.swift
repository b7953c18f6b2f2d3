import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output folder as the user named it and as Tally writes it.
///
/// The path is checked once and resolved once: made absolute, its parent's links
/// and `..` steps resolved, and a symbolic link in its last place followed to the
/// folder it names. Results are published to that folder and its lock is taken
/// there, so two names for one folder exclude each other and a link stays a link.
public struct OutputFolder: Sendable, Equatable {
    /// The path as given, for messages.
    public let given: String
    /// The folder results are published to: absolute, with links resolved.
    public let path: String

    /// Resolves an output path.
    /// - Throws: `TallyError.usage` (exit 64) for an empty path, `.`, `..` or `/`,
    ///   which cannot be swapped for a new folder; `TallyError.cannotWrite` when a
    ///   link points nowhere Tally can write.
    public init(_ given: String) throws {
        self.given = given
        try Self.checkUsable(given)
        path = try Self.resolve(given, hops: 0)
    }

    /// The folder that holds the output folder.
    public var parent: String { (path as NSString).deletingLastPathComponent }
    /// The output folder's own name.
    public var name: String { (path as NSString).lastPathComponent }

    /// How messages name the folder: as given, and where a link led elsewhere, where to.
    public var described: String {
        let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        return PathText.normalized(absolute) == path ? given : "\(given) (-> \(path))"
    }

    private static func checkUsable(_ given: String) throws {
        let last = given.split(separator: "/").last.map(String.init) ?? ""
        if given.isEmpty {
            throw TallyError.usage("--output is empty: name the folder the results go to")
        }
        if last.isEmpty || last == "." || last == ".." {
            throw TallyError.usage(
                "--output '\(given)' names a folder in use as the current or a parent folder; results are published by swapping the output folder for a new one, so name a folder of its own (for example results)"
            )
        }
    }

    /// Follows a link in the last place (up to 32 hops), after resolving the parent.
    private static func resolve(_ given: String, hops: Int) throws -> String {
        let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        let normalized = PathText.normalized(absolute)
        let parent = (normalized as NSString).deletingLastPathComponent
        let name = (normalized as NSString).lastPathComponent
        let realParent = realPath(parent) ?? parent
        let candidate = (realParent == "/" ? "" : realParent) + "/" + name
        var status = stat()
        guard lstat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return candidate }
        guard hops < 32, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate) else {
            throw TallyError.cannotWrite(path: given, message: "is a link that cannot be followed", errno: nil)
        }
        let next = target.hasPrefix("/") ? target : realParent + "/" + target
        try checkUsable(next)
        return try resolve(next, hops: hops + 1)
    }

    /// `realpath(3)` of a path that exists; nil when it does not.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else {
            // A parent that does not exist yet: resolve what of it does.
            let parent = (path as NSString).deletingLastPathComponent
            guard parent != path, !parent.isEmpty, let base = realPath(parent) else { return nil }
            return (base == "/" ? "" : base) + "/" + (path as NSString).lastPathComponent
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
