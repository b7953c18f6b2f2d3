import Foundation
import Synchronization
import TallyAggregator
import TallyModel
import TallySpill
import TallyWriter

/// A run's counts, checked: every row read is used or rejected.
struct RunCounts {
    let rowsRead: Int
    let rowsRejected: Int
    let rowsUsed: Int
    let valuesExcluded: Int
    let valuesTrimmed: Int

    /// - Throws: `TallyError.badData` when the rows used and rejected do not add up to those read.
    init(_ merged: OrderedMerge.Merged) throws {
        rowsRead = merged.files.reduce(0) { $0 + $1.rowsRead }
        rowsRejected = merged.files.reduce(0) { $0 + $1.rowsRejected }
        valuesExcluded = merged.files.reduce(0) { $0 + $1.valuesExcluded }
        valuesTrimmed = merged.files.reduce(0) { $0 + $1.valuesTrimmed }
        rowsUsed = merged.state.respondentCount
        guard rowsUsed + rowsRejected == rowsRead else {
            throw TallyError.badData(
                DataLocation(file: merged.files.map(\.file).joined(separator: ", ")),
                "internal accounting error: \(rowsRead) rows read but \(rowsUsed) used and \(rowsRejected) rejected")
        }
    }
}

/// Every result file of a run, written into the staging folder at once: none
/// depends on another, and the weights and rejects files need no statistics, so
/// they are written while the tables' statistics are finished. The weights file,
/// the longest job, starts first; the tab book packages each table's sheet as
/// soon as it and those before it are made.
struct ResultFiles: Sendable {
    let merged: OrderedMerge.Merged
    let definition: PipelineDefinition
    let plan: AggregationPlan
    let factors: [Double]
    let linearization: Linearization
    let staging: String
    let jobs: Int

    /// What the jobs wrote.
    struct Written {
        var weights: [WrittenFile] = []
        var tables: [WrittenFile] = []
        var differences: [WrittenFile] = []
        var independence: [WrittenFile] = []
        var questions: [WrittenFile] = []
        var audit: [WrittenFile] = []
        var auditEntries: [AuditEntry] = []
        var rejects: [WrittenFile] = []
        var tabBook: [WrittenFile] = []
        var statisticsSeconds = 0.0
    }

    /// The files written, in the manifest's order, with the audit and the statistics' time.
    struct Outcome {
        /// Tables, questions, differences, tests of independence and tab book, then
        /// rejects, audit and weights.
        var outputs: [WrittenFile]
        var audit: [AuditEntry]
        var statisticsSeconds: Double
        /// The marked rows of the tables the report reads, by table name.
        var reportRows: [String: [ResultRow]]
        /// Their tests of the profile banner's columns against the rest of the sample.
        var reportRest: [ColumnDifference]
    }

    /// Runs every job; the first error thrown is the run's.
    func write(spools: [SpoolPaths], rowsUsed: Int) throws -> Outcome {
        let written = Mutex(Written())
        let tabBook = TabBook(definition: definition)
        let sheets = OrderedHandOff<TabBookSheet>(count: definition.tables.count)
        // The rows the grid sheets and the report read, kept as their tables are finished.
        let reportTables = definition.report?.tables ?? []
        let kept = KeptRows(
            tables: tabBook.gridTables.union(
                definition.tables.indices.filter { reportTables.contains(definition.tables[$0].name) }))
        let jobs: [@Sendable () throws -> Void] = [
            {
                let files = try writeWeights(spools: spools, rowsUsed: rowsUsed)
                written.withLock { $0.weights = files }
            },
            {
                defer { sheets.close() }
                let tables = try writeTables(tabBook: tabBook, sheets: sheets, kept: kept)
                written.withLock { $0.merge(tables) }
            },
            {
                let files = try writeRejects()
                written.withLock { $0.rejects = files }
            },
            {
                // After the statistics job: when it fails, its error is the one thrown.
                let file = try writeTabBook(tabBook, sheets: sheets, kept: kept)
                written.withLock { $0.tabBook = [file] }
            },
        ]
        try Concurrently.run(jobs)
        let all = written.withLock { $0 }
        var reportRows: [String: [ResultRow]] = [:]
        var reportRest: [ColumnDifference] = []
        for table in reportTables {
            if let index = definition.tables.firstIndex(where: { $0.name == table }) {
                reportRows[table] = kept.rows(index)
                reportRest += kept.restDifferences(index)
            }
        }
        return Outcome(
            outputs: all.tables + all.questions + all.differences + all.independence + all.tabBook + all.rejects
                + all.audit + all.weights,
            audit: all.auditEntries, statisticsSeconds: all.statisticsSeconds, reportRows: reportRows,
            reportRest: reportRest)
    }

