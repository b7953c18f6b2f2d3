import Foundation
import TallyModel
import TallySynth

/// A synthetic data set for `tally bench`, generated once into a cache folder and
/// reused while the definition and the generation options stay the same.
public struct BenchDataset: Sendable {
    /// What to generate.
    public var options: SynthOptions

    /// The data set of `options`, in a folder below `cache` named after them.
    public init(respondents: Int, shards: Int, seed: UInt64, extraColumns: Int, cache: String) {
        let name = "r\(respondents)-k\(shards)-s\(seed)-x\(extraColumns)"
        options = SynthOptions(
            respondents: respondents, shards: shards, seed: seed, outputDirectory: cache + "/" + name,
            extraColumns: extraColumns)
    }

    /// The shard files, generated first unless the folder holds a complete set
    /// made from the same definition with the same options.
    /// - Returns: the files and whether they were generated now.
    /// - Throws: `TallyError` from loading the definition or writing the shards.
    public func files(definitionPath: String) throws -> (files: [String], generated: Bool) {
        let definitionBytes: Data
        do {
            definitionBytes = try Data(contentsOf: URL(fileURLWithPath: definitionPath))
        } catch {
            throw TallyError.inputMissing(path: definitionPath, message: "cannot read the definition")
        }
        let stamp = stampPath
        let expected =
            "definition-fnv1a=\(Self.fnv1a(definitionBytes)) respondents=\(options.respondents) shards=\(options.shards) seed=\(options.seed) extra-columns=\(options.extraColumns)\n"
        if let existing = try? String(contentsOfFile: stamp, encoding: .utf8), existing == expected {
            let files = shardPaths
            if files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return (files, false) }
        }
        try? FileManager.default.removeItem(atPath: stamp)
        let report = try Synthesizer.write(try SynthesisDefinition.load(path: definitionPath), options: options)
        do {
            try Data(expected.utf8).write(to: URL(fileURLWithPath: stamp))
        } catch {
            throw TallyError.cannotWrite(path: stamp, message: "\(error.localizedDescription)", errno: nil)
        }
        return (report.files, true)
    }

    /// The file that records which definition and options made the shards.
    private var stampPath: String { options.outputDirectory + "/.tally-bench-complete" }

    /// The shard files `Synthesizer` writes for these options.
    private var shardPaths: [String] {
        Synthesizer.shardFileNames(shards: options.shards).map { options.outputDirectory + "/" + $0 }
    }

    /// The 64-bit FNV-1a hash of some bytes: enough to notice a changed definition.
    private static func fnv1a(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
