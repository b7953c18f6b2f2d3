import TallyModel

extension FieldDecoder {
    /// The base weights accepted: beyond them, sums of weights and of their squares
    /// over any number of respondents could leave the range of `Double`.
    static let baseWeights: ClosedRange<Double> = 1e-100...1e100
    /// The most bytes of a ragged row kept as its reject's raw value.
    static let raggedRowText = 200
    /// The most bytes of a line broken by an unterminated quote kept as its reject's raw value.
    static let damagedLineText = 1 << 16

    /// Appends a row for every record with the right field count, an id and a valid
    /// weight; rejects the others.
    /// - Parameter trimmed: counts the ids and weights read that had surrounding spaces.
    /// - Returns: the records appended and their rows in the batch.
    func appendRows(
        _ group: RecordGroup, to batch: inout ColumnBatch, rejecting pending: inout [PendingReject],
        trimmed: inout Int
    ) -> Rows {
        var records: [Int] = []
        var weights: [Double] = []
        records.reserveCapacity(group.count)
        weights.reserveCapacity(group.count)
        for record in 0..<group.count {
            let fieldCount = group[record].fieldCount
            guard fieldCount == plan.header.count else {
                let reject =
                    fieldCount == RecordGroup.damagedLine
                    ? damagedLineReject(group, record) : raggedRowReject(group, record)
                pending.append(PendingReject(record: record, position: -1, reject: reject))
                continue
            }
            let id = group.value(record, plan.idColumn, countingTrims: &trimmed)
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
                let value = group.value(record, weightColumn, countingTrims: &trimmed)
                guard let number = DecimalParser.parse(value), number > 0, FieldDecoder.baseWeights.contains(number)
                else {
                    pending.append(
                        PendingReject(record: record, position: -1, reject: badWeight(group, record, value)))
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
    func reject(
        _ group: RecordGroup, _ record: Int, id: String? = nil, rule: String, field: String, rawValue: String,
        action: Reject.Action, reason: String
    ) -> Reject {
        Reject(
            file: file, line: group[record].line, respondentID: id ?? text(group.value(record, plan.idColumn)),
            rule: rule, field: field, rawValue: rawValue, action: action, reason: reason)
    }

    /// The reject of a record with the wrong number of fields.
    private func raggedRowReject(_ group: RecordGroup, _ record: Int) -> Reject {
        let fieldCount = group[record].fieldCount
        let rawText = group.rawText(record, limit: FieldDecoder.raggedRowText)
        let id = plan.idColumn < fieldCount ? text(group.value(record, plan.idColumn)) : ""
        return reject(
            group, record, id: id, rule: "ragged_row", field: "", rawValue: rawText, action: .rowRejected,
            reason: "expected \(plan.header.count) fields, found \(fieldCount)")
    }

    /// The reject of a physical line broken by a quote left open (see `QuoteDamage`), with
    /// the id the line holds when, read on its own, it has more than one field and the
    /// id column's field is closed and holds no quote (text cut from a quoted field has
    /// one field, or a quote in it), or when the quote left open opens the id field on
    /// this line (`"R00001,1.25,…` holds the id `R00001`).
    private func damagedLineReject(_ group: RecordGroup, _ record: Int) -> Reject {
        let damage = group.damage(of: record)
        let opening = damage.opening
        let line = group[record].line
        let field = opening.field < plan.header.count ? plan.header[opening.field] : "column \(opening.field + 1)"
        let (fields, openField) = group.fieldsOfDamagedLine(record)
        let hasID =
            fields.count + (openField == nil ? 0 : 1) > 1 && plan.idColumn < fields.count
            && !fields[plan.idColumn].contains(CSVScanner.quote)
        let opensID = line == opening.line && opening.field == plan.idColumn && fields.count == plan.idColumn
        let id = hasID ? text(fields[plan.idColumn]) : opensID ? openField.map(text) ?? "" : ""
        let lines =
            damage.firstLine == damage.lastLine
            ? "the line is rejected" : "lines \(damage.firstLine) to \(damage.lastLine) are rejected, one by one"
        let after =
            damage.resumes
            ? "reading resumes on line \(damage.lastLine + 1)" : "no line after it reads as a record"
        return reject(
            group, record, id: id, rule: "unterminated_quote", field: line == opening.line ? field : "",
            rawValue: group.rawText(record, limit: FieldDecoder.damagedLineText), action: .rowRejected,
            reason:
                "unterminated quote: the quote opened in field '\(field)' on line \(opening.line) is never closed; \(lines), and \(after)"
        )
    }

    /// The reject of a base weight that is not a number within `baseWeights`.
    private func badWeight(_ group: RecordGroup, _ record: Int, _ value: UnsafeBufferPointer<UInt8>) -> Reject {
        let column = plan.header[plan.weightColumn!]
        let isPositive = DecimalParser.parse(value).map { $0 > 0 } ?? false
        let reason =
            isPositive
            ? "the base weight '\(text(value))' in '\(column)' is outside 1e-100...1e100, the base weights Tally sums without overflow"
            : "the base weight '\(text(value))' in '\(column)' is not a positive number"
        return reject(
            group, record, rule: "bad_weight", field: column, rawValue: text(value), action: .rowRejected,
            reason: reason)
    }
}
