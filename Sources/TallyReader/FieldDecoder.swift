import TallyModel

/// Decodes groups of CSV records into `ColumnBatch` rows following a `ColumnPlan`,
/// and records a `Reject` for every value it excludes and every row it leaves out.
///
/// Rows are checked and appended first (field count, id, weight); then each
/// column read is decoded for all rows of the group in one loop over its buffer.
/// Categorical and option fields go through a table indexed by the field's
/// `ShortCode`, so a one-byte answer costs a load and a store (option answers
/// that are all 1, 0 or blank go eight records at a time); only fields the
/// tables cannot settle are read in full. Values read lose their surrounding
/// spaces, and are counted when they had some (a lone space is read in full, so
/// that it is counted too).
struct FieldDecoder {
    let plan: ColumnPlan
    let file: String
    private let fieldNames: [String]
    private let categoryCounts: [Int]
    /// Per code lookup, 256 entries by short code: the category to store (`CategoryCode.missing`
    /// for an empty field), or `readInFull`.
    private let categoryTables: [UInt32]
    /// By short code: `answered` and `mentioned` to set (neither for an empty field),
    /// or `optionReadInFull`.
    private let optionTable: [UInt8]

    /// A category table entry for a field whose value must be read in full.
    private static let readInFull: UInt32 = 1 << 16
    private static let answered: UInt8 = 1
    private static let mentioned: UInt8 = 2
    /// An option table entry for a field whose value must be read in full.
    private static let optionReadInFull: UInt8 = 4

    /// - Parameter file: the file's display name, for rejects.
    init(plan: ColumnPlan, file: String, definition: PipelineDefinition) {
        self.plan = plan
        self.file = file
        fieldNames = definition.fields.map(\.name)
        categoryCounts = definition.fields.map(\.categories.count)
        categoryTables = plan.lookups.flatMap { lookup in
            (0...255).map { (code: UInt8) -> UInt32 in
                switch code {
                case ShortCode.empty: return UInt32(CategoryCode.missing)
                case ShortCode.other, UInt8(ascii: " "): return FieldDecoder.readInFull
                default:
                    let category = lookup.category(ofByte: code)
                    return category == CategoryCode.missing ? FieldDecoder.readInFull : UInt32(category)
                }
            }
        }
        optionTable = (0...255).map { (code: UInt8) -> UInt8 in
            code == ShortCode.empty ? 0 : FieldDecoder.optionFlags(code) ?? FieldDecoder.optionReadInFull
        }
    }

    /// The records of a group that become rows: `records[i]` is row `first + i` of the batch.
    struct Rows {
        var first: Int
        var records: [Int]
    }

    /// A reject waiting to be put in row order: rejects of a record, by column.
    struct PendingReject {
        var record: Int
        var position: Int
        var reject: Reject
    }

