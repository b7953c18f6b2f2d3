import TallyModel

extension Cleaner {
    /// Computes a binned field from its source: the first bin holding the value,
    /// missing for a missing value; a value in no bin is excluded (rule `no_bin`).
    func derive(_ derivation: Derivation, in batch: inout ColumnBatch, fileName: String) {
        let bins = derivation.bins
        let values = batch.numeric[derivation.sourceSlot]
        var codes = [UInt16](repeating: CategoryCode.missing, count: values.count)
        var outside: [Int] = []
        for (row, value) in values.enumerated() where !value.isNaN {
            if let bin = bins.firstIndex(where: { $0.lower <= value && value <= $0.upper }) {
                codes[row] = UInt16(bin)
            } else {
                outside.append(row)
            }
        }
        batch.categorical[derivation.targetSlot] = codes
        for row in outside {
            let value = values[row]
            batch.rejects.append(
                Reject(
                    file: fileName, line: batch.lines[row], respondentID: batch.id(at: row), rule: "no_bin",
                    field: derivation.sourceColumn, rawValue: formatNumber(value), action: .valueExcluded,
                    reason: "\(formatNumber(value)) falls in none of the bins of '\(derivation.fieldName)'"))
        }
    }
}

extension Cleaner {
    /// Computes every count field: the options of its multi-select mentioned, NaN
    /// (missing) when no option was answered.
    func countMentions(in batch: inout ColumnBatch) {
        for count in counts {
            let answered = batch.answered[count.sourceSlot]
            let mentioned = batch.mentioned[count.sourceSlot]
            precondition(answered.count == batch.count && mentioned.count == batch.count, "one mask per row")
            batch.numeric[count.targetSlot].withUnsafeMutableBufferPointer { numbers in
                precondition(numbers.count == answered.count, "one number per row")
                for row in numbers.indices {
                    numbers[row] = answered[row] == 0 ? .nan : Double(mentioned[row].nonzeroBitCount)
                }
            }
        }
    }
}
