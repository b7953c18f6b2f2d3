import Foundation
import TallyModel
import TallyWriter

/// A finished Tally run's output folder as `tally trend` and `tally diff` read it:
/// its manifests and its table files.
enum RunFolder {
    /// One `part-*.csv` below `tables/`.
    struct TableFile: Sendable {
        /// The file's path (the folder's path followed by its relative path).
        var path: String
        /// Its folder relative to the run folder, e.g. `tables/edition=2023/banner=customer`.
        var directory: String
        /// The `key=value` folders on its path, e.g. `edition` → `2023`.
        var partitions: [String: String]
    }

    /// Checks that a folder exists and is a Tally output.
    /// - Throws: `TallyError.inputMissing` (exit 66) for a missing folder or one without `manifest.json`.
    static func check(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TallyError.inputMissing(path: folder, message: "no such folder")
        }
        guard FileManager.default.fileExists(atPath: folder + "/manifest.json") else {
            throw TallyError.inputMissing(path: folder, message: "not a Tally output folder (no manifest.json)")
        }
    }

    /// Every `part-*.csv` below the folder's `tables/` (or another partitioned tree,
    /// such as `questions`), sorted by path.
    /// - Throws: as `check` does.
    static func tableFiles(in folder: String, tree: String = "tables") throws -> [TableFile] {
        try check(folder)
        var files: [TableFile] = []
        if let enumerator = FileManager.default.enumerator(atPath: folder + "/" + tree) {
            while let relative = enumerator.nextObject() as? String {
                let segments = relative.split(separator: "/").map(String.init)
                guard let name = segments.last, name.hasPrefix("part-"), name.hasSuffix(".csv") else { continue }
                var partitions: [String: String] = [:]
                for segment in segments.dropLast() {
                    guard let equals = segment.firstIndex(of: "=") else { continue }
                    partitions[String(segment[..<equals])] = String(segment[segment.index(after: equals)...])
                }
                files.append(
                    TableFile(
                        path: folder + "/" + tree + "/" + relative,
                        directory: ([tree] + segments.dropLast()).joined(separator: "/"), partitions: partitions))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A run's manifests by edition: its `manifest.json`, or for a multi-edition
    /// run the manifest of every edition that succeeded (`editions/edition=E/manifest.json`).
    /// - Throws: `TallyError.badData` (65) naming a manifest that is not a Tally manifest.
    static func manifests(in folder: String) throws -> [String: Manifest] {
        let path = folder + "/manifest.json"
        let data = try contents(path)
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard object?["editions"] != nil else {
            let manifest = try decode(Manifest.self, from: data, path: path)
            return [manifest.pipeline.edition: manifest]
        }
        var manifests: [String: Manifest] = [:]
        for edition in try decode(EditionsManifest.self, from: data, path: path).editions {
            guard edition.status == .succeeded, let relative = edition.manifest else { continue }
            let own = folder + "/" + relative
            manifests[edition.edition] = try decode(Manifest.self, from: try contents(own), path: own)
        }
        return manifests
    }

    private static func contents(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TallyError.inputMissing(path: path, message: "cannot read the manifest")
        }
        return data
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, path: String) throws -> Value {
        do {
            return try JSONFile.decoder.decode(type, from: data)
        } catch {
            throw TallyError.badData(DataLocation(file: path), "not a Tally manifest: \(error)")
        }
    }
}
