import TallyModel

extension Cleaner {
    /// Computes a binned field from its source: the first bin holding the value,
    /// missing for a missing value; a value in no bin is excluded (rule `no_bin`).
    func derive(_ derivation: Derivation, in batch: inout ColumnBatch, fileName: String) {
        let bins = derivation.bins
        for row in 0..<batch.count {
            let value = batch.numeric[derivation.sourceSlot][row]
            var code = CategoryCode.missing
            if !value.isNaN {
                if let bin = bins.firstIndex(where: { $0.lower <= value && value <= $0.upper }) {
                    code = UInt16(bin)
                } else {
                    batch.rejects.append(
                        Reject(
                            file: fileName, line: batch.lines[row], respondentID: batch.id(at: row), rule: "no_bin",
                            field: derivation.sourceColumn, rawValue: formatNumber(value), action: .valueExcluded,
                            reason: "\(formatNumber(value)) falls in none of the bins of '\(derivation.fieldName)'"))
                }
            }
            batch.categorical[derivation.targetSlot][row] = code
        }
    }
}

extension Cleaner {
    /// Computes every count field: the options of its multi-select mentioned, NaN
    /// (missing) when no option was answered.
    func countMentions(in batch: inout ColumnBatch) {
        for count in counts {
            for row in 0..<batch.count {
                let answered = batch.answered[count.sourceSlot][row]
                let mentioned = batch.mentioned[count.sourceSlot][row]
                batch.numeric[count.targetSlot][row] = answered == 0 ? .nan : Double(mentioned.nonzeroBitCount)
            }
        }
    }
}
