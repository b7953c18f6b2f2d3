import Foundation
import TallyAggregator
import TallyCleaner
import TallyModel
import TallyPipeline
import TallySpill

/// One input file's share of a partial result: what reading, cleaning and
/// aggregating it produced, kept apart from the other files' so that a merge can
/// add every file's sums in the same order as one run over all of them.
struct PartialFile: Sendable {
    var summary: FileSummary
    /// The SHA-256 of the file's bytes, in hex.
    var sha256: String
    /// The weights spool's file name inside the partial folder, and its size.
    var spool: String
    var spoolBytes: Int
    /// Ids kept, sorted (empty unless the definition rejects duplicates).
    var ids: [UInt64]
    /// The rows a relative speeder rule deferred (nil without such a rule): the
    /// spill's file name inside the partial folder, the file's duration histogram
    /// and the smallest duration among the rows aggregated at once.
    var deferred: DeferredRows?
    var rejects: [Reject]
    /// The aggregate state as stored (see `PartialState`), decoded only when the
    /// file is added up, so a merge holds only the states of the files it is adding.
    var encodedState: ArraySlice<UInt8>

    /// A file's share of a partial result, from its first pass; its deferred rows'
    /// spill is named as it lies beside the spool.
    init(_ outcome: FileOutcome, spool: String, spoolBytes: Int) throws {
        self.init(
            summary: outcome.summary, sha256: try InputDigests.read(by: [outcome.summary])[0], spool: spool,
            spoolBytes: spoolBytes,
            ids: try outcome.ids?.sorted() ?? [],
            deferred: outcome.deferred.map { rows in
                var named = rows
                named.spill = (rows.spill as NSString).lastPathComponent
                return named
            }, rejects: try outcome.rejects.all(), state: outcome.state)
    }

    /// A file's share of a partial result, with its aggregate state encoded.
    init(
        summary: FileSummary, sha256: String, spool: String, spoolBytes: Int, ids: [UInt64],
        deferred: DeferredRows?, rejects: [Reject], state: AggregateState
    ) {
        var encoded = BinaryWriter()
        PartialState.encode(state, into: &encoded)
        self.init(
            summary: summary, sha256: sha256, spool: spool, spoolBytes: spoolBytes, ids: ids, deferred: deferred,
            rejects: rejects, encodedState: encoded.bytes[...])
    }

    private init(
        summary: FileSummary, sha256: String, spool: String, spoolBytes: Int, ids: [UInt64],
        deferred: DeferredRows?, rejects: [Reject], encodedState: ArraySlice<UInt8>
    ) {
        self.summary = summary
        self.sha256 = sha256
        self.spool = spool
        self.spoolBytes = spoolBytes
        self.ids = ids
        self.deferred = deferred
        self.rejects = rejects
        self.encodedState = encodedState
    }

    /// The file's deferred rows, their spill found in the partial folder `directory`.
    func deferredRows(in directory: String) -> DeferredRows? {
        deferred.map { rows in
            DeferredRows(
                spill: directory + "/" + rows.spill, durations: rows.durations,
                smallestEarlyDuration: rows.smallestEarlyDuration)
        }
    }

    /// The file as an outcome to fold in (its ids are settled before, apart).
    /// - Parameters:
    ///   - empty: an empty state of the definition's plan, whose shape the stored one must have.
    ///   - source: the file the state was read from, for messages.
    func outcome(empty: AggregateState, source: String) throws -> FileOutcome {
        var reader = BinaryReader(encodedState, path: source, kind: PartialState.frame.kind)
        let state = try PartialState.decodeState(from: &reader, empty: empty)
        guard reader.isAtEnd else { throw reader.damaged("bytes after an aggregate state") }
        return FileOutcome(summary: summary, rejects: RejectLog(rejects), state: state, ids: nil)
    }

    /// Reads a file's part of `partial.bin`, checking its state's shape against `empty`.
    static func decode(from input: inout BinaryReader, empty: AggregateState, source: String) throws -> PartialFile {
        let file = try input.string()
        let sha256 = try input.string()
        let counts = try input.ints()
        guard counts.count == 6 else { throw input.damaged("a file summary has \(counts.count) counts, not 6") }
        let summary = FileSummary(
            file: file, bytes: counts[0], decodedBytes: counts[4], rowsRead: counts[1], rowsRejected: counts[2],
            valuesExcluded: counts[3],
            ignoredColumns: try input.strings(), valuesTrimmed: counts[5])
        let spool = try input.string()
        let spoolBytes = try input.int()
        let ids = try input.u64s()
        let deferred = try decodeDeferred(from: &input)
        let rejects = try input.rejects()
        let partialFile = PartialFile(
            summary: summary, sha256: sha256, spool: spool, spoolBytes: spoolBytes, ids: ids, deferred: deferred,
            rejects: rejects, encodedState: try input.blob())
        // Checked now, so a damaged partial is refused before anything is merged.
        _ = try partialFile.outcome(empty: empty, source: source)
        return partialFile
    }

