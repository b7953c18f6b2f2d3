import TallyModel

/// Reads one respondent file (gzip or plain CSV, detected from the first bytes
/// `1f 8b`) into `ColumnBatch`es.
///
/// The file is streamed in bounded chunks, so memory does not grow with its
/// size. Values that cannot be used are left missing and rows that cannot be
/// used are left out; each such case is a `Reject` in the batch of its row.
/// A quote left open rejects the lines it breaks, one by one, and reading resumes
/// on the next line that parses as a record (see `QuoteDamage`).
///
/// ```swift
/// let reader = try RespondentReader(
///     path: path, displayName: path, fileIndex: 0, definition: definition, layout: layout)
/// while let batch = try reader.nextBatch() { ... }
/// ```
public final class RespondentReader {
    /// The decoded bytes held at once, and the compressed bytes read at once.
    static let defaultChunkSize = 256 << 10

    /// Header columns the definition does not use, in file order (ignored and counted).
    public let ignoredColumns: [String]
    /// Data records seen so far, including rejected ones (a line broken by a quote
    /// left open counts as one).
    public private(set) var rowsRead = 0
    /// Values read so far whose surrounding spaces were removed (ids, weights and the
    /// columns the definition reads, in rows with the right number of fields).
    public private(set) var valuesTrimmed = 0
    /// Compressed bytes consumed so far (equal to `decodedBytes` for plain files).
    public private(set) var compressedBytes = 0
    /// Decompressed bytes produced so far.
    public private(set) var decodedBytes = 0

    private let source: any ByteChunkSource
    private var records: CSVRecordReader
    private let decoder: FieldDecoder
    private let layout: ColumnLayout
    private let fileIndex: Int
    private let batchSize: Int
    private let displayName: String
    private let headerLine: Int
    private var isFinished = false

    /// Opens the file and reads its header.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - displayName: the path as the user named it, used in every message and reject.
    ///   - fileIndex: the file's index in the run, stored in each batch.
    ///   - definition: the pipeline definition whose columns are read.
    ///   - layout: the batch layout of the definition's fields.
    ///   - batchSize: the most records per batch.
    ///   - inflater: the decoder of gzip files (zlib, the reference, or ISA-L).
    ///   - prefetch: whether a gzip file is inflated on a thread of its own while
    ///     its records are decoded (worth it when a core would otherwise be idle).
    /// - Throws: `TallyError.inputMissing` if the file cannot be opened;
    ///   `TallyError.badData` for an empty file, a damaged gzip header, bytes that are
    ///   not UTF-8 CSV text (another compression format, UTF-16, binary data: see
    ///   `InputSniffer`), or a header lacking (or repeating) a column the definition reads.
    public convenience init(
        path: String, displayName: String, fileIndex: Int, definition: PipelineDefinition, layout: ColumnLayout,
        batchSize: Int = 8192, inflater: Inflater = .zlib, prefetch: Bool = false
    ) throws {
        try self.init(
            path: path, displayName: displayName, fileIndex: fileIndex, definition: definition, layout: layout,
            batchSize: batchSize, chunkSize: RespondentReader.defaultChunkSize, inflater: inflater, prefetch: prefetch)
    }

    /// As the public initializer, with the chunk size chosen (small sizes let tests cut records).
    init(
        path: String, displayName: String, fileIndex: Int, definition: PipelineDefinition, layout: ColumnLayout,
        batchSize: Int, chunkSize: Int, inflater: Inflater = .zlib, prefetch: Bool = false
    ) throws {
        precondition(batchSize > 0, "batchSize must be positive")
        let source = try openChunkSource(
            path: path, displayName: displayName, chunkSize: chunkSize, inflater: inflater, prefetch: prefetch)
        var records = try CSVRecordReader(source: source, displayName: displayName, windowSize: chunkSize)
        let start = records.leadingBytes
        if let problem = InputSniffer.problem(start: start, name: displayName, isCompressed: source.isCompressed) {
            throw TallyError.badData(DataLocation(file: displayName), problem)
        }
        guard let header = try records.readHeader() else {
            throw TallyError.badData(DataLocation(file: displayName), "empty file, no header row")
        }
        let plan: ColumnPlan
        do {
            plan = try ColumnPlan(
                header: header.names, headerLine: header.line, file: displayName, definition: definition,
                layout: layout)
        } catch TallyError.badData(let location, let message) {
            // The bytes may explain why the header lacks columns better than the columns do.
            let total = records.decodedLengthIfEnded.flatMap { $0 <= start.count ? $0 : nil }
            let problem = InputSniffer.headerProblem(
                header: header.bytes, offset: header.offset, start: start, total: total, name: displayName,
                isCompressed: source.isCompressed)
            throw TallyError.badData(location, problem.map { "\($0); \(message)" } ?? message)
        }
        self.source = source
        self.records = records
        self.decoder = FieldDecoder(plan: plan, file: displayName, definition: definition)
        self.layout = layout
        self.fileIndex = fileIndex
        self.batchSize = batchSize
        self.displayName = displayName
        self.headerLine = header.line
        self.ignoredColumns = plan.ignoredColumns
        updateByteCounts()
    }

    /// The next batch of at most `batchSize` rows, nil at the end.
    ///
    /// A batch may hold fewer rows than records read when rows were rejected; its
    /// `rejects` hold the rejects of the records it covers.
    /// - Throws: `TallyError.badData` for truncated or corrupt gzip data (with the
    ///   compressed byte offset), bytes after the last gzip member, a record longer
    ///   than 16 MiB (with its line), or a file with a header but no data rows.
    public func nextBatch() throws -> ColumnBatch? {
        guard !isFinished else { return nil }
        var batch = ColumnBatch(layout: layout, fileIndex: fileIndex, capacity: batchSize)
        let decoder = self.decoder
        var visited = 0
        var trimmed = 0
        while visited < batchSize {
            let count = try records.readGroup(limit: batchSize - visited) { group in
                trimmed += decoder.decode(group, into: &batch)
            }
            if count == 0 { break }
            visited += count
        }
        rowsRead += visited
        valuesTrimmed += trimmed
        updateByteCounts()
        guard visited > 0 else {
            isFinished = true
            if rowsRead == 0 {
                throw TallyError.badData(
                    DataLocation(file: displayName, line: headerLine), "header row but no respondents")
            }
            return nil
        }
        return batch
    }

    /// Seconds spent so far getting decoded bytes: reading the file, hashing it and
    /// inflating it (with `prefetch`, waiting for the thread that does). The rest of
    /// `nextBatch`'s time is scanning and decoding the CSV.
    public var inflateSeconds: Double { records.sourceSeconds }

    /// The hex SHA-256 of the file's bytes, once `nextBatch` has returned nil.
    public var sha256: String? { source.sha256 }

    private func updateByteCounts() {
        compressedBytes = source.compressedBytes
        decodedBytes = source.decodedBytes
    }
}
