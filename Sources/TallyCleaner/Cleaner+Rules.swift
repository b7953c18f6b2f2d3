import TallyModel

// The rules that reject whole respondents. Each examines only the rows no earlier
// rule rejected, and records at most one `row_rejected` reject per row.
extension Cleaner {
    /// Step 2: rejects respondents without a valid answer to a required field
    /// (rule `required_missing`).
    func rejectMissingRequired(in batch: inout ColumnBatch, verdicts: inout RowVerdicts) {
        for check in requiredChecks {
            rejectMissing(check, rule: "required_missing", in: &batch, verdicts: &verdicts)
        }
    }

    /// Step 3: rejects respondents for whom the reader excluded an out-of-domain
    /// code in a column listed in `cleaning.rejectOutOfDomain` (rule `out_of_domain`).
    /// - Parameter readerRejects: how many of `batch.rejects` the reader made; only those are examined.
    func rejectOutOfDomain(in batch: inout ColumnBatch, readerRejects: Int, verdicts: inout RowVerdicts) {
        guard !outOfDomainColumns.isEmpty else { return }
        for index in 0..<readerRejects {
            let excluded = batch.rejects[index]
            guard excluded.rule == "out_of_domain", excluded.action == .valueExcluded,
                let column = outOfDomainColumns.first(where: { $0.column == excluded.field }),
                let row = batch.lines.sortedIndex(of: excluded.line), verdicts.keep[row]
            else { continue }
            verdicts.reject(
                row, in: &batch, rule: "out_of_domain", field: excluded.field, rawValue: excluded.rawValue,
                reason:
                    "'\(excluded.rawValue)' in '\(excluded.field)' is out of domain, and out-of-domain codes of '\(column.fieldName)' reject the respondent"
            )
        }
    }

    /// Step 4: rejects respondents whose interview took less than the threshold
    /// (rule `speeder`); a missing duration is not a speeder.
    func rejectSpeeders(in batch: inout ColumnBatch, verdicts: inout RowVerdicts) {
        guard let check = speederCheck else { return }
        for row in 0..<batch.count where verdicts.keep[row] {
            let duration = batch.numeric[check.slot][row]
            // NaN (missing) compares false.
            guard duration < check.threshold else { continue }
            verdicts.reject(
                row, in: &batch, rule: "speeder", field: check.column, rawValue: formatNumber(duration),
                reason: "interview took \(formatRounded(duration)) s, \(check.explanation)")
        }
    }

    /// Step 5: rejects respondents who gave one code to every item of a grid
    /// (rule `straight_liner`, the field being the grid's name).
    func rejectStraightLiners(in batch: inout ColumnBatch, verdicts: inout RowVerdicts) {
        for check in straightLineChecks {
            let slots = check.slots
            let first = batch.categorical[slots[0]]
            // Column by column: 1 where every item so far has the first item's (valid) code.
            var same = first.map { $0 != CategoryCode.missing ? UInt8(1) : 0 }
            for item in slots.dropFirst() {
                let codes = batch.categorical[item]
                precondition(codes.count == same.count && first.count == same.count, "one code per row")
                same.withUnsafeMutableBufferPointer { same in
                    codes.withUnsafeBufferPointer { codes in
                        first.withUnsafeBufferPointer { first in
                            for row in same.indices { same[row] &= codes[row] == first[row] ? 1 : 0 }
                        }
                    }
                }
            }
            for row in same.indices where same[row] != 0 && verdicts.keep[row] {
                let text = check.codes[Int(first[row])]
                verdicts.reject(
                    row, in: &batch, rule: "straight_liner", field: check.name, rawValue: text,
                    reason: "gave the answer '\(text)' to all \(slots.count) items of '\(check.name)'")
            }
        }
    }

    /// Step 7: rejects respondents without a valid value of a weighting variable
    /// (rule `missing_weighting_variable`): they cannot be weighted.
    func rejectUnweightable(in batch: inout ColumnBatch, verdicts: inout RowVerdicts) {
        for check in weightingVariables {
            rejectMissing(check, rule: "missing_weighting_variable", in: &batch, verdicts: &verdicts)
        }
        for check in imputedWeightingVariables {
            guard case .categorical(let slot) = check.slot else { continue }
            for row in 0..<batch.count where verdicts.keep[row] && batch.categorical[slot][row] == CategoryCode.missing
            {
                batch.rejects.append(
                    Reject(
                        file: verdicts.fileName, line: batch.lines[row], respondentID: batch.id(at: row),
                        rule: "weighting_imputed", field: check.column, rawValue: "", action: .valueImputed,
                        reason: check.reason))
            }
        }
    }

    /// Rejects the rows still in whose value of a field is missing: a categorical
    /// code missing, a number NaN, a multi-select with no option answered.
    private func rejectMissing(
        _ check: RequiredCheck, rule: String, in batch: inout ColumnBatch, verdicts: inout RowVerdicts
    ) {
        func reject(_ row: Int) {
            verdicts.reject(row, in: &batch, rule: rule, field: check.column, rawValue: "", reason: check.reason)
        }
        switch check.slot {
        case .categorical(let slot):
            let codes = batch.categorical[slot]
            for row in codes.indices where codes[row] == CategoryCode.missing && verdicts.keep[row] { reject(row) }
        case .numeric(let slot):
            let values = batch.numeric[slot]
            for row in values.indices where values[row].isNaN && verdicts.keep[row] { reject(row) }
        case .multi(let slot):
            let answered = batch.answered[slot]
            for row in answered.indices where answered[row] == 0 && verdicts.keep[row] { reject(row) }
        }
    }
}
