import Foundation
import Logging
import TallyModel
import TallyWriter

/// An output folder held by one run: resolved, locked, and cleared of what killed
/// runs left beside it. Every command that publishes results goes through it.
package struct OutputClaim {
    let folder: OutputFolder
    let lock: OutputLock
    /// A recovered lock and cleared staging folders, for the manifest.
    package let warnings: [String]
    let logger: Logger
    let cancellation: Cancellation

    /// Resolves `path`, takes its lock and clears the staging folders killed runs
    /// left beside it, saying so.
    /// - Throws: `TallyError.usage` for a path that cannot be an output folder,
    ///   `TallyError.busy` when another run holds the lock.
    package init(_ path: String, logger: Logger, cancellation: Cancellation) throws {
        folder = try OutputFolder(path)
        lock = try OutputLock(folder: folder)
        self.logger = logger
        self.cancellation = cancellation
        var warnings: [String] = []
        if let pid = lock.recoveredFrom {
            warnings.append("recovered the output lock of run \(pid), which ended without releasing it")
            logger.warning("\(warnings[warnings.count - 1])", metadata: ["lock": "\(lock.path)"])
        }
        let leftovers = OutputPublisher.removeLeftovers(of: folder)
        for leftover in leftovers.removed {
            warnings.append("removed the staging folder of an unfinished run: \(leftover)")
            logger.warning("removed the staging folder of an unfinished run", metadata: ["folder": "\(leftover)"])
        }
        for leftover in leftovers.kept {
            warnings.append(
                "kept the staging folder of an unfinished run, as it holds files Tally did not write: \(leftover)")
            logger.warning("\(warnings[warnings.count - 1])")
        }
        self.warnings = warnings
    }

    /// Runs `body` with a publisher for the folder, then publishes what it wrote;
    /// when `body` or the publication throws, the staging folder is removed and the
    /// folder is left as it was.
    /// - Parameters:
    ///   - content: the kind of output; a folder of another kind is not replaced.
    ///   - keepingOtherFiles: carry files Tally did not write into the new results.
    package func publishing<T>(
        _ content: OutputRecord.Content = .results, keepingOtherFiles: Bool, _ body: (OutputPublisher) throws -> T
    ) throws -> T {
        let publisher = try OutputPublisher(folder: folder, content: content, keepingOtherFiles: keepingOtherFiles)
        let lockPath = lock.path
        return try cancellation.whileRunning(cleanup: {
            publisher.abandon()
            unlink(lockPath)
        }) {
            do {
                let result = try body(publisher)
                for warning in try publisher.publish() {
                    logger.warning("\(warning)", metadata: ["output": "\(folder.described)"])
                }
                return result
            } catch {
                publisher.abandon()
                throw error
            }
        }
    }
}
