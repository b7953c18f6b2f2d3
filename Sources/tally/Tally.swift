import ArgumentParser
import Foundation
import Logging
import TallyModel
import TallyPipeline

/// The `tally` command: a thin layer over the pipeline library.
@main
struct Tally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Turns gzipped survey respondent files into weighted report tables.",
        version: TallyVersion.current,
        subcommands: [
            Run.self, Merge.self, Validate.self, Show.self, Report.self, Synth.self, Trend.self, Diff.self, Bench.self,
        ]
    )

    /// Parses the arguments by their bytes: a path that is not UTF-8 (a Latin-1
    /// file name) keeps its bytes (`PathText.fromFileSystem`) instead of being
    /// decoded into a name no file has.
    static func main() {
        let arguments = (1..<Int(CommandLine.argc)).map {
            PathText.fromFileSystem(cString: CommandLine.unsafeArgv[$0]!)
        }
        main(arguments)
    }
}

/// Runs a body, turning a `TallyError` into its message on stderr (through `logger`
/// when given, so JSON logs stay JSON) and its sysexits code.
func exitingOnError(logger: Logger? = nil, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as TallyError {
        if let logger {
            logger.error("\(error)", metadata: ["exit_code": "\(error.exitCode)"])
        } else {
            // Each line is escaped on its own: a report of several problems keeps its lines.
            let lines = "\(error)".split(separator: "\n").map { PathText.escaped(String($0)) }
            FileHandle.standardError.write(Data("tally: \(lines.joined(separator: "\n"))\n".utf8))
        }
        throw ExitCode(error.exitCode)
    }
}

/// Writes a line to stderr.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
