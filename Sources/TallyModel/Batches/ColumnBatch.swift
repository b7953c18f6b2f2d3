/// A batch of respondents in columnar form, the unit that flows between stages.
///
/// Categorical answers are small integer codes (indices into the field's
/// categories, `CategoryCode.missing` for none); numbers are `Double` (NaN for
/// none); a multi-select answer is two bit masks, options mentioned and options
/// answered (0 or 1 given). Nothing is stored per field as `String`.
public struct ColumnBatch: Sendable {
    /// Index of the input file in the run's sorted file list.
    public var fileIndex: Int
    /// Rows in the batch.
    public private(set) var count: Int = 0
    /// The line each row starts on in its file.
    public var lines: [Int] = []
    /// Respondent ids, concatenated; row `i` is `idBytes[idEnds[i-1]..<idEnds[i]]`.
    public var idBytes: [UInt8] = []
    public var idEnds: [Int] = []
    /// Base (design) weights, 1 where the definition names no weight column.
    public var baseWeights: [Double] = []
    /// One code buffer per categorical slot.
    public var categorical: [[UInt16]]
    /// One buffer per numeric slot.
    public var numeric: [[Double]]
    /// Per multi-select slot: the options mentioned.
    public var mentioned: [[UInt64]]
    /// Per multi-select slot: the options answered (mentioned or explicitly not).
    public var answered: [[UInt64]]
    /// Values excluded and rows rejected while this batch was built or cleaned.
    public var rejects: [Reject] = []

    /// An empty batch shaped for a layout, with room for `capacity` rows.
    public init(layout: ColumnLayout, fileIndex: Int, capacity: Int) {
        self.fileIndex = fileIndex
        categorical = Array(repeating: [], count: layout.categoricalCount)
        numeric = Array(repeating: [], count: layout.numericCount)
        mentioned = Array(repeating: [], count: layout.multiCount)
        answered = Array(repeating: [], count: layout.multiCount)
        reserve(capacity)
    }

    /// Reserves room for `capacity` rows in every buffer.
    public mutating func reserve(_ capacity: Int) {
        lines.reserveCapacity(capacity)
        idEnds.reserveCapacity(capacity)
        baseWeights.reserveCapacity(capacity)
        for i in categorical.indices { categorical[i].reserveCapacity(capacity) }
        for i in numeric.indices { numeric[i].reserveCapacity(capacity) }
        for i in mentioned.indices {
            mentioned[i].reserveCapacity(capacity)
            answered[i].reserveCapacity(capacity)
        }
    }

    /// Appends one row with every value missing; the caller then fills in the
    /// values it has with the `set` methods. Pre-specialized for the reader's
    /// per-row call with `UnsafeBufferPointer` ids, which generic dispatch slowed by a third.
    @_specialize(exported:true,where ID == UnsafeBufferPointer<UInt8>)
    public mutating func appendEmptyRow<ID: Collection>(line: Int, id: ID) where ID.Element == UInt8 {
        lines.append(line)
        idBytes.append(contentsOf: id)
        idEnds.append(idBytes.count)
        baseWeights.append(1)
        for i in categorical.indices { categorical[i].append(CategoryCode.missing) }
        for i in numeric.indices { numeric[i].append(.nan) }
        for i in mentioned.indices {
            mentioned[i].append(0)
            answered[i].append(0)
        }
        count += 1
    }

    /// Keeps only the rows whose flag is true, in order (rejects stay as they are).
    ///
    /// Every buffer is compacted in place, so a batch that loses a few rows is not copied.
    public mutating func keepRows(_ keep: [Bool]) {
        precondition(keep.count == count, "one flag per row")
        guard let first = keep.firstIndex(of: false) else { return }
        let runs = ColumnBatch.keptRuns(keep, from: first)
        compactIDs(runs, from: first)
        ColumnBatch.compact(&lines, runs, from: first)
        ColumnBatch.compact(&baseWeights, runs, from: first)
        for slot in categorical.indices { ColumnBatch.compact(&categorical[slot], runs, from: first) }
        for slot in numeric.indices { ColumnBatch.compact(&numeric[slot], runs, from: first) }
        for slot in mentioned.indices {
            ColumnBatch.compact(&mentioned[slot], runs, from: first)
            ColumnBatch.compact(&answered[slot], runs, from: first)
        }
        count = lines.count
    }

