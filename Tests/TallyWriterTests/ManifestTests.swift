import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

/// `manifest.json` holds finite numbers only, and counts of trimmed values only when there are some.
@Suite("Manifest")
struct ManifestTests {
    static func manifest(meanWeight: Double, trimmed: Int) -> Manifest {
        Manifest(
            toolVersion: "0", pipeline: Manifest.Pipeline(path: "p.yaml", survey: "s", edition: "1", sha256: "00"),
            inputs: [
                Manifest.Input(
                    file: "a.csv", bytes: 1, sha256: "00", rows: 1, rowsRejected: 0, valuesExcluded: 0,
                    ignoredColumns: [], valuesTrimmed: trimmed)
            ],
            rowsRead: 1, rowsUsed: 1, rowsRejected: 0, valuesExcluded: 0, rejectsByRule: [:],
            weighting: Manifest.Weighting(
                method: "base weights", sweeps: nil, marginError: nil, lastChange: nil, minimumWeight: 1,
                maximumWeight: 1, meanWeight: meanWeight, efficiency: 1, effectiveBase: 1, assumedMargins: []),
            reprocessedFiles: [], outputs: [], valuesTrimmed: trimmed)
    }

    @Test("A number JSON cannot hold is refused as an internal error naming its key")
    func nonFinite() throws {
        let folder = try TemporaryFolder()
        for value in [Double.infinity, -.infinity, .nan] {
            let path = folder.file("manifest.json")
            let error = #expect(throws: TallyError.self) {
                try Self.manifest(meanWeight: value, trimmed: 0).write(to: path)
            }
            guard case .cannotWrite(let named, let message, nil)? = error else {
                Issue.record("expected cannotWrite, got \(String(describing: error))")
                continue
            }
            #expect(named == path)
            #expect(message.hasPrefix("internal error: refusing to write "), "\(message)")
            #expect(message.hasSuffix(" at 'weighting.mean_weight' (JSON holds finite numbers only)"), "\(message)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("values_trimmed is written when values were trimmed, and left out when none were")
    func valuesTrimmed() throws {
        let folder = try TemporaryFolder()
        for trimmed in [0, 3] {
            let path = folder.file("manifest-\(trimmed).json")
            try Self.manifest(meanWeight: 1, trimmed: trimmed).write(to: path)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            let input = try #require((object["inputs"] as? [[String: Any]])?.first)
            #expect(object["values_trimmed"] as? Int == (trimmed == 0 ? nil : trimmed))
            #expect(input["values_trimmed"] as? Int == (trimmed == 0 ? nil : trimmed))
            #expect(object.keys.contains("values_trimmed") == (trimmed != 0))
        }
    }

    @Test("Stage times read back, inflate included, and as 0 from manifests written before it")
    func stagesWithAndWithoutInflate() throws {
        var stages = RunMetrics.Stages()
        (stages.read, stages.inflate, stages.clean, stages.aggregate, stages.spool) = (1.5, 0.5, 0.25, 0.125, 0.0625)
        let written = try JSONFile.encoder.encode(stages)
        #expect(try JSONFile.decoder.decode(RunMetrics.Stages.self, from: written) == stages)
        let older = Data(#"{"read": 1.5, "clean": 0.25, "aggregate": 0.125, "spool": 0.0625}"#.utf8)
        let read = try JSONFile.decoder.decode(RunMetrics.Stages.self, from: older)
        #expect(read.inflate == 0 && read.read == 1.5 && read.spool == 0.0625)
    }
}
