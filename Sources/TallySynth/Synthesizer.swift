import Dispatch
import Foundation
import Synchronization
import TallyGzip
import TallyModel

/// What to generate and where.
public struct SynthOptions: Sendable {
    /// Respondents to make (duplicates come on top).
    public var respondents: Int
    /// Shard files to spread them over, at most `respondents`.
    public var shards: Int
    /// The seed: the same definition, options and seed give byte-identical files.
    public var seed: UInt64
    /// The folder the shards are written to (created if missing).
    public var outputDirectory: String
    /// Mess rates overriding the definition's, or nil for the definition's own.
    public var mess: MessRates?
    /// Filler columns no definition reads, appended to every row (see `FillerColumns`); 0 for none.
    public var extraColumns: Int

    public init(
        respondents: Int, shards: Int = 1, seed: UInt64 = 1, outputDirectory: String, mess: MessRates? = nil,
        extraColumns: Int = 0
    ) {
        self.respondents = respondents
        self.shards = shards
        self.seed = seed
        self.outputDirectory = outputDirectory
        self.mess = mess
        self.extraColumns = extraColumns
    }
}

/// What a synthesis run wrote.
public struct SynthReport: Sendable, Equatable {
    /// The shard files, in order.
    public var files: [String]
    /// Respondents made.
    public var respondents: Int
    /// Rows written, duplicates included.
    public var rows: Int
    /// How many of each kind of mess were made, by the names of `synthesis.mess`
    /// (`blank` counts answers, the others respondents).
    public var messCounts: [String: Int]
}

/// Writes synthetic respondent files for a definition with a `synthesis` section.
public enum Synthesizer {
    /// Rows are handed to zlib in chunks of about this many bytes.
    static let chunkSize = 1 << 18

    /// Generates respondents and writes them as gzipped CSV shards.
    ///
    /// Respondent `i` (0-based) goes to shard `i * K / N`, so shards are contiguous
    /// runs of ids and differ in size by at most one. Each shard is written to a
    /// hidden partial file and renamed into place once every shard is complete;
    /// shard files of an earlier run beyond `K` are removed, so the folder holds
    /// exactly this run's shards. Shards are generated in parallel, each from its
    /// own random stream seeded with `(seed, shard)`, so the bytes do not depend on
    /// the number of threads or the machine's load.
    ///
    /// - Parameters:
    ///   - definition: A definition with the synthesis configuration that says what to generate.
    ///   - options: How many respondents, shards, the seed and the output folder.
    /// - Returns: The files written and counts of rows and mess.
    /// - Throws: `TallyError.usage` for bad options or a definition without
    ///   `synthesis`; `TallyError.definition` when its synthesis model does not fit
    ///   its fields; `TallyError.cannotWrite` when a file cannot be written.
    public static func write(_ definition: SynthesisDefinition, options: SynthOptions) throws -> SynthReport {
        try check(options)
        var built = try SynthPlanBuilder.build(definition, mess: options.mess, respondents: options.respondents)
        if options.extraColumns > 0 { try built.addFiller(count: options.extraColumns, seed: options.seed) }
        let plan = built
        let folder = options.outputDirectory
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TallyError.cannotWrite(
                path: folder, message: "cannot create the folder: \(error.localizedDescription)", errno: nil)
        }

        let shards = options.shards
        let names = shardFileNames(shards: shards)
        let finals = names.map { folder + "/" + $0 }
        let partials = names.map { folder + "/." + $0 + ".partial" }

        let outcomes = Mutex([ShardOutcome?](repeating: nil, count: shards))
        let failures = Mutex([Int: TallyError]())
        DispatchQueue.concurrentPerform(iterations: shards) { shard in
            let range = firstRespondent(of: shard, options)..<firstRespondent(of: shard + 1, options)
            do {
                let outcome = try writeShard(
                    plan: plan, seed: options.seed, shard: shard, respondents: range, path: partials[shard],
                    reportedPath: finals[shard])
                outcomes.withLock { $0[shard] = outcome }
            } catch let error as TallyError {
                failures.withLock { $0[shard] = error }
            } catch {
                failures.withLock { $0[shard] = .cannotWrite(path: finals[shard], message: "\(error)", errno: nil) }
            }
        }
        if let (_, error) = failures.withLock({ $0.min { $0.key < $1.key } }) {
            for partial in partials { unlink(partial) }
            throw error
        }
        for shard in 0..<shards where rename(partials[shard], finals[shard]) != 0 {
            let code = errno
            for partial in partials { unlink(partial) }
            throw TallyError.cannotWrite(
                path: finals[shard],
                message: "cannot rename the finished shard into place: \(String(cString: strerror(code)))",
                errno: code)
        }
        removeStaleShards(in: folder, keeping: Set(names))

