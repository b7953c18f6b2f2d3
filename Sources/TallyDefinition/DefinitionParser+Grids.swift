import TallyModel

/// `tab_book.grids`: grid summary sheets over statement tables.
extension DefinitionParser {
    func parseGrids(_ value: YAMLValue, tables: [Table], fields: FieldRegistry) throws -> [GridSummary] {
        var grids: [GridSummary] = []
        for item in try value.list(example: "- {name: agreement, title: ..., tables: [q1a, q1b], row: Agree}") {
            let map = try item.mapping(allowed: ["name", "title", "tables", "row"], what: "a grid")
            let nameValue = try map.required("name", hint: "e.g. name: agreement")
            let name = try nameValue.text("a name")
            guard NameRules.isTableName(name) else {
                throw nameValue.error("grid name '\(name)' is not a valid name; use only letters, digits, '_' and '-'")
            }
            guard !grids.contains(where: { $0.name == name }) else {
                throw nameValue.error("grid name '\(name)' is used twice; names must be unique")
            }
            let title = try map.required("title", hint: "say what the statements are about").text("a title")
            let statements = try parseStatements(
                map.required("tables", hint: "list the statement tables, one per line of the grid"), tables: tables,
                fields: fields)
            let rowValue = map.optional("row")
            let (rowCodes, rowLabel) = try resolveRow(rowValue, statements: statements, at: map.value)
            grids.append(
                GridSummary(
                    name: name, title: title, tables: statements.map(\.table.name), rowCodes: rowCodes,
                    rowLabel: rowLabel))
        }
        return grids
    }

    /// A statement of a grid: its table and the field it tabulates.
    private struct Statement {
        var table: Table
        var field: Field
    }

    /// `tables` of a grid: two or more declared tables of single or scale fields that
    /// report percentages and share a banner.
    private func parseStatements(_ value: YAMLValue, tables: [Table], fields: FieldRegistry) throws -> [Statement] {
        let items = try value.nonEmptyList(example: "[q1a, q1b, q1c]")
        guard items.count >= 2 else {
            throw value.error("a grid summarises two or more statement tables; list them all")
        }
        var statements: [Statement] = []
        for item in items {
            let name = try item.text("a table name")
            guard let table = tables.first(where: { $0.name == name }) else {
                if problems.tableFailed { throw FollowOnProblem() }
                let names = tables.map(\.name)
                let guess = YAMLMapping.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw item.error("unknown table '\(name)'\(guess); a grid lists tables declared under 'tables'")
            }
            guard !statements.contains(where: { $0.table.name == name }) else {
                throw item.error("table '\(name)' is listed twice; list each statement once")
            }
            guard let field = fields.entry(named: table.field)?.field, case .single = field.kind else {
                throw item.error(
                    "table '\(name)' tabulates a field that is not a single or scale field; a grid's statements share their answers"
                )
            }
            guard table.statistics.contains(.percent) else {
                throw item.error("table '\(name)' does not report percent, which a grid summary shows; add it")
            }
            statements.append(Statement(table: table, field: field))
        }
        let shared = statements[0].table.banners.filter { banner in
            statements.allSatisfy { $0.table.banners.contains(banner) }
        }
        guard !shared.isEmpty else {
            throw value.error("the grid's tables share no banner; a grid summary shows the banners they all have")
        }
        return statements
    }

    /// `row`: a net label or answer code every statement's field has (default: the
    /// first statement's first net), as each statement's row code and the label shown.
    private func resolveRow(
        _ value: YAMLValue?, statements: [Statement], at grid: YAMLValue
    ) throws -> (codes: [String], label: String) {
        guard let value else {
            guard let net = statements[0].field.nets.first else {
                throw grid.error(
                    "the grid needs 'row': the answer or net each statement shows, e.g. row: Agree (top 2 box)")
            }
            return (try statements.map { try rowCode(net.label, in: $0, at: grid) }, net.label)
        }
        let text = try value.text("a net label or an answer code")
        return (try statements.map { try rowCode(text, in: $0, at: value) }, text)
    }

    /// The row code of a net label or answer code in a statement's field.
    private func rowCode(_ text: String, in statement: Statement, at value: YAMLValue) throws -> String {
        let field = statement.field
        if let index = field.nets.firstIndex(where: { $0.label == text }) {
            guard field.nets[index].members.allSatisfy({ field.categories[$0].inBase }) else {
                throw value.error("net '\(text)' of '\(field.name)' has answers outside the base, so no percentage")
            }
            return "net\(index + 1)"
        }
        if let category = field.categories.first(where: { $0.code == text }) {
            guard category.inBase else {
                throw value.error("answer '\(text)' of '\(field.name)' is outside the base, so it has no percentage")
            }
            return category.code
        }
        let choices = field.nets.map(\.label) + field.categories.filter(\.inBase).map(\.code)
        throw value.error(
            "'\(text)' is neither a net label nor an answer code of '\(field.name)' (table '\(statement.table.name)'); it has \(Phrase.list(choices))"
        )
    }
}
