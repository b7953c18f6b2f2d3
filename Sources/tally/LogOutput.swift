import Foundation
import Logging
import TallyModel

/// How `tally` writes its log on stderr.
enum LogFormat: String, CaseIterable, Sendable {
    /// `tally: warning: message (key: value)`, for people.
    case human
    /// One JSON object per line with `time`, `level`, `message` and the metadata, for log collectors.
    case json
}

/// A swift-log handler writing one line per event to stderr, in either format.
/// Control characters in messages and values (a newline in a file name) are
/// escaped, so no text can forge a log line.
struct StderrLogHandler: LogHandler {
    let format: LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let line: String
        switch format {
        case .human:
            let level = event.level >= .warning ? "\(event.level): " : ""
            let details = merged.sorted { $0.key < $1.key }.map { "\($0.key): \(PathText.escaped("\($0.value)"))" }
            line =
                "tally: \(level)\(PathText.escaped("\(event.message)"))"
                + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
        case .json:
            var object: [String: String] = [
                "time": ISO8601DateFormatter().string(from: Date()), "level": "\(event.level)",
                "message": PathText.escaped("\(event.message)"),
            ]
            for (key, value) in merged { object[key] = PathText.escaped("\(value)") }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        ProgressLine.clearingLine { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