    /// Moves the ids of the rows of `runs` to the front from row `first` on, a run
    /// at a time, and drops the rest.
    private mutating func compactIDs(_ runs: [Range<Int>], from first: Int) {
        var byteWrite = first == 0 ? 0 : idEnds[first - 1]
        var write = first
        idEnds.withUnsafeMutableBufferPointer { ends in
            idBytes.withUnsafeMutableBufferPointer { bytes in
                for run in runs {
                    precondition(run.upperBound <= ends.count, "one flag per row")
                    // The row before a run is dropped, so its end is still unmoved (`write` is at most its index).
                    let start = run.lowerBound == 0 ? 0 : ends[run.lowerBound - 1]
                    let end = ends[run.upperBound - 1]
                    precondition(start <= end && end <= bytes.count, "id ends out of order")
                    let shift = start - byteWrite
                    if shift != 0, let base = bytes.baseAddress {
                        // The destination is never after the source: a forward copy is safe.
                        (base + byteWrite).update(from: base + start, count: end - start)
                    }
                    for row in run {
                        ends[write] = ends[row] - shift
                        write += 1
                    }
                    byteWrite += end - start
                }
            }
        }
        idBytes.removeSubrange(byteWrite...)
        idEnds.removeSubrange(write...)
    }

    /// The runs of consecutive kept rows from `first` on, as ranges of rows.
    private static func keptRuns(_ keep: [Bool], from first: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var row = first
        while row < keep.count {
            guard keep[row] else {
                row += 1
                continue
            }
            let start = row
            while row < keep.count, keep[row] { row += 1 }
            runs.append(start..<row)
        }
        return runs
    }

    /// Moves the rows of `runs` to the front of a buffer from `first` on, in
    /// order, a run at a time, and drops the rest.
    private static func compact<T>(_ values: inout [T], _ runs: [Range<Int>], from first: Int) {
        var write = first
        values.withUnsafeMutableBufferPointer { values in
            guard let base = values.baseAddress else { return }
            for run in runs {
                precondition(run.upperBound <= values.count, "one flag per row")
                // The destination is never after the source: a forward copy is safe.
                (base + write).update(from: base + run.lowerBound, count: run.count)
                write &+= run.count
            }
        }
        values.removeSubrange(write...)
    }

    /// Appends `rows` rows with every value missing, a base weight of 1, no id and line 0,
    /// for the caller to fill in; cheaper than `appendEmptyRow` row by row.
    public mutating func appendEmptyRows(_ rows: Int) {
        guard rows > 0 else { return }
        lines.append(contentsOf: repeatElement(0, count: rows))
        idEnds.append(contentsOf: repeatElement(idBytes.count, count: rows))
        baseWeights.append(contentsOf: repeatElement(1, count: rows))
        for i in categorical.indices {
            categorical[i].append(contentsOf: repeatElement(CategoryCode.missing, count: rows))
        }
        for i in numeric.indices { numeric[i].append(contentsOf: repeatElement(.nan, count: rows)) }
        for i in mentioned.indices {
            mentioned[i].append(contentsOf: repeatElement(0, count: rows))
            answered[i].append(contentsOf: repeatElement(0, count: rows))
        }
        count += rows
    }

    /// The respondent id of a row, as text.
    public func id(at row: Int) -> String {
        let start = row == 0 ? 0 : idEnds[row - 1]
        return String(decoding: idBytes[start..<idEnds[row]], as: UTF8.self)
    }
}

/// A value excluded from analysis or a row rejected, with where and why.
public struct Reject: Sendable, Equatable {
    /// What happened to the data.
    public enum Action: String, Sendable {
        /// The value was set to missing; the respondent stays.
        case valueExcluded = "value_excluded"
        /// The whole row was left out.
        case rowRejected = "row_rejected"
        /// A missing value was stood in for, for weighting only (tables still show it missing).
        case valueImputed = "value_imputed"
    }

    public var file: String
    public var line: Int
    public var respondentID: String
    /// The rule that fired, e.g. `out_of_domain`, `ragged_row`.
    public var rule: String
    /// The column, or empty for whole-row problems.
    public var field: String
    /// The offending text as it stood in the file.
    public var rawValue: String
    public var action: Action
    /// A sentence a person can act on.
    public var reason: String

    public init(
        file: String, line: Int, respondentID: String, rule: String, field: String, rawValue: String,
        action: Action, reason: String
    ) {
        self.file = file
        self.line = line
        self.respondentID = respondentID
        self.rule = rule
        self.field = field
        self.rawValue = rawValue
        self.action = action
        self.reason = reason
    }
}