        let results = outcomes.withLock { $0.map { $0! } }
        let counts = results.reduce(MessCounts()) { $0 + $1.counts }
        return SynthReport(
            files: finals, respondents: options.respondents, rows: results.reduce(0) { $0 + $1.rows },
            messCounts: counts.byName)
    }

    /// The names of the shard files of a run with `shards` shards, in order:
    /// `shard-00001.csv.gz` and on, with at least five digits.
    public static func shardFileNames(shards: Int) -> [String] {
        let width = max(5, String(shards).count)
        return (1...shards).map {
            "shard-" + String(repeating: "0", count: width - String($0).count) + String($0) + ".csv.gz"
        }
    }

    /// Rejects options that cannot make a run.
    private static func check(_ options: SynthOptions) throws {
        guard options.respondents >= 1 else {
            throw TallyError.usage("--respondents must be at least 1 (got \(options.respondents))")
        }
        guard options.shards >= 1, options.shards <= options.respondents else {
            throw TallyError.usage(
                "--shards must be between 1 and the number of respondents, \(options.respondents) (got \(options.shards))"
            )
        }
        guard options.extraColumns >= 0, options.extraColumns <= 999 else {
            throw TallyError.usage("--extra-columns must be between 0 and 999 (got \(options.extraColumns))")
        }
        if let mess = options.mess {
            let rates = [
                ("blank", mess.blank), ("duplicate", mess.duplicate), ("out_of_domain", mess.outOfDomain),
                ("speeder", mess.speeder), ("straight_liner", mess.straightLiner), ("broken_quote", mess.brokenQuote),
            ]
            for (name, rate) in rates where !(rate >= 0 && rate <= 1) {
                throw TallyError.usage("the mess rate '\(name)' must be between 0 and 1 (got \(rate))")
            }
        }
    }

    /// The first respondent (0-based) of a shard: the smallest `i` with `i * K / N >= shard`.
    static func firstRespondent(of shard: Int, _ options: SynthOptions) -> Int {
        let (quotient, remainder) = options.shards.dividingFullWidth(shard.multipliedFullWidth(by: options.respondents))
        return quotient + (remainder > 0 ? 1 : 0)
    }

    struct ShardOutcome: Sendable {
        var rows: Int
        var counts: MessCounts
    }

    /// Generates one shard's respondents into a gzip file, in chunks.
    private static func writeShard(
        plan: SynthPlan, seed: UInt64, shard: Int, respondents: Range<Int>, path: String, reportedPath: String
    ) throws -> ShardOutcome {
        do {
            let writer = try GzipFileWriter(path: path)
            var generator = ShardGenerator(plan: plan, seed: seed, shard: shard)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(chunkSize + (chunkSize >> 2))
            chunk.append(contentsOf: plan.header)
            for respondent in respondents {
                generator.appendRespondent(number: respondent + 1, to: &chunk)
                if chunk.count >= chunkSize {
                    try writer.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(chunk)
            try writer.close()
            return ShardOutcome(rows: generator.rows, counts: generator.counts)
        } catch {
            switch error {
            case .system(_, let code):
                throw TallyError.cannotWrite(path: reportedPath, message: String(cString: strerror(code)), errno: code)
            case .zlib(_, let code):
                throw TallyError.cannotWrite(
                    path: reportedPath, message: "zlib deflate failed (code \(code))", errno: nil)
            case .isal(_, let code):
                throw TallyError.cannotWrite(
                    path: reportedPath, message: "ISA-L deflate failed (code \(code))", errno: nil)
            }
        }
    }

    /// Removes `shard-N.csv.gz` files an earlier run left that this run did not write,
    /// and partial files an interrupted run left.
    private static func removeStaleShards(in folder: String, keeping names: Set<String>) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where !names.contains(entry) {
            let partial =
                entry.hasPrefix(".") && entry.hasSuffix(".partial")
                && isShardName(String(entry.dropFirst().dropLast(8)))
            if isShardName(entry) || partial { unlink(folder + "/" + entry) }
        }
    }

    /// Whether a file name is `shard-` digits `.csv.gz`.
    static func isShardName(_ name: String) -> Bool {
        guard name.hasPrefix("shard-"), name.hasSuffix(".csv.gz") else { return false }
        let digits = name.dropFirst(6).dropLast(7)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
