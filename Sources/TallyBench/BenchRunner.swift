import Foundation
import TallyModel
import TallyPipeline
import TallyWriter

/// Runs a pipeline several times on the same inputs into throwaway folders and
/// summarises the runs' metrics as medians.
public enum BenchRunner {
    /// Runs `options` `repeats` times, each into a fresh folder inside a temporary
    /// folder that is removed afterwards (`options.outputDirectory` is ignored).
    ///
    /// Before each run the process's peak-memory mark is reset (Linux
    /// `/proc/self/clear_refs`), so each run's peak is its own; where that is not
    /// possible the summary says so and peaks are the process's so far.
    /// - Parameter progress: called after each run with its number (1-based) and metrics.
    /// - Throws: `TallyError` from a run, or `.cannotWrite` when the temporary folder cannot be made.
    public static func run(
        _ options: RunOptions, repeats: Int, progress: (Int, RunMetrics) -> Void = { _, _ in }
    ) throws -> BenchSummary {
        guard repeats >= 1 else { throw TallyError.usage("--repeat must be at least 1 (got \(repeats))") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tally-bench-\(UUID().uuidString)"
        ).path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TallyError.cannotWrite(path: folder, message: error.localizedDescription, errno: nil)
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var runs: [RunMetrics] = []
        var resetWorked = true
        var files: [String] = []
        for index in 1...repeats {
            resetWorked = resetPeakMemory() && resetWorked
            var once = options
            once.outputDirectory = folder + "/run-\(index)"
            let report = try PipelineRunner.run(once)
            try? FileManager.default.removeItem(atPath: once.outputDirectory)
            files = report.manifest.inputs.map(\.file)
            runs.append(report.metrics)
            progress(index, report.metrics)
        }
        return BenchSummary(
            pipeline: options.definitionPath, inputs: files, jobs: options.jobs, runs: runs,
            peakMemoryPerRun: resetWorked)
    }

    /// Resets the kernel's peak resident memory mark of this process.
    /// - Returns: whether it was reset.
    private static func resetPeakMemory() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }
}
