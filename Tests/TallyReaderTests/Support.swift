import CTallyZlib
import Foundation
import TallyModel
import TallyTestSupport

@testable import TallyReader

/// A small survey like the hand-made sample: every kind of field the reader decodes.
enum Survey {
    /// The columns of `definition()`, in the order `rows` writes them.
    static let header =
        "respondent_id,customer_type,country,birth_year,experience,ch_email,ch_phone,ch_web,share_online,design_weight"

    static func definition(weightColumn: String? = "design_weight") -> PipelineDefinition {
        func single(_ name: String, _ codes: [String], scale: Bool = false) -> Field {
            Field(
                name: name, label: name,
                kind: .single(
                    CategoricalSpec(
                        column: name, categories: codes.map { Category(code: $0, label: $0) }, nets: [],
                        isScale: scale)))
        }
        let fields = [
            single("customer_type", ["C", "B"]),
            single("country", ["US", "GB", "DE", "IN", "JP"]),
            Field(
                name: "birth_year", label: "Year of birth",
                kind: .numeric(NumericSpec(column: "birth_year", range: 1946...2012))),
            single("experience", ["1", "2", "3", "4", "5", "9"], scale: true),
            Field(
                name: "channels", label: "Channels",
                kind: .multi(
                    MultiSelectSpec(
                        options: ["ch_email", "ch_phone", "ch_web"].map { MultiSelectOption(column: $0, label: $0) },
                        nets: []))),
            Field(
                name: "share_online", label: "Share online",
                kind: .numeric(NumericSpec(column: "share_online", range: 0...100))),
            Field(
                name: "generation", label: "Generation",
                kind: .bins(
                    BinSpec(
                        source: "birth_year",
                        bins: [
                            Bin(category: Category(code: "old", label: "Old"), lower: 1946, upper: 1980),
                            Bin(category: Category(code: "young", label: "Young"), lower: 1981, upper: 2012),
                        ]))),
        ]
        return PipelineDefinition(
            sourcePath: "/tmp/pipeline.yaml", survey: "test", edition: "1", title: "Test", fieldwork: nil,
            input: InputSpec(files: ["*.csv"], format: .csv, idColumn: "respondent_id", weightColumn: weightColumn),
            fields: fields, banners: [], tables: [], output: OutputSpec(partitionBy: []),
            quality: QualitySpec(maxRejectedShare: 0))
    }

    /// `count` well-formed data rows in `header` order, LF-terminated, varied but deterministic.
    static func rows(_ count: Int, from first: Int = 1) -> String {
        let types = ["C", "B"]
        let countries = ["US", "GB", "DE", "IN", "JP"]
        let scale = ["1", "2", "3", "4", "5", "9", ""]
        var text = ""
        for index in first..<first + count {
            let fields = [
                "R\(index)", types[index % 2], countries[index % 5], String(1946 + index % 67), scale[index % 7],
                String(index % 2), index % 3 == 0 ? "" : String(index % 3 - 1), String(index % 5 == 0 ? 1 : 0),
                String(Double(index % 101) / 2), String(0.5 + Double(index % 4) / 4),
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }
}

/// The contents of batches in comparable form (numbers by bit pattern, so NaN equals NaN).
struct BatchContents: Equatable {
    var lines: [Int] = []
    var ids: [String] = []
    var weights: [Double] = []
    var categorical: [[UInt16]] = []
    var numeric: [[UInt64]] = []
    var mentioned: [[UInt64]] = []
    var answered: [[UInt64]] = []
    var rejects: [Reject] = []

    init(_ batches: [ColumnBatch]) {
        for batch in batches {
            lines += batch.lines
            ids += (0..<batch.count).map(batch.id(at:))
            weights += batch.baseWeights
            categorical = append(categorical, batch.categorical)
            numeric = append(numeric, batch.numeric.map { $0.map(\.bitPattern) })
            mentioned = append(mentioned, batch.mentioned)
            answered = append(answered, batch.answered)
            rejects += batch.rejects
        }
    }

    private func append<T>(_ columns: [[T]], _ more: [[T]]) -> [[T]] {
        columns.isEmpty ? more : zip(columns, more).map { $0 + $1 }
    }
}

/// What reading a whole file gave.
struct ReadResult {
    var reader: RespondentReader
    var batches: [ColumnBatch]
    var contents: BatchContents { BatchContents(batches) }
}

/// Reads a whole file; `chunkSize` below the default cuts records across chunks.
func readAll(
    _ path: String, displayName: String = "input.csv", definition: PipelineDefinition = Survey.definition(),
    batchSize: Int = 8192, chunkSize: Int = RespondentReader.defaultChunkSize, inflater: Inflater = .zlib,
    prefetch: Bool = false
) throws -> ReadResult {
    let reader = try RespondentReader(
        path: path, displayName: displayName, fileIndex: 3, definition: definition,
        layout: ColumnLayout(fields: definition.fields), batchSize: batchSize, chunkSize: chunkSize,
        inflater: inflater, prefetch: prefetch)
    var batches: [ColumnBatch] = []
    while let batch = try reader.nextBatch() { batches.append(batch) }
    return ReadResult(reader: reader, batches: batches)
}

/// The `TallyError.badData` that reading a whole file throws, or nil.
func badData(
    reading path: String, displayName: String = "input.csv", chunkSize: Int = RespondentReader.defaultChunkSize,
    inflater: Inflater = .zlib, prefetch: Bool = false
) -> (location: DataLocation, message: String)? {
    do {
        _ = try readAll(path, displayName: displayName, chunkSize: chunkSize, inflater: inflater, prefetch: prefetch)
        return nil
    } catch TallyError.badData(let location, let message) {
        return (location, message)
    } catch {
        return nil
    }
}

/// Compresses bytes into one gzip member with zlib's deflate.
func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    deflate(bytes, level: level, windowBits: 15 + 16)
}

/// Compresses bytes with zlib's deflate: in gzip framing (`windowBits` 15 + 16) or zlib's own (15).
func deflate(_ bytes: [UInt8], level: Int32 = 6, windowBits: Int32) -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }
    precondition(CTallyZlib_deflateInit2(stream, level, windowBits) == Z_OK)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 64)
    var input = bytes
    input.withUnsafeMutableBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = UInt32(output.count)
            precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
    }
    return Array(output[..<Int(stream.pointee.total_out)])
}

func gzip(_ text: String) -> [UInt8] {
    gzip(Array(text.utf8))
}

extension TemporaryFolder {
    /// Writes bytes to a file in the folder and returns its path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }
}

extension CSVScanner {
    /// Scans the record that starts at `start` as `scanRecord(_:from:isFinal:into:)`
    /// does, keeping only the spans of its first `spans.count` fields (for tests of spans alone).
    static func scanRecord(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool,
        spans: UnsafeMutableBufferPointer<FieldSpan>
    ) -> RecordScan {
        precondition(!spans.isEmpty, "no room for a field")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: spans.count) { codes in
            let slots = FieldSlots(count: spans.count, spans: spans.baseAddress!, codes: codes.baseAddress!, stride: 1)
            return scanRecord(bytes, from: start, isFinal: isFinal, into: slots)
        }
    }
}
