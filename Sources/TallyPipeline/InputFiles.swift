import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the respondent files of a run: glob patterns, folders and plain paths,
/// expanded, sorted and without repeats, so a run reads the same files in the
/// same order wherever it is started from.
///
/// Only regular files are read: a FIFO, socket or device named or found is refused
/// before anything is opened, as reading one could block forever. A file reached
/// twice (through two patterns, a link or a hard link) is read once. File names
/// that are not UTF-8 are kept byte for byte (see `PathText.fromFileSystem`).
public enum InputFiles {
    /// File name endings read when an input names a folder.
    static let endings = [".csv", ".csv.gz"]

    /// The files of a run, and what expanding the inputs found worth a warning.
    public struct Expanded: Sendable {
        /// The files, in order, each once.
        public var files: [String]
        /// Files reached more than once, each named with the path it was first reached by.
        public var warnings: [String]
    }

    /// Expands the definition's own patterns, relative to the definition's folder.
    public static func fromDefinition(_ definition: PipelineDefinition) throws -> Expanded {
        let folder = (definition.sourcePath as NSString).deletingLastPathComponent
        let patterns = definition.input.files.map { pattern in
            pattern.hasPrefix("/") || folder.isEmpty ? pattern : folder + "/" + pattern
        }
        return try expand(patterns)
    }

    /// Expands inputs given on the command line (relative to the working folder):
    /// each a file, a folder (its `.csv` and `.csv.gz` files) or a glob pattern.
    /// - Throws: `TallyError.inputMissing` (exit 66) for an input that names nothing,
    ///   or a FIFO, socket, device or other file that is not a regular file.
    public static func expand(_ inputs: [String]) throws -> Expanded {
        var found: [String] = []
        for input in inputs {
            switch kind(of: input) {
            case .folder: found += try folderFiles(input)
            case .regular: found.append(input)
            case .other: try refuseSpecialFiles([input])
            case .missing:
                let matches = glob(input)
                if matches.isEmpty {
                    throw TallyError.inputMissing(
                        path: PathText.escaped(input), message: "no input file matches this path or pattern")
                }
                try refuseSpecialFiles(matches)
                found += matches
            }
        }
        return unique(found.map(PathText.normalized))
    }

    /// A file's size in bytes; nil when it cannot be read.
    static func size(of path: String) -> Int? {
        var status = stat()
        return PathText.withFileSystemPath(path) { stat($0, &status) } == 0 ? Int(status.st_size) : nil
    }

    /// Keeps the first path to each file (by device and inode), naming the repeats.
    private static func unique(_ paths: [String]) -> Expanded {
        var seen: [String: String] = [:]
        var repeated: Set<String> = []
        var result = Expanded(files: [], warnings: [])
        for path in paths {
            var status = stat()
            let key =
                PathText.withFileSystemPath(path) { stat($0, &status) } == 0
                ? "\(status.st_dev):\(status.st_ino)" : path
            if let first = seen[key] {
                if first != path && repeated.insert(path).inserted {
                    result.warnings.append(
                        "\(PathText.escaped(path)) is the same file as \(PathText.escaped(first)); it is read once")
                }
                continue
            }
            seen[key] = path
            result.files.append(path)
        }
        return result
    }

    private enum Kind: Equatable {
        case missing, folder, regular
        /// Anything else, described for a message.
        case other(String)
    }

    /// What a path names, following links.
    private static func kind(of path: String) -> Kind {
        var status = stat()
        guard PathText.withFileSystemPath(path, { stat($0, &status) }) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .regular
        case S_IFIFO: return .other("a FIFO (named pipe)")
        case S_IFSOCK: return .other("a socket")
        case S_IFCHR, S_IFBLK: return .other("a device")
        default: return .other("not a regular file")
        }
    }

    /// The `.csv` and `.csv.gz` files of a folder, by their names' bytes, so names
    /// that are not UTF-8 are found and read.
    private static func folderFiles(_ folder: String) throws -> [String] {
        let names = try rawNames(in: folder).filter { name in
            !name.hasPrefix(".") && endings.contains { name.hasSuffix($0) }
        }.sorted()
        if names.isEmpty {
            throw TallyError.inputMissing(
                path: PathText.escaped(folder), message: "the folder holds no .csv or .csv.gz files")
        }
        let files = names.map { folder + "/" + $0 }
        try refuseSpecialFiles(files)
        return files
    }

    /// - Throws: `TallyError.inputMissing` naming the first path that is a FIFO,
    ///   socket, device or other file that is neither a folder nor a regular file.
    private static func refuseSpecialFiles(_ paths: [String]) throws {
        for path in paths {
            if case .other(let what) = kind(of: path) {
                throw TallyError.inputMissing(
                    path: PathText.escaped(path), message: "is \(what), not a regular file; only regular files are read"
                )
            }
        }
    }

    private static func rawNames(in folder: String) throws -> [String] {
        guard let directory = PathText.withFileSystemPath(folder, { opendir($0) }) else {
            throw TallyError.inputMissing(
                path: PathText.escaped(folder), message: "cannot list the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            names.append(PathText.fromFileSystem(bytes))
        }
        return names
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard PathText.withFileSystemPath(pattern, { Glibc.glob($0, 0, nil, &result) }) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { PathText.fromFileSystem(cString: $0) }
        }
    }
}
