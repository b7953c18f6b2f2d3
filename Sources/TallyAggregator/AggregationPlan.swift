import TallyModel

/// What the aggregator accumulates for a definition: the cell space over the banner
/// fields and weighting variables, and one set of sums per distinct table field
/// and filter.
public struct AggregationPlan: Sendable {
    /// Which respondents a filtered table counts.
    enum FilterPlan: Sendable, Equatable {
        /// Those whose categorical answer (in `slot`) is one of the flagged categories.
        case categories(slot: Int, members: [Bool])
        /// Those who mentioned any option of `mask` (multi-select `slot`).
        case options(slot: Int, mask: UInt64)
    }

    /// The sums one or more tables read: a field, under a filter or not.
    struct SumsKey: Equatable {
        var field: String
        var filter: TableFilter?
    }

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
    /// Distinct (field, filter) pairs that tables read, in order of first use.
    let fieldPlans: [FieldPlan]
    /// The distinct table filters, in order of first use.
    let filterPlans: [FilterPlan]
    /// For each field plan, the index of its filter in `filterPlans`, or nil when unfiltered.
    let filterOfField: [Int?]
    /// For each table, the index of its sums.
    let sumsOfTable: [Int]

    /// Plans the aggregation of a definition's tables.
    /// - Throws: `TallyError.definition` when the banner fields combine into too many cells.
    public init(definition: PipelineDefinition, layout: ColumnLayout) throws {
        self.definition = definition
        let classifying = definition.banners.compactMap(\.field) + (definition.weighting?.fields ?? [])
        cellSpace = try CellSpace(fields: classifying, definition: definition, layout: layout)
        var keys: [SumsKey] = []
        var plans: [FieldPlan] = []
        var filters: [FilterPlan] = []
        var filterOfField: [Int?] = []
        var sumsOfTable: [Int] = []
        for table in definition.tables {
            let key = SumsKey(field: table.field, filter: table.filter)
            if let existing = keys.firstIndex(of: key) {
                sumsOfTable.append(existing)
                continue
            }
            guard let field = definition.field(named: table.field), let slot = layout.slot(of: table.field) else {
                preconditionFailure("validated definition names unknown field '\(table.field)'")
            }
            sumsOfTable.append(keys.count)
            keys.append(key)
            filterOfField.append(
                table.filter.map { filter in
                    let plan = Self.filterPlan(filter, definition: definition, layout: layout)
                    if let existing = filters.firstIndex(of: plan) { return existing }
                    filters.append(plan)
                    return filters.count - 1
                })
            switch (field.kind, slot) {
            case (.single(let spec), .categorical(let index)):
                plans.append(.categorical(slot: index, categoryCount: spec.categories.count))
            case (.bins(let spec), .categorical(let index)):
                plans.append(.categorical(slot: index, categoryCount: spec.bins.count))
            case (.multi(let spec), .multi(let index)):
                let masks = spec.nets.map { net in net.members.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) } }
                plans.append(.multi(slot: index, optionCount: spec.options.count, netMasks: masks))
            case (.numeric, .numeric(let index)), (.count, .numeric(let index)):
                plans.append(.numeric(slot: index))
            default:
                preconditionFailure("field '\(field.name)' has a slot of the wrong kind")
            }
        }
        fieldPlans = plans
        filterPlans = filters
        self.filterOfField = filterOfField
        self.sumsOfTable = sumsOfTable
    }

    private static func filterPlan(
        _ filter: TableFilter, definition: PipelineDefinition, layout: ColumnLayout
    ) -> FilterPlan {
        switch (layout.slot(of: filter.field), definition.field(named: filter.field)) {
        case (.categorical(let slot)?, let field?):
            var members = Array(repeating: false, count: field.categories.count)
            for member in filter.members { members[member] = true }
            return .categories(slot: slot, members: members)
        case (.multi(let slot)?, _):
            return .options(slot: slot, mask: filter.members.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) })
        default:
            preconditionFailure(
                "validated definition filters on '\(filter.field)', which is not categorical or multi-select")
        }
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
