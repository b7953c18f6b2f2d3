/// Where in the input a problem was found: a file, and as far as known the line,
/// the field and the compressed byte offset.
public struct DataLocation: Sendable, Equatable, CustomStringConvertible {
    /// The input file, as the user named it.
    public var file: String
    /// The 1-based line where the record starts (the header is line 1).
    public var line: Int?
    /// The column (field) name in the file's header.
    public var field: String?
    /// The byte offset in the compressed file, for damaged gzip streams.
    public var byteOffset: Int?

    public init(file: String, line: Int? = nil, field: String? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.byteOffset = byteOffset
    }

    /// `file:line: field 'x'` (parts that are unknown are left out).
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let byteOffset { text += " (compressed byte \(byteOffset))" }
        if let field { text += ", field '\(field)'" }
        return text
    }
}

/// Every failure Tally reports, each with the exit code a scheduler acts on
/// (sysexits(3) values).
public enum TallyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad command-line usage (exit 64).
    case usage(String)
    /// A pipeline definition that cannot be used (exit 64): the file, the key path
    /// (`tables[2].banners`) and the line in the YAML where known.
    case definition(file: String, keyPath: String, line: Int?, message: String)
    /// Several independent problems in one definition (exit 64), each a `.definition`;
    /// `stoppedEarly` when checking stopped at a limit before the end.
    case definitionProblems([TallyError], stoppedEarly: Bool)
    /// Input data that cannot be processed (exit 65).
    case badData(DataLocation, String)
    /// An input file or pattern that matched nothing (exit 66).
    case inputMissing(path: String, message: String)
    /// Results could not be written (exit 73); `errno` is kept when the system gave one.
    case cannotWrite(path: String, message: String, errno: Int32?)
    /// Another run holds the output folder's lock (exit 75, temporary failure: try later).
    case busy(path: String, message: String)
    /// The run was stopped by SIGINT or SIGTERM (exit 128 + the signal number, as shells report it).
    case interrupted(signal: Int32)

    /// The sysexits(3) code for this error.
    public var exitCode: Int32 {
        switch self {
        case .usage, .definition, .definitionProblems: return 64
        case .badData: return 65
        case .inputMissing: return 66
        case .cannotWrite: return 73
        case .busy: return 75
        case .interrupted(let signal): return 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .usage(let message):
            return "usage: \(message)"
        case .definition(let file, let keyPath, let line, let message):
            let place = line.map { "\(file):\($0)" } ?? file
            let key = keyPath.isEmpty ? "" : " at '\(keyPath)'"
            return "\(place): definition error\(key): \(message)"
        case .definitionProblems(let problems, let stoppedEarly):
            let more = stoppedEarly ? " (checking stopped there; fix these and check again)" : ""
            var file = ""
            if case .definition(let path, _, _, _) = problems.first { file = "\(path): " }
            return (["\(file)\(problems.count) problems in the definition\(more):"] + problems.map { "  \($0)" })
                .joined(separator: "\n")
        case .badData(let location, let message):
            return "\(location): \(message)"
        case .inputMissing(let path, let message):
            return "\(path): \(message)"
        case .cannotWrite(let path, let message, let errno):
            let code = errno.map { " (errno \($0))" } ?? ""
            return "\(path): cannot write: \(message)\(code)"
        case .busy(let path, let message):
            return "\(path): busy: \(message)"
        case .interrupted(let signal):
            let name = signal == 2 ? "SIGINT" : signal == 15 ? "SIGTERM" : "signal \(signal)"
            return "stopped by \(name); the previous results were left as they were"
        }
    }
}
