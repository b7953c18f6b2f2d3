import Foundation
import TallyModel
import TallyWriter

/// Whether an earlier run already produced what a run would: the same tool
/// version, the same definition bytes and the same input files with the same
/// bytes. Runs are deterministic, so its results are the ones this run would write.
enum UnchangedCheck {
    /// The earlier run's manifest when its results are complete (`_SUCCESS`) and
    /// were made from exactly these inputs and definition; nil otherwise.
    static func previousRun(
        in folder: String, pipeline: Manifest.Pipeline, files: [String], digests: [String]
    ) -> Manifest? {
        guard FileManager.default.fileExists(atPath: folder + "/_SUCCESS"),
            let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
            let previous = try? JSONFile.decoder.decode(Manifest.self, from: data)
        else { return nil }
        let sameInputs =
            previous.inputs.map(\.file) == files && previous.inputs.map(\.sha256) == digests
        let samePipeline = previous.pipeline.sha256 == pipeline.sha256 && previous.pipeline.edition == pipeline.edition
        return previous.toolVersion == TallyVersion.current && sameInputs && samePipeline ? previous : nil
    }
}
