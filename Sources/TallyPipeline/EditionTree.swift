import Foundation
import TallyModel
import TallyWriter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Moves one edition's finished run folder into a multi-edition output tree: its
/// partitioned trees (`tables`, `questions`, `differences`, `independence`, `tabbook`,
/// `report`) into the shared ones, and everything else into `editions/edition=E/`.
enum EditionTree {
    /// The trees whose entries are partitioned by edition.
    static let sharedTrees = ["tables", "questions", "differences", "independence", "tabbook", "report"]

    /// Moves `folder`, one edition's complete run, into `tree`.
    /// - Throws: `TallyError.cannotWrite` when a move fails.
    static func move(edition: String, from folder: String, into tree: String) throws {
        let manager = FileManager.default
        for shared in sharedTrees {
            let source = folder + "/" + shared
            guard let entries = try? manager.contentsOfDirectory(atPath: source) else { continue }
            try FileOutput.makeDirectories(tree + "/" + shared)
            for entry in entries.sorted() {
                try moveItem(source + "/" + entry, to: tree + "/" + shared + "/" + entry)
            }
            try? manager.removeItem(atPath: source)
        }
        let own = tree + "/editions/edition=" + PartitionName.sanitized(edition)
        try FileOutput.makeDirectories(tree + "/editions")
        try moveItem(folder, to: own)
        // The edition's record lists what stays in its own folder.
        try OutputRecord.listing(own, content: .results).write(into: own)
    }

    private static func moveItem(_ source: String, to destination: String) throws {
        if rename(source, destination) != 0 {
            throw TallyError.cannotWrite(path: destination, message: String(cString: strerror(errno)), errno: errno)
        }
    }
}
