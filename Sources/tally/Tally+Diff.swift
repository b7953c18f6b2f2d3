import ArgumentParser
import Foundation
import TallyComparison
import TallyModel
import TallyPipeline

extension Tally {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two runs: tables, inputs, definition and counts.",
            discussion: """
                Compares OLD_DIR's and NEW_DIR's tables (every tables/.../part-*.csv, rows matched on \
                edition, table, banner, column code, row code and statistic) and manifests (each \
                edition's, for a multi-edition tree): per changed table the rows added and removed, the \
                values changed and the largest absolute change of 'value' with its row; the editions and \
                partitions that appeared or disappeared; the input files added, removed or changed (any \
                manifest field; inputs are paired by path, then by file name, and one read from another \
                folder but otherwise equal is not a change); changed definitions (pipeline.sha256); and \
                the row counts that changed; and the tests of independence whose status, level of \
                significance or p-value changed. Tables are listed largest change first.
                Exit codes, as diff(1): 0 nothing changed, 1 something changed; 64 bad usage, 65 an \
                unreadable manifest or table file, 66 a folder missing or without manifest.json.
                """
        )

        @Argument(help: "The earlier run's output folder.")
        var oldDirectory: String

        @Argument(help: "The later run's output folder.")
        var newDirectory: String

        @Option(name: .long, help: "Absolute changes of a number up to this are not changes.")
        var tolerance: Double = 0

        @Option(
            name: .customLong("statistic"),
            help: "Compare only the table rows of this statistic (percent, mean, count…); repeat for several.")
        var statistics: [String] = []

        @Flag(name: .long, help: "Write the comparison as JSON.")
        var json = false

        func validate() throws {
            guard tolerance >= 0, tolerance.isFinite else {
                throw ValidationError("--tolerance must be a number at least 0")
            }
        }

        func run() throws {
            var changed = false
            try exitingOnError {
                let diff = try RunDiff.compare(
                    old: oldDirectory, new: newDirectory, tolerance: tolerance, statistics: Set(statistics))
                FileHandle.standardOutput.write(Data((json ? diff.json : diff.report).utf8))
                changed = diff.changed
            }
            if changed { throw ExitCode(1) }
        }
    }
}
