import TallyModel

/// Decodes groups of CSV records into `ColumnBatch` rows following a `ColumnPlan`,
/// and records a `Reject` for every value it excludes and every row it leaves out.
///
/// Rows are checked and appended first (field count, id, weight); then each
/// column read is decoded for all rows of the group in one loop over its buffer.
/// Categorical and option fields go through a table indexed by the field's
/// `ShortCode`, so a one-byte answer costs a load and a store (option answers
/// that are all 1, 0 or blank go eight records at a time); only fields the
/// tables cannot settle are read in full.
struct FieldDecoder {
    private let plan: ColumnPlan
    private let file: String
    private let fieldNames: [String]
    private let categoryCounts: [Int]
    /// Per code lookup, 256 entries by short code: the category to store (`CategoryCode.missing`
    /// for an empty field or a space), or `readInFull`.
    private let categoryTables: [UInt32]
    /// By short code: `answered` and `mentioned` to set (neither for an empty field or a space),
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
                case ShortCode.empty, UInt8(ascii: " "): return UInt32(CategoryCode.missing)
                case ShortCode.other: return FieldDecoder.readInFull
                default:
                    let category = lookup.category(ofByte: code)
                    return category == CategoryCode.missing ? FieldDecoder.readInFull : UInt32(category)
                }
            }
        }
        optionTable = (0...255).map { (code: UInt8) -> UInt8 in
            code == ShortCode.empty || code == UInt8(ascii: " ")
                ? 0 : FieldDecoder.optionFlags(code) ?? FieldDecoder.optionReadInFull
        }
    }

    /// The records of a group that become rows: `records[i]` is row `first + i` of the batch.
    private struct Rows {
        var first: Int
        var records: [Int]
    }

    /// A reject waiting to be put in row order: rejects of a record, by column.
    private struct PendingReject {
        var record: Int
        var position: Int
        var reject: Reject
    }

    /// Appends the group's usable records as rows of `batch`, their rejects in record order.
    func decode(_ group: RecordGroup, into batch: inout ColumnBatch) {
        var pending: [PendingReject] = []
        let rows = appendRows(group, to: &batch, rejecting: &pending)
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
                            let value = group.value(record, read.column)
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
                        let value = group.value(record, read.column)
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
                                    let value = group.value(record, read.column)
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

    /// Appends a row for every record with the right field count, an id and a valid
    /// weight; rejects the others.
    /// - Returns: the records appended and their rows in the batch.
    private func appendRows(
        _ group: RecordGroup, to batch: inout ColumnBatch, rejecting pending: inout [PendingReject]
    ) -> Rows {
        var records: [Int] = []
        var weights: [Double] = []
        records.reserveCapacity(group.count)
        weights.reserveCapacity(group.count)
        for record in 0..<group.count {
            let fieldCount = group[record].fieldCount
            guard fieldCount == plan.header.count else {
                let rawText = group.rawText(record, limit: 200)
                let id = plan.idColumn < fieldCount ? text(group.value(record, plan.idColumn)) : ""
                pending.append(
                    PendingReject(
                        record: record, position: -1,
                        reject: reject(
                            group, record, id: id, rule: "ragged_row", field: "", rawValue: rawText,
                            action: .rowRejected, reason: "expected \(plan.header.count) fields, found \(fieldCount)")))
                continue
            }
            let id = group.value(record, plan.idColumn)
            guard !id.isEmpty else {
                let column = plan.header[plan.idColumn]
                pending.append(
                    PendingReject(
                        record: record, position: -1,
                        reject: reject(
                            group, record, rule: "missing_id", field: column, rawValue: "", action: .rowRejected,
                            reason: "the respondent id column '\(column)' is empty")))
                continue
            }
            var weight = 1.0
            if let weightColumn = plan.weightColumn {
                let value = group.value(record, weightColumn)
                guard let number = DecimalParser.parse(value), number > 0 else {
                    let column = plan.header[weightColumn]
                    pending.append(
                        PendingReject(
                            record: record, position: -1,
                            reject: reject(
                                group, record, rule: "bad_weight", field: column, rawValue: text(value),
                                action: .rowRejected,
                                reason: "the base weight '\(text(value))' in '\(column)' is not a positive number")))
                    continue
                }
                weight = number
            }
            records.append(record)
            weights.append(weight)
        }
        let first = batch.count
        batch.appendEmptyRows(records.count)
        for (index, record) in records.enumerated() {
            batch.lines[first + index] = group[record].line
            batch.idBytes.append(contentsOf: group.value(record, plan.idColumn))
            batch.idEnds[first + index] = batch.idBytes.count
            batch.baseWeights[first + index] = weights[index]
        }
        return Rows(first: first, records: records)
    }

    /// A reject of a record; the respondent id is read from the record unless given.
    private func reject(
        _ group: RecordGroup, _ record: Int, id: String? = nil, rule: String, field: String, rawValue: String,
        action: Reject.Action, reason: String
    ) -> Reject {
        Reject(
            file: file, line: group[record].line, respondentID: id ?? text(group.value(record, plan.idColumn)),
            rule: rule, field: field, rawValue: rawValue, action: action, reason: reason)
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A range bound as written in a definition: `1946`, `0.5`.
    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
