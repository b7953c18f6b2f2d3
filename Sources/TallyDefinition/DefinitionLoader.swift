import Foundation
import TallyModel
import Yams

/// Reads pipeline definitions: YAML in, a validated `PipelineDefinition` out.
///
/// The YAML is composed into nodes (not decoded into types) so that every problem
/// can be reported with the key path that leads to it (`fields[4].codes[2].code`)
/// and the line it is on. Unknown keys are errors, since they are nearly always
/// typos. Every independent problem is reported, up to `ProblemLog.limit`.
public enum DefinitionLoader {
    /// Loads and validates a definition file.
    ///
    /// - Parameter path: The definition file; it becomes the definition's `sourcePath`.
    /// - Returns: The validated definition.
    /// - Throws: `TallyError.inputMissing` (exit 66) when the file cannot be read;
    ///   `TallyError.definition` (exit 64) naming the file, key path and YAML line
    ///   of the problem, or `TallyError.definitionProblems` when there are several.
    public static func load(path: String) throws -> PipelineDefinition {
        try document(path: path).definition
    }

    /// Loads and validates a definition file, keeping what other tools read from it
    /// themselves (see `DefinitionDocument`).
    /// - Throws: as `load(path:)`.
    package static func document(path: String) throws -> DefinitionDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TallyError.inputMissing(path: path, message: "no such pipeline definition file")
        }
        guard !isDirectory.boolValue else {
            throw TallyError.inputMissing(
                path: path, message: "is a folder; name the pipeline definition file in it (e.g. pipeline.yaml)")
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw TallyError.inputMissing(
                path: path, message: "is not a regular file (a device, FIFO or socket); name a pipeline definition file"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "a read error"
            throw TallyError.inputMissing(path: path, message: "cannot read the pipeline definition: \(reason)")
        }
        return try document(yaml: try text(of: data, path: path), path: path)
    }

    /// The definition's bytes as text.
    /// - Throws: `TallyError.definition` naming the line and byte offset of the
    ///   first byte that is not UTF-8 (and UTF-16 by its byte-order mark).
    static func text(of data: Data, path: String) throws -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw TallyError.definition(
                file: path, keyPath: "", line: nil, message: "the file is UTF-16 text; save it as UTF-8")
        }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += scalar.utf8.count
            if scalar == "\n" { line += 1 }
        }
        throw TallyError.definition(
            file: path, keyPath: "", line: line,
            message:
                "the file is not UTF-8 text: byte offset \(offset) (0x\(String(bytes[offset], radix: 16, uppercase: true))) is not UTF-8; save it as UTF-8"
        )
    }

    /// Loads and validates a definition from YAML text.
    ///
    /// - Parameters:
    ///   - yaml: The definition's text.
    ///   - path: Where it came from, used in messages and as `sourcePath`.
    /// - Returns: The validated definition.
    /// - Throws: as `load(path:)`; for a YAML syntax error, the line the parser reports.
    public static func load(yaml: String, path: String) throws -> PipelineDefinition {
        try document(yaml: yaml, path: path).definition
    }

    /// Loads and validates a definition from YAML text, keeping what other tools
    /// read from it themselves (see `DefinitionDocument`).
    /// - Throws: as `load(yaml:path:)`.
    package static func document(yaml: String, path: String) throws -> DefinitionDocument {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, resolver)
        } catch let error as YamlError {
            throw syntaxError(error, yaml: yaml, path: path)
        } catch {
            throw TallyError.definition(file: path, keyPath: "", line: nil, message: "cannot read the YAML: \(error)")
        }
        return try DefinitionParser(file: path).parse(root)
    }

    /// YAML's default tag rules less those no definition key reads (timestamps, merge
    /// and value keys): every plain scalar is matched against each rule's regular
    /// expression until one matches, so a label, which matches none, costs one match
    /// per rule, and a definition has thousands of labels.
    private static let resolver = Resolver.default.removing(.timestamp).removing(.merge).removing(.value)

    /// A YAML error as a definition error at the line the parser reports.
    static func syntaxError(_ error: YamlError, yaml: String, path: String) -> TallyError {
        func located(_ line: Int?, _ message: String) -> TallyError {
            .definition(file: path, keyPath: "", line: line, message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if problem.contains("found another document") {
                return located(
                    mark.line, "the file holds more than one YAML document ('---'); a definition is a single document")
            }
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) that starts on line \(context.mark.line))"
            }
            message += hint(for: problem, line: lineText(yaml, mark.line))
            return located(mark.line, message)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in
                yaml.prefix(offset).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            }
            return located(line, "invalid YAML text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return located(
                context.mark.line,
                "key \(keys) appears more than once in the same mapping (first here); keep one of them")
        default:
            return located(nil, "invalid YAML: \(error)")
        }
    }

    /// Advice for the parser problems people meet most.
    private static func hint(for problem: String, line: String?) -> String {
        if let line, line.contains("\t") {
            return "; indent with spaces, YAML does not allow tabs"
        }
        if problem.contains("mapping values are not allowed") {
            return "; check the indentation, and put text that contains ': ' in quotes"
        }
        if problem.contains("did not find expected") {
            return "; check the indentation and that brackets and quotes are closed"
        }
        return ""
    }

    /// The text of a 1-based line, if it exists.
    private static func lineText(_ yaml: String, _ line: Int) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        return line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil
    }
}
