import TallyDefinition
import TallyModel

/// A pipeline definition with its synthesis configuration, both read from one file:
/// what `tally synth` generates respondents from.
public struct SynthesisDefinition: Sendable {
    /// The validated definition.
    public var definition: PipelineDefinition
    /// How respondents are made for it; nil when it has no `synthesis` section.
    public var synthesis: SynthesisSpec?

    public init(definition: PipelineDefinition, synthesis: SynthesisSpec?) {
        self.definition = definition
        self.synthesis = synthesis
    }

    /// Loads and validates a definition file and its synthesis configuration.
    /// - Throws: as `DefinitionLoader.load(path:)`, and `TallyError.definition`
    ///   (exit 64) naming the key path and line of the first problem in
    ///   `synthesis` or a field's `synth`.
    public static func load(path: String) throws -> SynthesisDefinition {
        try SynthesisDefinition(try DefinitionLoader.document(path: path))
    }

    /// A parsed definition's synthesis configuration.
    /// - Throws: as `load(path:)`.
    init(_ document: DefinitionDocument) throws {
        self.init(definition: document.definition, synthesis: try SynthesisParser.parse(document))
    }
}
