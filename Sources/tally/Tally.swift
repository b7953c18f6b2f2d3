import ArgumentParser
import Foundation
import TallyModel
import TallyPipeline

/// The `tally` command: a thin layer over the pipeline library.
@main
struct Tally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Turns gzipped survey respondent files into weighted report tables.",
        version: TallyVersion.current,
        subcommands: [Run.self, Validate.self, Synth.self, Trend.self, Bench.self]
    )
}

/// Runs a body, turning a `TallyError` into its message on stderr and its sysexits code.
func exitingOnError(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as TallyError {
        FileHandle.standardError.write(Data("tally: \(error)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Writes a line to stderr.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
