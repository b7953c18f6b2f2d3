import TallyModel

extension Cleaner {
    /// Step 6: blanks the routed questions' answers of respondents not asked them
    /// (whose routing field is outside the rule's categories, or missing), recording
    /// each value blanked (rule `routing`, `value_excluded`). Rows already rejected
    /// are left alone.
    func applyRouting(in batch: inout ColumnBatch, verdicts: RowVerdicts) {
        for plan in routingPlans {
            let answers = plan.questions.map(AnswerSlot.init)
            let gate = batch.categorical[plan.gateSlot]
            let notAsked = gate.indices.filter { verdicts.keep[$0] && !plan.wasAsked(gate[$0]) }
            // Which of them hold any answer to blank, found a question (a column) at a time.
            var holdsAnswer = [Bool](repeating: false, count: notAsked.count)
            for answer in answers { answer.markAnswered(rows: notAsked, in: batch, into: &holdsAnswer) }
            for (position, row) in notAsked.enumerated() where holdsAnswer[position] {
                for (index, answer) in answers.enumerated() where answer.isAnswered(row: row, in: batch) {
                    blank(plan.questions[index], row: row, reason: plan.reason, in: &batch, fileName: verdicts.fileName)
                }
            }
        }
    }

    /// Where a routed question's answer is stored, without the texts `RoutedQuestion`
    /// carries: checked for every row not asked, most of which hold no answer.
    private enum AnswerSlot {
        case categorical(Int)
        case numeric(Int)
        case multi(Int)

        init(_ question: RoutedQuestion) {
            switch question.storage {
            case .categorical(let slot, _): self = .categorical(slot)
            case .numeric(let slot): self = .numeric(slot)
            case .multi(let slot, _): self = .multi(slot)
            }
        }

        /// Sets `flags[i]` for each `rows[i]` that holds an answer (leaves the others as they are).
        func markAnswered(rows: [Int], in batch: ColumnBatch, into flags: inout [Bool]) {
            precondition(flags.count == rows.count, "one flag per row")
            switch self {
            case .categorical(let slot):
                let codes = batch.categorical[slot]
                for (i, row) in rows.enumerated() where codes[row] != CategoryCode.missing { flags[i] = true }
            case .numeric(let slot):
                let values = batch.numeric[slot]
                for (i, row) in rows.enumerated() where !values[row].isNaN { flags[i] = true }
            case .multi(let slot):
                let answered = batch.answered[slot]
                for (i, row) in rows.enumerated() where answered[row] != 0 { flags[i] = true }
            }
        }

        /// Whether the row holds an answer (one that `blank` would record).
        func isAnswered(row: Int, in batch: ColumnBatch) -> Bool {
            switch self {
            case .categorical(let slot): return batch.categorical[slot][row] != CategoryCode.missing
            case .numeric(let slot): return !batch.numeric[slot][row].isNaN
            case .multi(let slot): return batch.answered[slot][row] != 0
            }
        }
    }

    /// Sets one row's answer to a question to missing, recording it unless it was missing already.
    private func blank(
        _ question: RoutedQuestion, row: Int, reason: String, in batch: inout ColumnBatch, fileName: String
    ) {
        let rawValue: String
        switch question.storage {
        case .categorical(let slot, let codes):
            let code = batch.categorical[slot][row]
            guard code != CategoryCode.missing else { return }
            batch.categorical[slot][row] = CategoryCode.missing
            rawValue = codes[Int(code)]
        case .numeric(let slot):
            let value = batch.numeric[slot][row]
            guard !value.isNaN else { return }
            batch.numeric[slot][row] = .nan
            rawValue = formatNumber(value)
        case .multi(let slot, let optionColumns):
            guard batch.answered[slot][row] != 0 else { return }
            let mentioned = batch.mentioned[slot][row]
            batch.mentioned[slot][row] = 0
            batch.answered[slot][row] = 0
            rawValue = optionColumns.indices.filter { mentioned & (1 << UInt64($0)) != 0 }
                .map { optionColumns[$0] }.joined(separator: "|")
        }
        batch.rejects.append(
            Reject(
                file: fileName, line: batch.lines[row], respondentID: batch.id(at: row), rule: "routing",
                field: question.column, rawValue: rawValue, action: .valueExcluded, reason: reason))
    }
}
