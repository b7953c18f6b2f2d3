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

    /// Runs `tally` with arguments in the repository's root folder.
    /// - Parameter fileSizeLimit: a limit in 512-byte blocks on the size of any file
    ///   written (`ulimit -f`), to make writing fail as on a full disk.
    static func run(_ arguments: [String], fileSizeLimit: Int? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, fileSizeLimit: fileSizeLimit)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `tally` without waiting, for tests that signal it; its output goes to the pipes returned.
    static func start(_ arguments: [String], fileSizeLimit: Int? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit) && exec \"$0\" \"$@\"", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }
}

/// Every file below a folder with its bytes, by relative path.
func snapshot(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = folder + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = FileManager.default.contents(atPath: path)
        }
    }
    return files
}