    private func writeWeights(spools: [SpoolPaths], rowsUsed: Int) throws -> [WrittenFile] {
        try FileManager.default.createDirectory(atPath: staging + "/weights", withIntermediateDirectories: true)
        let weighted = try WeightsFile.write(
            spools: spools, factors: factors, to: staging + "/weights/part-00000.csv.gz", jobs: jobs)
        guard weighted == rowsUsed else {
            throw TallyError.badData(
                DataLocation(file: spools.map(\.rows).joined(separator: ", ")),
                "the weights spools hold \(weighted) respondents but \(rowsUsed) were used")
        }
        return [WrittenFile(path: "weights/part-00000.csv.gz", rows: weighted)]
    }

    private func writeRejects() throws -> [WrittenFile] {
        try RejectsFile.write(to: staging + "/rejects.csv") { each in
            for log in merged.rejects { try log.forEach(each) }
        }
        return [WrittenFile(path: "rejects.csv", rows: merged.rejects.reduce(0) { $0 + $1.count })]
    }

    /// Writes the tab book as its table sheets are handed over; the grid sheets come
    /// last, when every table's rows are kept.
    private func writeTabBook(
        _ tabBook: TabBook, sheets: OrderedHandOff<TabBookSheet>, kept: KeptRows
    ) throws -> WrittenFile {
        try tabBook.write(under: staging) { table in
            if table >= definition.tables.count {
                return tabBook.sheet(ofGrid: table - definition.tables.count, rows: kept.rows)
            }
            guard let sheet = sheets.take(table) else {
                throw TallyError.cannotWrite(
                    path: staging + "/" + tabBook.relativePath,
                    message: "the statistics ended before table \(table + 1)'s sheet was made", errno: nil)
            }
            return sheet
        }
    }

    /// Finishes the tables, table by table, `jobs` tables at once (column tests and
    /// their corrections stay within a table), each table's lines of the table and
    /// difference files and its tab book sheet made with it, so that the writers
    /// only join them; then writes the table, difference and audit files.
    private func writeTables(
        tabBook: TabBook, sheets: OrderedHandOff<TabBookSheet>, kept: KeptRows
    ) throws -> Written {
        var clock = Stopwatch()
        let tableFiles = TableFiles(edition: definition.edition, partitionBy: definition.output.partitionBy)
        let tables = definition.tables.indices
        // The audit reads the tables with published figures only; their unweighted
        // estimates need no weights, so they are finished beside the weighted ones.
        let audited = tables.filter { !definition.tables[$0].published.isEmpty }
        let weightedJobs = tables.map { table -> @Sendable () -> FinishedTable in
            { finishWeighted(table, tableFiles: tableFiles, tabBook: tabBook, sheets: sheets, kept: kept) }
        }
        let unweightedJobs = audited.map { table -> @Sendable () -> FinishedTable in { finishUnweighted(table) } }
        let finished = try Concurrently.run(weightedJobs + unweightedJobs, width: jobs)
        let weighted = finished[..<tables.count]
        var written = Written(statisticsSeconds: clock.lap())
        let files: [([WrittenFile], [AuditEntry])] = try Concurrently.run([
            { (try tableFiles.write(weighted.map(\.tableLines), under: staging), []) },
            { (try DifferenceFiles.write(weighted.map(\.differenceLines), under: staging), []) },
            { (try IndependenceFiles.write(weighted.map(\.independenceLines), under: staging), []) },
            { ([try QuestionsFile.write(definition, under: staging)], []) },
            {
                guard !audited.isEmpty else { return ([], []) }
                let audit = Audit.entries(
                    definition: definition, weighted: weighted.map(\.rows),
                    unweighted: finished[tables.count...].map(\.rows))
                try AuditFile.write(audit, to: staging + "/audit.csv")
                return ([WrittenFile(path: "audit.csv", rows: audit.count)], audit)
            },
        ])
        (written.tables, written.differences, written.independence) = (files[0].0, files[1].0, files[2].0)
        written.questions = files[3].0
        (written.audit, written.auditEntries) = files[4]
        return written
    }

