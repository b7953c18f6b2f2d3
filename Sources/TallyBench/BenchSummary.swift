import Foundation
import TallyPipeline
import TallyWriter

/// What `tally bench` reports: every run's metrics and their medians as rates.
///
/// Rates are in decimal megabytes (10^6 bytes) per second. Stage rates divide by
/// the stage's seconds summed over workers, so they are per worker; phase and
/// end-to-end rates divide by wall seconds.
public struct BenchSummary: Sendable, Codable, Equatable {
    /// Seconds and the rates they give for one stage, phase or the whole run.
    public struct Rates: Sendable, Codable, Equatable {
        /// The median seconds.
        public var seconds: Double
        /// Stored (gzip) megabytes of input per second.
        public var compressedMBPerSecond: Double
        /// CSV megabytes per second.
        public var uncompressedMBPerSecond: Double
        /// Rows read per second.
        public var respondentsPerSecond: Double
        /// Table cells written per second.
        public var tableCellsPerSecond: Double

        init(seconds: Double, metrics: RunMetrics) {
            self.seconds = seconds
            let per = { (amount: Int) in seconds > 0 ? Double(amount) / seconds : 0 }
            compressedMBPerSecond = per(metrics.compressedBytes) / 1e6
            uncompressedMBPerSecond = per(metrics.uncompressedBytes) / 1e6
            respondentsPerSecond = per(metrics.respondents)
            tableCellsPerSecond = per(metrics.tableCells)
        }

        /// Rates per second as `_per_s`, in the form the snake-case key strategies read and write them.
        enum CodingKeys: String, CodingKey {
            case seconds
            case compressedMBPerSecond = "compressedMbPerS"
            case uncompressedMBPerSecond = "uncompressedMbPerS"
            case respondentsPerSecond = "respondentsPerS"
            case tableCellsPerSecond = "tableCellsPerS"
        }
    }

    /// The medians over the runs.
    public struct Medians: Sendable, Codable, Equatable {
        /// The whole run, by wall time.
        public var endToEnd: Rates
        /// Each stage of the read phase, by its seconds summed over workers, by name.
        public var stages: [String: Rates]
        /// Each phase, by wall time, by name.
        public var phases: [String: Rates]
        /// The peak resident memory of a run, in bytes.
        public var peakRSSBytes: Int

        /// `peak_rss_bytes` (an acronym) as the snake-case key strategies read it back.
        enum CodingKeys: String, CodingKey {
            case endToEnd, stages, phases
            case peakRSSBytes = "peakRssBytes"
        }
    }

    /// The definition run.
    public var pipeline: String
    /// The input files.
    public var inputs: [String]
    /// Files read at once.
    public var jobs: Int
    /// Bytes of the input files as stored.
    public var compressedBytes: Int
    /// Bytes of CSV after decompression.
    public var uncompressedBytes: Int
    /// Data rows read per run.
    public var respondents: Int
    /// Table cells written per run.
    public var tableCells: Int
    /// Whether each run's peak memory is its own (false: the process's peak so far).
    public var peakMemoryPerRun: Bool
    /// Every run's metrics, in order.
    public var runs: [RunMetrics]
    /// The medians over `runs`.
    public var median: Medians

    /// The stage names, in pipeline order, as in `median.stages`.
    public static let stageNames = ["read", "inflate", "clean", "aggregate", "spool"]
    /// The phase names, in run order, as in `median.phases`.
    public static let phaseNames = ["setup", "read_aggregate", "whole_run_rules", "weighting", "statistics", "writing"]
    /// The phases that read the input files.
    static let inputPhases: Set<String> = ["read_aggregate", "whole_run_rules"]

    init(pipeline: String, inputs: [String], jobs: Int, runs: [RunMetrics], peakMemoryPerRun: Bool) {
        self.pipeline = pipeline
        self.inputs = inputs
        self.jobs = jobs
        self.runs = runs
        self.peakMemoryPerRun = peakMemoryPerRun
        let first = runs[0]
        compressedBytes = first.compressedBytes
        uncompressedBytes = first.uncompressedBytes
        respondents = first.respondents
        tableCells = first.tableCells
        let stageSeconds: [KeyPath<RunMetrics.Stages, Double>] = [
            \.read, \.inflate, \.clean, \.aggregate, \.spool,
        ]
        let phaseSeconds: [KeyPath<RunMetrics.Phases, Double>] = [
            \.setup, \.readAggregate, \.wholeRunRules, \.weighting, \.statistics, \.writing,
        ]
        median = Medians(
            endToEnd: Rates(seconds: Self.median(runs.map(\.phases.total)), metrics: first),
            stages: Dictionary(
                uniqueKeysWithValues: zip(Self.stageNames, stageSeconds).map { name, path in
                    (name, Rates(seconds: Self.median(runs.map { $0.stages[keyPath: path] }), metrics: first))
                }),
            phases: Dictionary(
                uniqueKeysWithValues: zip(Self.phaseNames, phaseSeconds).map { name, path in
                    (name, Rates(seconds: Self.median(runs.map { $0.phases[keyPath: path] }), metrics: first))
                }),
            peakRSSBytes: Int(Self.median(runs.map { Double($0.peakRSSBytes) })))
    }

    /// The median of some values (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The summary as pretty-printed JSON with sorted keys in snake case.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// The summary as a text table for the terminal.
    public var text: String {
        var lines = [
            "\(pipeline): \(inputs.count) files, \(Self.megabytes(compressedBytes)) MB stored, "
                + "\(Self.megabytes(uncompressedBytes)) MB of CSV, \(respondents) respondents, \(tableCells) table cells; "
                + "jobs \(jobs); medians of \(runs.count) runs",
            Self.row("", "seconds", "stored MB/s", "CSV MB/s", "respondents/s", "cells/s"),
        ]
        // Rates of the input are shown where the input is read; the cells' rate end to end.
        func add(_ label: String, _ rates: Rates, input: Bool = true, cells: Bool = false) {
            let shown = { (value: Double, format: String, show: Bool) in show ? String(format: format, value) : "-" }
            lines.append(
                Self.row(
                    label, String(format: "%.3f", rates.seconds),
                    shown(rates.compressedMBPerSecond, "%.1f", input),
                    shown(rates.uncompressedMBPerSecond, "%.1f", input),
                    shown(rates.respondentsPerSecond, "%.0f", input), shown(rates.tableCellsPerSecond, "%.0f", cells)))
        }
        for name in Self.stageNames {
            add(name == "inflate" ? "  of read: inflate (cpu)" : "stage \(name) (cpu)", median.stages[name]!)
        }
        for name in Self.phaseNames {
            add("phase \(name) (wall)", median.phases[name]!, input: Self.inputPhases.contains(name))
        }
        add("end to end (wall)", median.endToEnd, cells: true)
        let scope = peakMemoryPerRun ? "per run" : "of the process"
        lines.append("peak memory (\(scope)): \(Self.megabytes(median.peakRSSBytes)) MB")
        return lines.joined(separator: "\n")
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1e6)
    }

    private static func row(_ cells: String...) -> String {
        let widths = [28, 10, 13, 10, 15, 12]
        return zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let pad = String(repeating: " ", count: max(0, width - cell.count))
            return index == 0 ? cell + pad : pad + cell
        }.joined(separator: " ")
    }
}
