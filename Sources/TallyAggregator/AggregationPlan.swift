import TallyModel

/// What the aggregator accumulates for a definition: the cell space over the banner
/// fields and weighting variables, and one set of sums per distinct table field.
public struct AggregationPlan: Sendable {
    /// How one field is accumulated.
    enum FieldPlan: Sendable {
        /// Categorical codes: one slot per category plus one for missing.
        case categorical(slot: Int, categoryCount: Int)
        /// Multi-select masks: a slot per option, per net, and one for the base.
        case multi(slot: Int, optionCount: Int, netMasks: [UInt64])
        /// A numeric answer's moments.
        case numeric(slot: Int)
    }

    /// The definition the plan serves.
    public let definition: PipelineDefinition
    /// The classifying cells.
    public let cellSpace: CellSpace
    /// Distinct fields that tables read, in order of first use.
    let fieldNames: [String]
    let fieldPlans: [FieldPlan]

    /// Plans the aggregation of a definition's tables.
    /// - Throws: `TallyError.definition` when the banner fields combine into too many cells.
    public init(definition: PipelineDefinition, layout: ColumnLayout) throws {
        self.definition = definition
        let classifying = definition.banners.compactMap(\.field) + (definition.weighting?.fields ?? [])
        cellSpace = try CellSpace(fields: classifying, definition: definition, layout: layout)
        var names: [String] = []
        var plans: [FieldPlan] = []
        for table in definition.tables where !names.contains(table.field) {
            guard let field = definition.field(named: table.field), let slot = layout.slot(of: table.field) else {
                preconditionFailure("validated definition names unknown field '\(table.field)'")
            }
            names.append(table.field)
            switch (field.kind, slot) {
            case (.single(let spec), .categorical(let index)):
                plans.append(.categorical(slot: index, categoryCount: spec.categories.count))
            case (.bins(let spec), .categorical(let index)):
                plans.append(.categorical(slot: index, categoryCount: spec.bins.count))
            case (.multi(let spec), .multi(let index)):
                let masks = spec.nets.map { net in net.members.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) } }
                plans.append(.multi(slot: index, optionCount: spec.options.count, netMasks: masks))
            case (.numeric, .numeric(let index)):
                plans.append(.numeric(slot: index))
            default:
                preconditionFailure("field '\(field.name)' has a slot of the wrong kind")
            }
        }
        fieldNames = names
        fieldPlans = plans
    }

    /// The position of a table field's sums in `AggregateState.fields`.
    func fieldIndex(of name: String) -> Int {
        guard let index = fieldNames.firstIndex(of: name) else {
            preconditionFailure("no sums planned for field '\(name)'")
        }
        return index
    }

    /// Empty sums for this plan.
    public func makeState() -> AggregateState {
        let cells = cellSpace.cellCount
        let sums: [FieldSums] = fieldPlans.map { plan in
            switch plan {
            case .categorical(_, let categoryCount):
                return .counts(CellSums(cellCount: cells, width: categoryCount + 1))
            case .multi(_, let optionCount, let netMasks):
                return .counts(CellSums(cellCount: cells, width: optionCount + netMasks.count + 1))
            case .numeric:
                return .moments(NumericSums(cellCount: cells))
            }
        }
        return AggregateState(census: CellSums(cellCount: cells, width: 1), fields: sums)
    }
}
