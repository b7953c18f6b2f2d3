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
public enum InputFiles {
    /// File name endings read when an input names a folder.
    static let endings = [".csv", ".csv.gz"]

    /// Expands the definition's own patterns, relative to the definition's folder.
    public static func fromDefinition(_ definition: PipelineDefinition) throws -> [String] {
        let folder = (definition.sourcePath as NSString).deletingLastPathComponent
        let patterns = definition.input.files.map { pattern in
            pattern.hasPrefix("/") || folder.isEmpty ? pattern : folder + "/" + pattern
        }
        return try expand(patterns)
    }

    /// Expands inputs given on the command line (relative to the working folder):
    /// each a file, a folder (its `.csv` and `.csv.gz` files) or a glob pattern.
    /// - Throws: `TallyError.inputMissing` for an input that names nothing.
    public static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) {
                files += isDirectory.boolValue ? try folderFiles(input) : [input]
                continue
            }
            let matches = glob(input)
            if matches.isEmpty {
                throw TallyError.inputMissing(path: input, message: "no input file matches this path or pattern")
            }
            files += matches
        }
        var seen = Set<String>()
        return files.map(normalized).filter { seen.insert($0).inserted }
    }

    /// A path with `.` and `name/..` steps removed, so messages show `Fixtures/a.csv.gz`
    /// rather than `Pipelines/../Fixtures/a.csv.gz`.
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    private static func folderFiles(_ folder: String) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let files = names.filter { name in !name.hasPrefix(".") && endings.contains { name.hasSuffix($0) } }.sorted()
        if files.isEmpty {
            throw TallyError.inputMissing(path: folder, message: "the folder holds no .csv or .csv.gz files")
        }
        return files.map { folder + "/" + $0 }
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }
}
