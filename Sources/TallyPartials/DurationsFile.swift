import Foundation
import TallyCleaner
import TallyModel
import TallyPipeline
import TallySpill

/// What `tally durations` writes: the interview-duration histogram of each input
/// file, keyed by the file's SHA-256, for a speeder rule relative to the median
/// duration of a run split over several partial results.
///
/// Framed by `BinaryFrame` (magic `TALLYDUR`); the body is a `HEAD` section (the
/// definition's SHA-256 and the number of files) and one `FILE` section per file
/// (path, SHA-256, respondents per whole second).
struct DurationsFile: Sendable {
    static let frame = BinaryFrame(magic: "TALLYDUR", version: 1, kind: "durations")

    /// One input file's histogram.
    struct Entry: Sendable {
        var file: String
        var sha256: String
        var histogram: DurationHistogram
    }

    var definitionSHA256: String
    var entries: [Entry]

    /// Writes the file through a temporary file and a rename.
    func write(to path: String) throws {
        var body = BinaryWriter()
        body.section("HEAD") { head in
            head.string(definitionSHA256)
            head.int(entries.count)
        }
        for entry in entries {
            body.section("FILE") { file in
                file.string(entry.file)
                file.string(entry.sha256)
                file.ints(entry.histogram.counts)
            }
        }
        try Self.frame.write(body, to: path)
    }

    /// Reads a durations file whole.
    static func read(_ path: String) throws -> DurationsFile {
        var body = try frame.read(path)
        let (definitionSHA256, count) = try body.section("HEAD") { head in (try head.string(), try head.int()) }
        var entries: [Entry] = []
        for _ in 0..<max(count, 0) {
            entries.append(
                try body.section("FILE") { file in
                    let name = try file.string()
                    let sha256 = try file.string()
                    guard let histogram = DurationHistogram(counts: try file.ints()) else {
                        throw file.damaged("a duration histogram holds a negative count")
                    }
                    return Entry(file: name, sha256: sha256, histogram: histogram)
                })
        }
        guard body.isAtEnd else { throw body.damaged("bytes after the last file") }
        return DurationsFile(definitionSHA256: definitionSHA256, entries: entries)
    }

    /// The histograms of several durations files by input SHA-256, all written for
    /// the definition with `definitionSHA256`.
    /// - Throws: `TallyError.badData` naming the file when one was written for
    ///   another definition or two name the same input.
    static func histograms(in paths: [String], definitionSHA256: String) throws -> [String: DurationHistogram] {
        var byDigest: [String: (file: String, source: String, histogram: DurationHistogram)] = [:]
        for path in paths {
            let durations = try read(path)
            guard durations.definitionSHA256 == definitionSHA256 else {
                throw TallyError.badData(
                    DataLocation(file: path),
                    "written for another definition (SHA-256 \(durations.definitionSHA256.prefix(12))…, this one is \(definitionSHA256.prefix(12))…)"
                )
            }
            for entry in durations.entries {
                if let earlier = byDigest[entry.sha256] {
                    throw TallyError.badData(
                        DataLocation(file: path),
                        "input \(entry.file) is counted twice: \(earlier.source) holds \(earlier.file) with the same SHA-256 \(entry.sha256.prefix(12))…"
                    )
                }
                byDigest[entry.sha256] = (entry.file, path, entry.histogram)
            }
        }
        return byDigest.mapValues(\.histogram)
    }
}