    /// Appends the group's usable records as rows of `batch`, their rejects in record order.
    ///
    /// One function on purpose: it runs for every column of every group. Split into
    /// one function per target kind (categories, numbers, options) passing the
    /// column's state inout, the kernel benchmark's CSV scan measured 5-7% slower
    /// (p50 10.31 and 10.45 ms against 9.85 and 9.77 ms, interleaved, 2026-12-07).
    /// - Returns: the values read that had surrounding spaces removed.
    func decode(_ group: RecordGroup, into batch: inout ColumnBatch) -> Int {
        var pending: [PendingReject] = []
        var trimmed = 0
        let rows = appendRows(group, to: &batch, rejecting: &pending, trimmed: &trimmed)
        for (position, read) in plan.reads.enumerated() {
            func exclude(_ record: Int, _ rule: String, _ value: UnsafeBufferPointer<UInt8>, _ reason: String) {
                pending.append(
                    PendingReject(
                        record: record, position: position,
                        reject: reject(
                            group, record, rule: rule, field: plan.header[read.column], rawValue: text(value),
                            action: .valueExcluded, reason: reason)))
            }
            let codes = group.shortCodes(read.column)
            switch read.target {
            case .categorical(let slot, let lookupIndex):
                let lookup = plan.lookups[lookupIndex]
                categoryTables.withUnsafeBufferPointer { tables in
                    let table = UnsafeBufferPointer(rebasing: tables[lookupIndex * 256..<(lookupIndex + 1) * 256])
                    batch.categorical[slot].withUnsafeMutableBufferPointer { categories in
                        for (offset, record) in rows.records.enumerated() {
                            let entry = table[Int(codes[record])]
                            if entry != FieldDecoder.readInFull {
                                categories[rows.first &+ offset] = UInt16(truncatingIfNeeded: entry)
                                continue
                            }
                            let value = group.value(record, read.column, countingTrims: &trimmed)
                            if value.isEmpty { continue }
                            if let category = lookup.category(of: value) {
                                categories[rows.first &+ offset] = category
                            } else {
                                exclude(
                                    record, "out_of_domain", value,
                                    "code '\(text(value))' is not one of the \(categoryCounts[read.field]) codes declared for '\(fieldNames[read.field])'"
                                )
                            }
                        }
                    }
                }
            case .numeric(let slot, let lower, let upper):
                batch.numeric[slot].withUnsafeMutableBufferPointer { numbers in
                    for (offset, record) in rows.records.enumerated() {
                        let value = group.value(record, read.column, countingTrims: &trimmed)
                        if value.isEmpty { continue }
                        guard let number = DecimalParser.parse(value) else {
                            exclude(
                                record, "not_a_number", value,
                                "'\(text(value))' is not a number (field '\(fieldNames[read.field])')")
                            continue
                        }
                        guard number >= lower, number <= upper else {
                            exclude(
                                record, "out_of_range", value,
                                "\(text(value)) is outside the range \(format(lower))...\(format(upper)) declared for '\(fieldNames[read.field])'"
                            )
                            continue
                        }
                        numbers[rows.first &+ offset] = number
                    }
                }
            case .option(let slot, let bit):
                optionTable.withUnsafeBufferPointer { table in
                    batch.mentioned[slot].withUnsafeMutableBufferPointer { mentioned in
                        batch.answered[slot].withUnsafeMutableBufferPointer { answered in
                            let isEveryRecord = rows.records.count == group.count
                            var next = 0
                            while next < rows.records.count {
                                if isEveryRecord, next & 7 == 0, next &+ 8 <= rows.records.count {
                                    // Eight answers at a time when each is 1, 0 or blank.
                                    let word = group.eightShortCodes(next, read.column)
                                    // Per byte: 1 where the code is `1`, `1` or `0`, blank.
                                    let ones = CSVScanner.zeroBytes(word ^ FieldDecoder.eight(UInt8(ascii: "1"))) &>> 7
                                    let answers =
                                        ones | CSVScanner.zeroBytes(word ^ FieldDecoder.eight(UInt8(ascii: "0"))) &>> 7
                                    let blanks = CSVScanner.zeroBytes(word ^ FieldDecoder.eight(ShortCode.empty)) &>> 7
                                    if answers | blanks == FieldDecoder.eight(1) {
                                        for lane in 0..<8 {
                                            let row = rows.first &+ next &+ lane
                                            let shift = UInt64(8 &* lane)
                                            answered[row] |= bit & (0 &- (answers &>> shift & 1))
                                            mentioned[row] |= bit & (0 &- (ones &>> shift & 1))
                                        }
                                        next &+= 8
                                        continue
                                    }
                                }
                                let offset = next
                                next &+= 1
                                let record = rows.records[offset]
                                var flags = table[Int(codes[record])]
                                if flags == FieldDecoder.optionReadInFull {
                                    let value = group.value(record, read.column, countingTrims: &trimmed)
                                    if value.isEmpty { continue }
                                    guard value.count == 1, let known = FieldDecoder.optionFlags(value[0]) else {
                                        exclude(
                                            record, "out_of_domain", value,
                                            "'\(text(value))' in option column '\(plan.header[read.column])' of '\(fieldNames[read.field])' is not 1 (mentioned), 0 (not mentioned) or blank"
                                        )
                                        continue
                                    }
                                    flags = known
                                }
                                // Branch-free: whether each bit is set depends on the data.
                                let row = rows.first &+ offset
                                answered[row] |= bit & (0 &- UInt64(flags & FieldDecoder.answered))
                                mentioned[row] |= bit & (0 &- UInt64((flags & FieldDecoder.mentioned) >> 1))
                            }
                        }
                    }
                }
            }
        }
        if !pending.isEmpty {
            pending.sort { ($0.record, $0.position) < ($1.record, $1.position) }
            batch.rejects += pending.map(\.reject)
        }
        return trimmed
    }

    /// A word of eight bytes `byte`.
    @inline(__always)
    private static func eight(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The flags of an option answer of one byte: `1` mentioned, `0` not mentioned; nil for any other byte.
    private static func optionFlags(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0"): return answered
        case UInt8(ascii: "1"): return answered | mentioned
        default: return nil
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A range bound as written in a definition: `1946`, `0.5`.
    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