    /// Writes the deferred rows' spill name (empty without), histogram and smallest early duration.
    fileprivate func encodeDeferred(into out: inout BinaryWriter) {
        out.string(deferred?.spill ?? "")
        out.ints(deferred?.durations.counts ?? [])
        out.double(deferred?.smallestEarlyDuration ?? .infinity)
    }

    private static func decodeDeferred(from input: inout BinaryReader) throws -> DeferredRows? {
        let spill = try input.string()
        guard let durations = DurationHistogram(counts: try input.ints()) else {
            throw input.damaged("a duration histogram holds a negative count")
        }
        let smallest = try input.double()
        return spill.isEmpty
            ? nil : DeferredRows(spill: spill, durations: durations, smallestEarlyDuration: smallest)
    }
}

/// The partial result `tally run --partial DIR` writes: per input file, what its
/// first pass produced (see `WholeRunRules`): the aggregate state, the sorted id
/// hashes kept, the rejects, the file's summary, a spool of its respondents for
/// the weights file, and the rows a relative speeder rule deferred with the
/// file's duration histogram. Nothing in it depends on the other inputs, so a
/// merge settles the whole-run rules over any grouping as one run does.
///
/// `DIR/partial.bin` holds everything but the spools and deferred rows, framed
/// by `BinaryFrame` (magic `TALLYPRT`, format version, SHA-256 trailer);
/// `DIR/spool-NNNNN.tsv` hold the spools, whose sizes `partial.bin` records, and
/// `DIR/spool-NNNNN.tsv.deferred-rows` the deferred rows.
struct PartialState: Sendable {
    static let frame = BinaryFrame(magic: "TALLYPRT", version: 2, kind: "partial state")
    /// The state file inside a partial folder.
    static let fileName = "partial.bin"

    var toolVersion: String
    /// The SHA-256 of the definition's bytes, in hex.
    var definitionSHA256: String
    /// The files in global order.
    var files: [PartialFile]

    /// Writes `partial.bin` into `directory` (the spools are already there).
    /// - Returns: the bytes of the aggregate states in it.
    @discardableResult
    func write(to directory: String) throws -> Int {
        var aggregateBytes = 0
        var body = BinaryWriter()
        body.section("HEAD") { head in
            head.string(toolVersion)
            head.string(definitionSHA256)
            head.int(files.count)
        }
        for file in files {
            body.section("FILE") { aggregateBytes += Self.encode(file, into: &$0) }
        }
        try Self.frame.write(body, to: directory + "/" + Self.fileName)
        return aggregateBytes
    }

