import Foundation
import TallyTestSupport

/// Runs the built `tally` binary and captures what it printed.
struct TallyCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `tally` executable beside the test bundle.
    static let executable: String = {
        var url = Bundle.main.bundleURL
        if url.pathExtension == "xctest" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("tally").path
    }()

    /// Runs `tally` (or another program) with arguments in the repository's root folder.
    /// - Parameters:
    ///   - environment: variables added to the test's environment.
    ///   - fileSizeLimit: a limit in 512-byte blocks on the size of any file
    ///     written (`ulimit -f`), to make writing fail as on a full disk.
    static func run(
        _ arguments: [String], program: String = executable, environment: [String: String] = [:],
        fileSizeLimit: Int? = nil
    ) throws -> Result {
        let (process, out, err) = try start(
            arguments, program: program, environment: environment, fileSizeLimit: fileSizeLimit)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `tally` without waiting, for tests that signal it; its output goes to the pipes returned.
    static func start(
        _ arguments: [String], program: String = executable, environment: [String: String] = [:],
        fileSizeLimit: Int? = nil
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit) && exec \"$0\" \"$@\"", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }
}
