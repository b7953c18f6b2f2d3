import TallyModel

/// The cleaning stage: turns what the reader decoded into analysis-ready columns.
///
/// It derives binned fields (generation from birth year), reporting values that
/// fall into no bin, then rejects respondents who lack a weighting variable
/// (they cannot be weighted, and nothing is dropped silently).
public struct Cleaner: Sendable {
    /// A categorical field that must be present, and the column to name when it is not.
    private struct Required: Sendable {
        var fieldName: String
        var column: String
        var slot: Int
    }

    private struct Derivation: Sendable {
        var fieldName: String
        var sourceName: String
        var sourceSlot: Int
        var targetSlot: Int
        var bins: [Bin]
    }

    private let derivations: [Derivation]
    private let weightingVariables: [Required]

    /// Prepares the derivations a definition declares.
    public init(definition: PipelineDefinition, layout: ColumnLayout) {
        var derivations: [Derivation] = []
        for (index, field) in definition.fields.enumerated() {
            guard case .bins(let spec) = field.kind,
                case .categorical(let target) = layout.slots[index],
                case .numeric(let source)? = layout.slot(of: spec.source)
            else { continue }
            derivations.append(
                Derivation(
                    fieldName: field.name, sourceName: spec.source, sourceSlot: source, targetSlot: target,
                    bins: spec.bins))
        }
        self.derivations = derivations
        weightingVariables = (definition.weighting?.fields ?? []).reduce(into: []) { required, name in
            guard !required.contains(where: { $0.fieldName == name }), let field = definition.field(named: name),
                case .categorical(let slot)? = layout.slot(of: name)
            else { return }
            let column: String
            switch field.kind {
            case .single(let spec): column = spec.column
            case .bins(let spec): column = spec.source
            case .multi, .numeric: return
            }
            required.append(Required(fieldName: name, column: column, slot: slot))
        }
    }

    /// Cleans a batch in place; values it excludes are added to `batch.rejects`.
    /// - Parameter fileName: the input file's display name, for reject records.
    public func clean(_ batch: inout ColumnBatch, fileName: String) {
        for derivation in derivations {
            derive(derivation, in: &batch, fileName: fileName)
        }
        rejectUnweightable(&batch, fileName: fileName)
    }

    private func rejectUnweightable(_ batch: inout ColumnBatch, fileName: String) {
        guard !weightingVariables.isEmpty else { return }
        var keep = Array(repeating: true, count: batch.count)
        for row in 0..<batch.count {
            guard let missing = weightingVariables.first(where: { batch.categorical[$0.slot][row] == CategoryCode.missing })
            else { continue }
            keep[row] = false
            batch.rejects.append(
                Reject(
                    file: fileName, line: batch.lines[row], respondentID: batch.id(at: row),
                    rule: "missing_weighting_variable", field: missing.column, rawValue: "", action: .rowRejected,
                    reason: "no valid '\(missing.fieldName)', which weighting needs"))
        }
        batch.keepRows(keep)
    }

    private func derive(_ derivation: Derivation, in batch: inout ColumnBatch, fileName: String) {
        let values = batch.numeric[derivation.sourceSlot]
        var codes = batch.categorical[derivation.targetSlot]
        for row in 0..<batch.count {
            let value = values[row]
            if value.isNaN {
                codes[row] = CategoryCode.missing
                continue
            }
            if let bin = derivation.bins.firstIndex(where: { $0.lower <= value && value <= $0.upper }) {
                codes[row] = UInt16(bin)
            } else {
                codes[row] = CategoryCode.missing
                batch.rejects.append(
                    Reject(
                        file: fileName, line: batch.lines[row], respondentID: batch.id(at: row), rule: "no_bin",
                        field: derivation.sourceName, rawValue: formatNumber(value), action: .valueExcluded,
                        reason: "\(formatNumber(value)) falls in none of the bins of '\(derivation.fieldName)'"))
            }
        }
        batch.categorical[derivation.targetSlot] = codes
    }

    private func formatNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