    /// Reads a partial folder whole, checking that it was written by this tool
    /// version for the definition with `definitionSHA256`, that every state has the
    /// shape of `empty` and every spool the size recorded.
    /// - Throws: `TallyError.badData` naming the partial when it belongs to another
    ///   definition or tool version, or anything is missing, truncated, damaged or
    ///   of another format version.
    static func load(
        directory: String, definitionSHA256 expected: String, empty: AggregateState
    ) throws
        -> PartialState
    {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw TallyError.inputMissing(
                path: directory, message: "not a partial result (no \(fileName)); write one with tally run --partial")
        }
        var body = try frame.read(path)
        let (toolVersion, definitionSHA256, count) = try body.section("HEAD") { head in
            (try head.string(), try head.string(), try head.int())
        }
        guard definitionSHA256 == expected else {
            throw TallyError.badData(
                DataLocation(file: directory),
                "partial result of another definition (SHA-256 \(definitionSHA256.prefix(12))…; the definition given has \(expected.prefix(12))…)"
            )
        }
        guard toolVersion == TallyVersion.current else {
            throw TallyError.badData(
                DataLocation(file: directory),
                "partial result written by tally \(toolVersion); this is tally \(TallyVersion.current): write it again with this version"
            )
        }
        var files: [PartialFile] = []
        for _ in 0..<max(count, 0) {
            let file = try body.section("FILE") { try PartialFile.decode(from: &$0, empty: empty, source: path) }
            let spoolPath = directory + "/" + file.spool
            let size = (try? FileManager.default.attributesOfItem(atPath: spoolPath)[.size] as? Int) ?? nil
            guard size == file.spoolBytes else {
                throw TallyError.badData(
                    DataLocation(file: spoolPath),
                    "weights spool of partial \(directory) is missing or truncated: \(size.map { "\($0)" } ?? "no") bytes, \(file.spoolBytes) expected"
                )
            }
            if let deferred = file.deferred, !FileManager.default.fileExists(atPath: directory + "/" + deferred.spill) {
                throw TallyError.badData(
                    DataLocation(file: directory + "/" + deferred.spill),
                    "deferred rows of partial \(directory) are missing; write the partial again")
            }
            files.append(file)
        }
        guard body.isAtEnd else { throw body.damaged("bytes after the last file") }
        return PartialState(toolVersion: toolVersion, definitionSHA256: definitionSHA256, files: files)
    }

    /// Writes a file's part; returns the bytes its aggregate state took.
    private static func encode(_ file: PartialFile, into out: inout BinaryWriter) -> Int {
        let summary = file.summary
        out.string(summary.file)
        out.string(file.sha256)
        out.ints([
            summary.bytes, summary.rowsRead, summary.rowsRejected, summary.valuesExcluded, summary.decodedBytes,
            summary.valuesTrimmed,
        ])
        out.strings(summary.ignoredColumns)
        out.string(file.spool)
        out.int(file.spoolBytes)
        out.u64s(file.ids)
        file.encodeDeferred(into: &out)
        out.rejects(file.rejects)
        out.blob(file.encodedState)
        return file.encodedState.count
    }

    /// Writes a state's non-empty cells only: the cells' indices, then for each
    /// array the slots of those cells. A cell without respondents holds the empty
    /// state's values (zero sums, an infinite minimum and a zero maximum base
    /// weight), so nothing is lost, and the size is bounded by the definition's
    /// cells whatever the number of respondents.
    static func encode(_ state: AggregateState, into out: inout BinaryWriter) {
        // `counts` is read back from the sums' storage: once, not per cell.
        let counts = state.census.counts
        let cells = counts.indices.filter { counts[$0] > 0 }
        out.int(counts.count)
        out.ints(cells)
        encode(state.census, cells: cells, into: &out)
        out.doubles(gather(state.minimumBase, width: 1, cells: cells))
        out.doubles(gather(state.maximumBase, width: 1, cells: cells))
        out.int(state.fields.count)
        for field in state.fields {
            switch field {
            case .counts(let sums):
                out.u8(0)
                encode(sums, cells: cells, into: &out)
            case .moments(let sums):
                out.u8(1)
                let moments = sums.moments
                out.doubles(gather(moments, width: moments.count / counts.count, cells: cells))
            }
        }
    }

    static func decodeState(from input: inout BinaryReader, empty: AggregateState) throws -> AggregateState {
        let cellCount = try input.int()
        let cells = try input.ints()
        guard cellCount == empty.census.counts.count, cells.allSatisfy({ (0..<cellCount).contains($0) }) else {
            throw input.damaged("the aggregate state does not have the cells of this definition's tables")
        }
        let census = try decodeSums(from: &input, cells: cells, shape: empty.census)
        var minimumBase = empty.minimumBase
        var maximumBase = empty.maximumBase
        try scatter(try input.doubles(), into: &minimumBase, width: 1, cells: cells, input: input)
        try scatter(try input.doubles(), into: &maximumBase, width: 1, cells: cells, input: input)
        let fieldCount = try input.int()
        guard fieldCount == empty.fields.count else {
            throw input.damaged("\(fieldCount) table fields; this definition's tables have \(empty.fields.count)")
        }
        var fields: [FieldSums] = []
        for shape in empty.fields {
            switch (try input.u8(), shape) {
            case (0, .counts(let shape)):
                fields.append(.counts(try decodeSums(from: &input, cells: cells, shape: shape)))
            case (1, .moments(let shape)):
                var moments = shape.moments
                try scatter(
                    try input.doubles(), into: &moments, width: moments.count / cellCount, cells: cells, input: input)
                fields.append(.moments(NumericSums(moments: moments)!))
            default: throw input.damaged("table field sums of another kind than this definition's")
            }
        }
        guard
            let state = AggregateState(
                census: census, fields: fields, minimumBase: minimumBase, maximumBase: maximumBase, shapedLike: empty)
        else { throw input.damaged("the aggregate state does not have the shape of this definition's tables") }
        return state
    }

    private static func encode(_ sums: CellSums, cells: [Int], into out: inout BinaryWriter) {
        out.int(sums.width)
        out.ints(gather(sums.counts, width: sums.width, cells: cells))
        out.doubles(gather(sums.weights, width: sums.width, cells: cells))
        out.doubles(gather(sums.squares, width: sums.width, cells: cells))
    }

    private static func decodeSums(from input: inout BinaryReader, cells: [Int], shape: CellSums) throws -> CellSums {
        let width = try input.int()
        guard width == shape.width else {
            throw input.damaged("cell sums of width \(width); this definition's have width \(shape.width)")
        }
        var counts = shape.counts
        var weights = shape.weights
        var squares = shape.squares
        try scatter(try input.ints(), into: &counts, width: width, cells: cells, input: input)
        try scatter(try input.doubles(), into: &weights, width: width, cells: cells, input: input)
        try scatter(try input.doubles(), into: &squares, width: width, cells: cells, input: input)
        return CellSums(width: width, counts: counts, weights: weights, squares: squares)!
    }

    /// The slots of the given cells, in cell order.
    private static func gather<T>(_ values: [T], width: Int, cells: [Int]) -> [T] {
        var kept: [T] = []
        kept.reserveCapacity(cells.count * width)
        for cell in cells { kept += values[(cell * width)..<((cell + 1) * width)] }
        return kept
    }

    /// Puts back the slots `gather` kept.
    private static func scatter<T>(
        _ kept: [T], into values: inout [T], width: Int, cells: [Int], input: BinaryReader
    ) throws {
        guard kept.count == cells.count * width else {
            throw input.damaged("\(kept.count) values for \(cells.count) cells of width \(width)")
        }
        for (index, cell) in cells.enumerated() {
            values.replaceSubrange(
                (cell * width)..<((cell + 1) * width), with: kept[(index * width)..<((index + 1) * width)])
        }
    }
}
