import TallyModel

/// A definition as parsed, with what another tool reads from the same file itself:
/// the fields as declared (each with where it was declared and its `synth` key)
/// and the top-level `synthesis` section, both as written, so that their problems
/// are reported with key paths and lines like the definition's own.
///
/// `TallySynth` reads its configuration from these; a run needs only `definition`.
package struct DefinitionDocument {
    /// The validated definition.
    package var definition: PipelineDefinition
    /// Every field in declaration order, with its key path and `synth` key.
    package var fields: FieldRegistry
    /// The top-level `synthesis` section, when written.
    package var synthesis: YAMLValue?
}
