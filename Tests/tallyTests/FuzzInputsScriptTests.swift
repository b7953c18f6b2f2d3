import Foundation
import TallyTestSupport
import Testing

/// `Scripts/fuzz-inputs --quick` with the built binary: every malformed input is accounted for.
@Suite("Scripts/fuzz-inputs")
struct FuzzInputsScriptTests {
    /// The counts of the script's summary line, `fuzz-inputs: N cases, A accounted, F failed`.
    struct Summary: Equatable {
        var cases: Int
        var accounted: Int
        var failed: Int

        init?(_ line: Substring) {
            guard let match = line.wholeMatch(of: /fuzz-inputs: (\d+) cases, (\d+) accounted, (\d+) failed/),
                let cases = Int(match.1), let accounted = Int(match.2), let failed = Int(match.3)
            else { return nil }
            self.cases = cases
            self.accounted = accounted
            self.failed = failed
        }
    }

    /// Runs the script and returns its exit status and everything it printed (stdout and stderr together).
    static func fuzzInputs(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.path("Scripts/fuzz-inputs"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("The quick set: every case accounted for, none failed, one summary line last")
    func quickSet() throws {
        let (status, output) = try Self.fuzzInputs(["--quick", "--tally", TallyCommand.executable])
        let lines = output.split(separator: "\n")
        let summary = try #require(lines.last.flatMap(Summary.init), "no summary line:\n\(output)")
        #expect(status == 0, "\(output)")
        #expect(summary.failed == 0, "\(output)")
        #expect(summary.accounted == summary.cases, "\(output)")
        // One table row per case, for the cases --list names.
        let listed = try Self.fuzzInputs(["--quick", "--list"])
        #expect(listed.status == 0)
        #expect(summary.cases == listed.output.split(separator: "\n").count)
        #expect((30...40).contains(summary.cases))
        let rows = lines.filter { $0.hasSuffix(" ok") || $0.hasSuffix(" FAIL") }
        #expect(rows.count == summary.cases, "\(output)")
    }
}
