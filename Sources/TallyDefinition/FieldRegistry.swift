import TallyModel

/// The fields declared so far, where each was declared, and which data column
/// each one reads, so names and columns are checked for clashes as they appear.
package struct FieldRegistry {
    /// A declared field and the key path of its declaration (`fields[3]`).
    package struct Entry {
        package var field: Field
        package var keyPath: String
        /// False for derived fields, which read no column of their own.
        package var isRead: Bool
        /// The field's `synth` key as written, for `TallySynth`.
        package var synthValue: YAMLValue? = nil
    }

    package private(set) var fields: [Entry] = []
    private var indexByName: [String: Int] = [:]
    /// Names claimed, and where, including fields still being parsed.
    private var namePaths: [String: String] = [:]
    /// Data columns claimed, and by whom (`read by field 'q1' (fields[0])`).
    private var columnOwners: [String: String] = [:]
    /// True when a field's declaration failed: an unknown name may then be the one
    /// it was meant to have (a misspelt or clashing name), so it is not reported.
    private var isIncomplete = false

    /// A registry in which the id and weight columns are already taken (none when
    /// `input` could not be read).
    init(input: InputSpec?) {
        guard let input else { return }
        columnOwners[input.idColumn] = "the respondent id column (input.id)"
        if let weight = input.weightColumn {
            columnOwners[weight] = "the base weight column (input.weight)"
        }
    }

    /// The field with this name, if declared.
    package func entry(named name: String) -> Entry? {
        indexByName[name].map { fields[$0] }
    }

    /// The field a value names, when `eligible` accepts it.
    /// - Parameters:
    ///   - role: who names the field, for messages (`the speeder duration`).
    ///   - needs: what is accepted, as a clause (`the duration must be a numeric field`); the
    ///     fields `eligible` accepts are listed after it.
    package func eligibleEntry(
        _ value: YAMLValue, role: String, needs: String, eligible: (Entry) -> Bool
    ) throws -> Entry {
        let entry = try entry(referencedBy: value)
        guard eligible(entry) else {
            let names = fields.filter(eligible).map(\.field.name)
            let choices = names.isEmpty ? "none is declared" : Phrase.list(names)
            throw value.error("\(role) '\(entry.field.name)' is \(entry.field.kind.described); \(needs) (\(choices))")
        }
        return entry
    }

    /// The field a reference names.
    /// - Throws: naming the declared fields (and the likely intended one) when there is
    ///   none; `FollowOnProblem` when a failed declaration may explain that.
    package func entry(referencedBy value: YAMLValue) throws -> Entry {
        let name = try value.text("a field name")
        if let entry = entry(named: name) { return entry }
        try checkUnknownName()
        let names = fields.map(\.field.name)
        let guess = YAMLMapping.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw value.error("unknown field '\(name)'\(guess); declared fields: \(Phrase.list(names))")
    }

    /// Reserves a field name.
    /// - Throws: when the name is badly spelt or already taken by a field or a derived field.
    mutating func claimName(at value: YAMLValue, declaration: String) throws -> String {
        let name = try value.text("a field name")
        guard NameRules.isFieldName(name) else {
            throw value.error(
                "field name '\(name)' is not a valid name; start with a letter or '_' and use only letters, digits and '_' (e.g. \(NameRules.suggestedFieldName(name)))"
            )
        }
        if let first = namePaths[name] {
            throw value.error(
                "field name '\(name)' is already used by \(first); names must be unique across fields and derived")
        }
        namePaths[name] = declaration
        return name
    }

    /// Reserves a data column for one reader.
    /// - Parameters:
    ///   - owner: who reads it, completing "column 'x' is already ...": `read by field 'q1' (fields[0])`.
    ///   - value: where the column is named (its `column` key, or the field's name when it defaults to it).
    ///   - hint: what to do about a clash, appended to the message.
    mutating func claimColumn(_ column: String, owner: String, at value: YAMLValue, hint: String? = nil) throws {
        if let first = columnOwners[column] {
            let extra = hint.map { "; \($0)" } ?? ""
            throw value.error(
                "data column '\(column)' is already \(first); each column can feed only one field\(extra)")
        }
        columnOwners[column] = owner
    }

    /// Adds a parsed field.
    /// - Parameter synthValue: its `synth` key, if written.
    mutating func add(_ field: Field, keyPath: String, isRead: Bool, synthValue: YAMLValue? = nil) {
        indexByName[field.name] = fields.count
        fields.append(Entry(field: field, keyPath: keyPath, isRead: isRead, synthValue: synthValue))
    }

    /// Records that a field's declaration, or a section of them, failed.
    mutating func markIncomplete() {
        isIncomplete = true
    }

    /// Called before reporting a reference to an undeclared field.
    /// - Throws: `FollowOnProblem` when a failed declaration may explain it.
    func checkUnknownName() throws {
        if isIncomplete { throw FollowOnProblem() }
    }

    /// The position of a declared field, in declaration order.
    package func index(named name: String) -> Int? {
        indexByName[name]
    }
}

extension NameRules {
    /// A valid field name close to `name`, for messages: `2nd choice` gives `_2nd_choice`.
    static func suggestedFieldName(_ name: String) -> String {
        var result = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    ? Character(scalar) : "_"
            })
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "_" + result }
        return result.isEmpty ? "q1" : result
    }
}
