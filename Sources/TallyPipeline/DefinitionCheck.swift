import TallyAggregator
import TallyDefinition
import TallyModel

/// Checks a definition the way a run would, without reading data.
public enum DefinitionCheck {
    /// Loads and validates a definition, and plans its aggregation (which checks
    /// that the banner fields combine into a manageable number of cells).
    public static func check(path: String) throws -> PipelineDefinition {
        let definition = try DefinitionLoader.load(path: path)
        _ = try AggregationPlan(definition: definition, layout: ColumnLayout(fields: definition.fields))
        return definition
    }
}
