import TallyModel
import Yams

/// A YAML node together with the key path that leads to it.
///
/// Every accessor that finds the node is not what the definition needs throws a
/// `TallyError.definition` naming the file, this key path and the node's line, so
/// no problem can be reported without saying where it is.
package struct YAMLValue {
    /// The node itself.
    package let node: Node
    /// The path from the document's root, e.g. `fields[4].codes[2].code`.
    package let keyPath: String
    /// The definition file, as the user named it.
    package let file: String

    /// The node's 1-based line in the YAML text.
    package var line: Int? { node.mark?.line }

    /// An error about this node.
    package func error(_ message: String) -> TallyError {
        .definition(file: file, keyPath: keyPath, line: line, message: message)
    }

    /// The value of `key` in this mapping.
    package func child(_ key: String, _ node: Node) -> YAMLValue {
        YAMLValue(node: node, keyPath: YAMLValue.path(keyPath, key), file: file)
    }

    /// The element at `index` of this list.
    package func element(_ index: Int, _ node: Node) -> YAMLValue {
        YAMLValue(node: node, keyPath: "\(keyPath)[\(index)]", file: file)
    }

    /// `parent.key`, or `key` at the root.
    package static func path(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// The node's resolved tag (`tag:yaml.org,2002:int` for `12`, `...:str` for `"12"`).
    private var tagName: Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// Whether the node is YAML's null (`~`, `null`, or nothing after the colon).
    package var isNull: Bool {
        if case .scalar = node { return tagName == .null }
        return false
    }

    /// What the node is, for messages: `a list`, `a mapping`, `'abc'`.
    package var found: String {
        switch node {
        case .scalar(let scalar): return isNull ? "nothing" : "'\(scalar.string)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    /// The text of a scalar exactly as written (numbers included: `01` stays `01`).
    /// - Throws: when the node is a list, a mapping, null or empty text.
    package func text(_ expected: String = "text") throws -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("expected \(expected), found \(found)")
        }
        guard !scalar.string.allSatisfy(\.isWhitespace) else {
            throw error("expected \(expected), found empty text")
        }
        return scalar.string
    }

    /// A number written without quotes: an integer, a decimal, `.inf` or `-.inf`.
    /// - Throws: when the node is not a number, or is `.nan`.
    package func number() throws -> Double {
        let value: Double?
        switch (node.scalar, tagName) {
        case (let scalar?, .int):
            value = Int.construct(from: scalar).map(Double.init) ?? Double.construct(from: scalar)
        case (let scalar?, .float):
            value = Double.construct(from: scalar)
        case (let scalar?, _) where scalar.style != Node.Scalar.Style.plain && Double(scalar.string) != nil:
            throw error("expected a number, found the quoted text \(found); write the number without quotes")
        default:
            value = nil
        }
        guard let value else { throw error("expected a number, found \(found)") }
        guard !value.isNaN else { throw error("expected a number, found .nan") }
        return value
    }

    /// `true` or `false` (YAML also reads `yes`/`no`, `on`/`off`).
    package func bool() throws -> Bool {
        guard let scalar = node.scalar, tagName == .bool, let value = Bool.construct(from: scalar) else {
            throw error("expected true or false, found \(found)")
        }
        return value
    }

    // MARK: Collections

    /// The elements of a list.
    /// - Parameter example: how a list is written here, shown when something else was found.
    package func list(example: String? = nil) throws -> [YAMLValue] {
        guard case .sequence(let sequence) = node else {
            let hint = example.map { "; write for example \($0)" } ?? ""
            throw error("expected a list, found \(found)\(hint)")
        }
        return sequence.enumerated().map { element($0.offset, $0.element) }
    }

    /// The elements of a list that must have at least one.
    package func nonEmptyList(example: String? = nil) throws -> [YAMLValue] {
        let items = try list(example: example)
        guard !items.isEmpty else {
            let hint = example.map { ", e.g. \($0)" } ?? ""
            throw error("the list is empty; write at least one entry\(hint)")
        }
        return items
    }

    /// The node as a mapping whose keys must all be among `allowed`.
    /// - Parameter what: what the mapping describes, for messages (`a field`).
    package func mapping(allowed: [String], what: String) throws -> YAMLMapping {
        try YAMLMapping(self, allowed: allowed, what: what)
    }
}

/// A YAML mapping whose keys have been checked against the keys it may hold.
package struct YAMLMapping {
    /// The mapping node.
    package let value: YAMLValue
    /// What it describes, for messages (`a field`, `the definition`).
    package let what: String
    private let entries: [String: (key: Node, value: Node)]
    /// The keys, in the order written.
    package let keys: [String]

    package init(_ value: YAMLValue, allowed: [String], what: String) throws {
        guard case .mapping(let mapping) = value.node else {
            throw value.error(
                "expected \(what) (a mapping with keys \(allowed.joined(separator: ", "))), found \(value.found)")
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        var keys: [String] = []
        for (key, child) in mapping {
            let keyValue = YAMLValue(node: key, keyPath: value.keyPath, file: value.file)
            guard case .scalar(let scalar) = key else {
                throw keyValue.error("keys must be plain names, found \(keyValue.found) as a key")
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                let at = YAMLValue(node: key, keyPath: YAMLValue.path(value.keyPath, name), file: value.file)
                throw at.error(YAMLMapping.unknownKeyMessage(name, allowed: allowed, what: what))
            }
            entries[name] = (key, child)
            keys.append(name)
        }
        self.value = value
        self.what = what
        self.entries = entries
        self.keys = keys
    }

    /// The value of `key`, or nil when the key is absent or its value is null.
    package func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries[key] else { return nil }
        let child = value.child(key, entry.value)
        return child.isNull ? nil : child
    }

    /// The value of `key`.
    /// - Parameter hint: what to write, added to the message when the key is missing.
    /// - Throws: when the key is absent (reported at the mapping's line) or has no value.
    package func required(_ key: String, hint: String? = nil) throws -> YAMLValue {
        let suffix = hint.map { "; \($0)" } ?? ""
        guard let entry = entries[key] else {
            let at = YAMLValue(node: value.node, keyPath: YAMLValue.path(value.keyPath, key), file: value.file)
            throw at.error("\(what) needs '\(key)'\(suffix)")
        }
        let child = value.child(key, entry.value)
        guard !child.isNull else { throw child.error("'\(key)' has no value\(suffix)") }
        return child
    }

    /// Throws for the first key written that is outside `permitted`, a subset of the
    /// keys the mapping allows that depends on something else in it (a field's type).
    /// - Parameter hints: what to do instead, by key.
    package func rejectKeys(outside permitted: [String], for kind: String, hints: [String: String] = [:]) throws {
        guard let key = keys.first(where: { !permitted.contains($0) }), let entry = entries[key] else { return }
        let at = YAMLValue(node: entry.key, keyPath: YAMLValue.path(value.keyPath, key), file: value.file)
        let extra = hints[key].map { " (\($0))" } ?? ""
        throw at.error(
            "'\(key)' does not apply to \(kind)\(extra); \(kind) takes \(permitted.joined(separator: ", "))")
    }

    /// `unknown key 'lable' in a field (did you mean 'label'?); allowed keys: ...`
    package static func unknownKeyMessage(_ key: String, allowed: [String], what: String) -> String {
        var message = "unknown key '\(key)' in \(what)"
        if key == "<<" {
            message += " (YAML merge keys are not supported; write the keys out)"
        } else if let guess = closest(to: key, among: allowed) {
            message += " (did you mean '\(guess)'?)"
        }
        return message + "; allowed keys: \(allowed.joined(separator: ", "))"
    }

    /// The allowed key a typo most likely meant, if one is close enough.
    package static func closest(to key: String, among candidates: [String]) -> String? {
        let lowered = key.lowercased()
        let scored = candidates.map { ($0, editDistance(lowered, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, best.0.count / 3) ? best.0 : nil
    }

    /// Edit distance over characters in which swapping two neighbours counts as one
    /// edit (optimal string alignment), so `lable` is one edit from `label`.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var distance = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { distance[i][0] = i }
        for j in 0...b.count { distance[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
                }
            }
        }
        return distance[a.count][b.count]
    }
}

extension YAMLValue {
    /// The entries of a mapping whose keys are codes or names, in the order written,
    /// each key with a value located at it for messages.
    /// - Parameters:
    ///   - keyRole: what a key is, for messages (`a code`).
    ///   - expected: what the mapping is, for messages (`a map of targets`).
    package func codeKeyedEntries(
        keyRole: String, expected: String
    ) throws
        -> [(key: (code: String, at: YAMLValue), value: YAMLValue)]
    {
        guard case .mapping(let mapping) = node else {
            throw error("expected \(expected), found \(found)")
        }
        return try mapping.map { key, child in
            let keyValue = YAMLValue(node: key, keyPath: keyPath, file: file)
            let code = try keyValue.text("\(keyRole) as a key")
            let at = YAMLValue(node: key, keyPath: YAMLValue.path(keyPath, code), file: file)
            return ((code, at), self.child(code, child))
        }
    }

    /// A non-empty list of codes (or option columns) of a field, each once, as indices in the order written.
    package func memberIndices(of members: [String], word: String, field: String) throws -> [Int] {
        var indices: [Int] = []
        for item in try nonEmptyList(example: "[\(members[0])]") {
            let member = try item.text(word == "code" ? "a code" : "an option column")
            guard let index = members.firstIndex(of: member) else {
                throw item.error(
                    "'\(member)' is not \(word == "code" ? "a code" : "an option") of field '\(field)'; its \(word)s are \(Phrase.list(members)) (written exactly as declared)"
                )
            }
            guard !indices.contains(index) else {
                throw item.error("\(word) '\(member)' is listed twice; list it once")
            }
            indices.append(index)
        }
        return indices
    }
}
