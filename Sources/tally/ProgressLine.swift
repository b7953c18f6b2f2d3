import Dispatch
import Foundation
import Synchronization
import TallyPipeline

/// The progress line `tally run` keeps at the bottom of a terminal: files done,
/// compressed MB/s, respondents/s and the time left. Shown only when stderr is a
/// terminal, so logs and cron mail stay clean.
final class ProgressLine {
    private static let shown = Mutex(false)
    private let timer: DispatchSourceTimer

    /// Starts redrawing every half second, or returns nil when stderr is not a terminal.
    init?(progress: RunProgress) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let started = DispatchTime.now()
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
        timer.setEventHandler { Self.draw(progress, since: started) }
        timer.resume()
    }

    /// Stops and erases the line.
    func stop() {
        timer.cancel()
        Self.clearingLine {}
    }

    /// Runs `write` with the progress line erased first, so other output never mixes with it.
    static func clearingLine(_ write: () -> Void) {
        shown.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
            write()
        }
    }

    private static func draw(_ progress: RunProgress, since started: DispatchTime) {
        let now = progress.snapshot
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard seconds > 0, now.filesTotal > 0 else { return }
        let bytesPerSecond = Double(now.bytesDone) / seconds
        let left = bytesPerSecond > 0 ? Double(max(now.bytesTotal - now.bytesDone, 0)) / bytesPerSecond : 0
        let text = String(
            format: "tally: files %d/%d, %.1f MB/s, %.0f respondents/s, ETA %d:%02d", now.filesDone, now.filesTotal,
            bytesPerSecond / 1e6, Double(now.respondents) / seconds, Int(left) / 60, Int(left) % 60)
        shown.withLock { shown in
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            shown = true
        }
    }
}