    /// One table's weighted rows: marked by the column tests and low-base rules for the
    /// written tables and its sheet; unmarked for the audit, which compares published
    /// figures with the unsuppressed estimates.
    private func finishWeighted(
        _ table: Int, tableFiles: TableFiles, tabBook: TabBook, sheets: OrderedHandOff<TabBookSheet>,
        kept: KeptRows
    ) -> FinishedTable {
        let finished = TableFinisher(plan: plan, linearization: linearization).finished(
            ofTable: table, state: merged.state, cellFactors: factors)
        let rows = finished.rows
        let (marked, differences) = ColumnTests.markWithDifferences(
            finished, significance: definition.significance, lowBase: definition.lowBase)
        // Kept before the sheet is handed over: the grid sheets, made after the last
        // table's, read them; so does the report, after every file is written.
        kept.keep(
            marked, restDifferences: differences.filter { $0.other == ColumnDifference.rest }, ofTable: table)
        sheets.put(tabBook.sheet(ofTable: table, rows: marked, independence: finished.independence), at: table)
        return FinishedTable(
            rows: definition.tables[table].published.isEmpty ? [] : rows,
            tableLines: tableFiles.format(marked),
            differenceLines: DifferenceFiles.format(differences, edition: definition.edition),
            independenceLines: IndependenceFiles.format(
                finished.independence, edition: definition.edition, levels: definition.significance.levels))
    }

    private func finishUnweighted(_ table: Int) -> FinishedTable {
        FinishedTable(
            rows: TableFinisher(plan: plan, unweighted: true).rows(
                ofTable: table, state: merged.state, cellFactors: factors))
    }
}

extension ResultFiles.Written {
    /// Takes the tables job's files and time.
    fileprivate mutating func merge(_ tables: Self) {
        (self.tables, differences, independence, questions) = (
            tables.tables, tables.differences, tables.independence, tables.questions
        )
        (audit, auditEntries) = (tables.audit, tables.auditEntries)
        statisticsSeconds = tables.statisticsSeconds
    }
}

/// One table as finished: its rows before the column tests and low-base rules (for
/// the audit; empty for a table without published figures), and the lines of its
/// table and difference files, made from its marked rows and the differences
/// between its columns, and of the independence files (none for unweighted estimates).
private struct FinishedTable: Sendable {
    var rows: [ResultRow]
    var tableLines = PartTexts()
    var differenceLines = PartTexts()
    var independenceLines = PartTexts()
}

/// The marked rows of the tables a grid summary or the report reads, and their tests
/// against the rest of the sample, kept as each is finished.
final class KeptRows: Sendable {
    private let tables: Set<Int>
    private let kept = Mutex<[Int: (rows: [ResultRow], rest: [ColumnDifference])]>([:])

    init(tables: Set<Int>) {
        self.tables = tables
    }

    /// Keeps a table's rows and tests against the rest when a grid or the report reads them.
    func keep(_ rows: [ResultRow], restDifferences: [ColumnDifference], ofTable table: Int) {
        guard tables.contains(table) else { return }
        kept.withLock { $0[table] = (rows, restDifferences) }
    }

    /// A table's kept rows (none when nothing reads it).
    func rows(_ table: Int) -> [ResultRow] {
        kept.withLock { $0[table]?.rows ?? [] }
    }

    /// A table's kept tests against the rest of the sample.
    func restDifferences(_ table: Int) -> [ColumnDifference] {
        kept.withLock { $0[table]?.rest ?? [] }
    }
}
