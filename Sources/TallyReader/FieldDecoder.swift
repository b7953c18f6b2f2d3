import TallyModel

/// Decodes groups of CSV records into `ColumnBatch` rows following a `ColumnPlan`,
/// and records a `Reject` for every value it excludes and every row it leaves out.
///
/// Rows are checked and appended first (field count, id, weight); then each
/// column read is decoded for all rows of the group in one loop over its buffer.
struct FieldDecoder {
    private let plan: ColumnPlan
    private let file: String
    private let fieldNames: [String]
    private let categoryCounts: [Int]

    /// - Parameter file: the file's display name, for rejects.
    init(plan: ColumnPlan, file: String, definition: PipelineDefinition) {
        self.plan = plan
        self.file = file
        fieldNames = definition.fields.map(\.name)
        categoryCounts = definition.fields.map(\.categories.count)
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
            switch read.target {
            case .categorical(let slot, let lookupIndex):
                let lookup = plan.lookups[lookupIndex]
                batch.categorical[slot].withUnsafeMutableBufferPointer { codes in
                    for (record, row) in rows {
                        // Most answers are one plain byte or blank: straight from the span.
                        switch group.shortField(record, read.column) {
                        case .empty: continue
                        case .byte(let byte):
                            let category = lookup.category(ofByte: byte)
                            if category != CategoryCode.missing {
                                codes[row] = category
                                continue
                            }
                        case .other: break
                        }
                        let value = group.value(record, read.column)
                        if value.isEmpty { continue }
                        if let category = lookup.category(of: value) {
                            codes[row] = category
                        } else {
                            exclude(
                                record, "out_of_domain", value,
                                "code '\(text(value))' is not one of the \(categoryCounts[read.field]) codes declared for '\(fieldNames[read.field])'"
                            )
                        }
                    }
                }
            case .numeric(let slot, let lower, let upper):
                batch.numeric[slot].withUnsafeMutableBufferPointer { numbers in
                    for (record, row) in rows {
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
                        numbers[row] = number
                    }
                }
            case .option(let slot, let bit):
                batch.mentioned[slot].withUnsafeMutableBufferPointer { mentioned in
                    batch.answered[slot].withUnsafeMutableBufferPointer { answered in
                        for (record, row) in rows {
                            switch group.shortField(record, read.column) {
                            case .empty: continue
                            case .byte(UInt8(ascii: "1")):
                                mentioned[row] |= bit
                                answered[row] |= bit
                                continue
                            case .byte(UInt8(ascii: "0")):
                                answered[row] |= bit
                                continue
                            case .byte, .other: break
                            }
                            let value = group.value(record, read.column)
                            if value.isEmpty { continue }
                            if value.count == 1, value[0] == UInt8(ascii: "1") {
                                mentioned[row] |= bit
                                answered[row] |= bit
                            } else if value.count == 1, value[0] == UInt8(ascii: "0") {
                                answered[row] |= bit
                            } else {
                                exclude(
                                    record, "out_of_domain", value,
                                    "'\(text(value))' in option column '\(plan.header[read.column])' of '\(fieldNames[read.field])' is not 1 (mentioned), 0 (not mentioned) or blank"
                                )
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

    /// Appends a row for every record with the right field count, an id and a valid
    /// weight; rejects the others.
    /// - Returns: the records appended, each with its row in the batch.
    private func appendRows(
        _ group: RecordGroup, to batch: inout ColumnBatch, rejecting pending: inout [PendingReject]
    ) -> [(record: Int, row: Int)] {
        var rows: [(record: Int, row: Int)] = []
        var weights: [Double] = []
        rows.reserveCapacity(group.count)
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
            rows.append((record, batch.count + rows.count))
            weights.append(weight)
        }
        let first = batch.count
        batch.appendEmptyRows(rows.count)
        for (index, (record, row)) in rows.enumerated() {
            batch.lines[row] = group[record].line
            batch.idBytes.append(contentsOf: group.value(record, plan.idColumn))
            batch.idEnds[row] = batch.idBytes.count
            batch.baseWeights[first + index] = weights[index]
        }
        return rows
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
