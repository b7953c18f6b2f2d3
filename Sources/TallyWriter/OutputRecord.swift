import Foundation
import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `_SUCCESS`: marks a complete Tally output and lists every file Tally wrote into
/// it, so a later run knows exactly what it may replace.
///
/// Spark and Hadoop readers only test that `_SUCCESS` exists; its text is this
/// record as sorted JSON (as S3A committers list their files in theirs). It holds
/// no time or run id, so identical runs write identical records.
public struct OutputRecord: Codable, Sendable, Equatable {
    /// What kind of output a folder holds; one kind never replaces another.
    public enum Content: String, Codable, Sendable {
        /// Tables and the other results of `tally run` or `tally merge`.
        case results
        /// A partial result of `tally run --partial`, for `tally merge`.
        case partial
    }

    /// Always `tally`.
    public var tool: String
    public var content: Content
    /// Every file Tally wrote, relative to the folder and sorted; `_SUCCESS` itself is not listed.
    public var files: [String]

    /// The record's file name.
    public static let fileName = "_SUCCESS"

    public init(content: Content, files: [String]) {
        tool = "tally"
        self.content = content
        self.files = files.sorted()
    }

    /// The record of everything below `folder` (files and links; folders follow from them).
    /// - Throws: `TallyError.cannotWrite` when the folder cannot be listed.
    public static func listing(_ folder: String, content: Content) throws -> OutputRecord {
        var files: [String] = []
        try walk(folder, relative: "") { relative, isFolder in
            if !isFolder && relative != fileName { files.append(relative) }
            return true
        }
        return OutputRecord(content: content, files: files)
    }

    /// Writes the record as `_SUCCESS` into `folder`.
    public func write(into folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        try FileOutput.write(folder + "/" + Self.fileName, [String(decoding: data, as: UTF8.self) + "\n"])
    }

    /// The files of `folder` that Tally wrote there, by the folder's record.
    /// - Returns: nil when the folder holds no record Tally wrote.
    static func owned(by folder: String) -> (content: Content, files: Set<String>)? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName) else { return nil }
        if let record = try? JSONDecoder().decode(OutputRecord.self, from: data), record.tool == "tally" {
            return (record.content, Set(record.files + [fileName]))
        }
        return data.isEmpty ? LegacyOutput.owned(by: folder) : nil
    }

    /// Walks a folder depth first without following links, in name order.
    /// - Parameter visit: called with each entry's relative path and whether it is a
    ///   folder; a folder is entered only when `visit` returns true.
    static func walk(_ folder: String, relative: String, _ visit: (String, Bool) throws -> Bool) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw TallyError.cannotWrite(path: folder, message: "cannot list the folder: \(error)", errno: nil)
        }
        for name in names {
            let path = folder + "/" + name
            let entry = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            let isFolder = lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
            if try visit(entry, isFolder) && isFolder { try walk(path, relative: entry, visit) }
        }
    }
}

/// Output folders written before `_SUCCESS` listed its files (an empty `_SUCCESS`):
/// what their manifests list is theirs.
enum LegacyOutput {
    private struct Listed: Decodable {
        struct Output: Decodable { var path: String }
        struct Edition: Decodable { var manifest: String? }
        var tool: String
        var outputs: [Output]?
        var editions: [Edition]?
    }

    static func owned(by folder: String) -> (content: OutputRecord.Content, files: Set<String>)? {
        if FileManager.default.fileExists(atPath: folder + "/partial.bin") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            let spools = names.filter { $0.hasPrefix("spool-") && $0.hasSuffix(".tsv") }
            return (.partial, Set(["partial.bin", OutputRecord.fileName] + spools))
        }
        guard let top = listed(folder, "manifest.json") else { return nil }
        var files: Set<String> = ["manifest.json", OutputRecord.fileName]
        files.formUnion(top.outputs?.map(\.path) ?? [])
        for manifest in top.editions?.compactMap(\.manifest) ?? [] {
            // An edition's manifest lists its tables as they lie in the shared trees
            // and its other files as they lie in the edition's own folder.
            guard let edition = listed(folder, manifest) else { continue }
            let base = (manifest as NSString).deletingLastPathComponent
            let paths = (edition.outputs ?? []).map(\.path)
            files.formUnion([manifest, base + "/" + OutputRecord.fileName, "trends/part-00000.csv"])
            files.formUnion(paths + paths.map { base + "/" + $0 })
        }
        return (.results, files)
    }

    private static func listed(_ folder: String, _ file: String) -> Listed? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + file),
            let listed = try? JSONDecoder().decode(Listed.self, from: data), listed.tool == "tally"
        else { return nil }
        return listed
    }
}
