import TallyAggregator
import TallyModel

extension TableFinisher {
    /// Every table's rows, in table order (a run finishes them table by table).
    func rows(state: AggregateState, cellFactors: [Double]) -> [ResultRow] {
        plan.definition.tables.indices.flatMap { rows(ofTable: $0, state: state, cellFactors: cellFactors) }
    }
}
