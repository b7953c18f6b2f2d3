import ArgumentParser
import Foundation
import TallyComparison
import TallyModel
import TallyWriter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PresentedTable.TextFormat: ExpressibleByArgument {}

extension Tally {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one table of a finished run as a person reads it, or list its tables.",
            discussion: """
                With a table name, prints its title, question and base, then the total and \
                every banner's columns with their test letters, the base rows and each answer's \
                percentages (or the statistics chosen), letters beside the numbers they \
                qualify, * beside low bases, ** for suppressed estimates and a dash for columns \
                without respondents. The text fits the terminal's width (banners that do not \
                fit follow in further blocks) and is coloured only on a terminal. A categorical \
                table's tests of independence follow it, a line per banner. Without a table name, lists the run's tables.
                Exit codes: 0 success, 64 unknown table, edition or statistic, 65 unreadable \
                table file, 66 folder missing or not a Tally output.
                """)

        @Argument(help: "A finished run's output folder.")
        var runDirectory: String

        @Argument(help: "The table to print (its name, as `tally show RUN_DIR` lists them).")
        var table: String?

        @Option(help: "The edition, when the folder holds several.")
        var edition: String?

        @Option(
            name: .customLong("banner"), help: "Show only this banner's columns (and the total); repeat for several.")
        var banners: [String] = []

        @Option(
            name: .customLong("statistic"),
            help:
                "The statistics under each answer, in order (percent, count, weighted_count, mean, sd…); repeat for several. Default: percentages, means and ratios."
        )
        var statistics: [String] = []

        @Option(help: "text (fitted to the terminal), markdown or csv.")
        var format: PresentedTable.TextFormat = .text

        func run() throws {
            try exitingOnError {
                guard let table else {
                    FileHandle.standardOutput.write(Data(try Self.list(runDirectory).utf8))
                    return
                }
                if let unknown = statistics.first(where: { Statistic(rawValue: $0) == nil }) {
                    throw TallyError.usage(
                        "unknown statistic '\(unknown)'; use \(Statistic.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let shown = statistics.isEmpty ? TabBookSpec.defaultStatistics : statistics.compactMap(Statistic.init)
                var read = try RunTable.read(
                    folder: runDirectory, table: table, edition: edition, statistics: TabBook.shown(shown))
                if !banners.isEmpty {
                    let known = read.table.banners.map(\.name)
                    if let unknown = banners.first(where: { !known.contains($0) }) {
                        throw TallyError.usage(
                            "table '\(table)' has no banner '\(unknown)'; its banners: \(known.joined(separator: ", "))"
                        )
                    }
                    read.table.banners = read.table.banners.filter { banners.contains($0.name) }
                    read.rows = read.rows.filter { banners.contains($0.banner) }
                }
                let presented = PresentedTable(read.table, rows: read.rows)
                let terminal = isatty(STDOUT_FILENO) == 1
                let width = Self.width(terminal: terminal)
                let text =
                    presented.text(format, width: width, colour: terminal)
                    + PresentedTable.notes(Self.independenceLines(read, banners: banners), format: format, width: width)
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }

        /// The table's tests of independence, one line per banner shown.
        static func independenceLines(_ read: RunTable, banners: [String]) -> [String] {
            let tests = read.independence.filter { banners.isEmpty || banners.contains($0.test.banner) }
            let answers = Dictionary(read.rows.map { ($0.rowCode, $0.row) }, uniquingKeysWith: { first, _ in first })
            let columns = Dictionary(
                read.rows.map { ($0.banner + "\u{1}" + $0.columnCode, $0.column) },
                uniquingKeysWith: { first, _ in first })
            return tests.map { read in
                TabBook.independenceLine(
                    read.test, heading: read.test.banner, significantAt: read.significantAt,
                    answerLabel: { answers[$0] ?? $0 }, columnLabel: { columns[read.test.banner + "\u{1}" + $0] ?? $0 })
            }
        }

        /// The run's tables, a line each: edition, name, title and base.
        static func list(_ folder: String) throws -> String {
            let entries = try RunTable.entries(in: folder)
            let nameWidth = entries.map(\.name.count).max() ?? 0
            let several = Set(entries.map(\.edition)).count > 1
            return entries.map { entry in
                let edition = several ? "edition=\(entry.edition)  " : ""
                let name = entry.name + String(repeating: " ", count: nameWidth - entry.name.count)
                return "\(edition)\(name)  \(entry.title) (base: \(entry.baseText))\n"
            }.joined()
        }

        /// The width to fit: $COLUMNS, else a terminal's window, else 100; at least 60.
        static func width(terminal: Bool) -> Int {
            if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) {
                return max(60, columns)
            }
            var size = winsize()
            guard terminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 100 }
            return max(60, Int(size.ws_col))
        }
    }
}
