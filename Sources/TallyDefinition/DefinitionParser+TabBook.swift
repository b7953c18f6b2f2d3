import TallyModel

/// `tab_book` (top level and per table): the statistics and base rows a tab book sheet
/// shows, and its grid summaries.
extension DefinitionParser {
    /// `tab_book: {statistics: [...], bases: [...], grids: [...]}` at the top level;
    /// `tables` is nil when they could not be read (grids are then not checked).
    func parseTabBook(_ value: YAMLValue, tables: [Table]?, fields: FieldRegistry) throws -> TabBookSpec {
        let map = try value.mapping(allowed: ["statistics", "bases", "grids"], what: "tab_book")
        var spec = TabBookSpec()
        if let statisticsValue = map.optional("statistics") {
            spec.statistics = try parseShownStatistics(statisticsValue, among: Statistic.allCases, of: "Tally")
        }
        if let basesValue = map.optional("bases") {
            var bases: [TabBookSpec.BaseRow] = []
            for item in try basesValue.list(example: "[unweighted, weighted]") {
                let text = try item.text("a base row")
                guard let base = TabBookSpec.BaseRow(rawValue: text) else {
                    let known = TabBookSpec.BaseRow.allCases.map(\.rawValue)
                    throw item.error("unknown base row '\(text)'; use \(Phrase.alternatives(known))")
                }
                guard !bases.contains(base) else {
                    throw item.error("base row '\(text)' is listed twice; list each once")
                }
                bases.append(base)
            }
            spec.bases = bases
        }
        if let gridsValue = map.optional("grids") {
            guard let tables else { throw FollowOnProblem() }
            spec.grids = try parseGrids(gridsValue, tables: tables, fields: fields)
        }
        return spec
    }

    /// A table's `tab_book: {statistics: [...]}`: some of the statistics the table reports.
    func parseTableTabBook(_ value: YAMLValue, table: Table) throws -> [Statistic] {
        let map = try value.mapping(allowed: ["statistics"], what: "a table's tab_book")
        return try parseShownStatistics(
            map.required("statistics", hint: "list the statistics its sheet shows, e.g. [percent, count]"),
            among: table.statistics, of: "the table")
    }

    /// A non-empty list of statistics from `accepted`, each once, in the order shown.
    private func parseShownStatistics(
        _ value: YAMLValue, among accepted: [Statistic], of owner: String
    ) throws -> [Statistic] {
        var statistics: [Statistic] = []
        let names = accepted.map(\.rawValue)
        for item in try value.nonEmptyList(example: "[percent, count]") {
            let text = try item.text("a statistic")
            guard let statistic = Statistic(rawValue: text), accepted.contains(statistic) else {
                throw item.error("'\(text)' is not a statistic \(owner) reports; use \(Phrase.alternatives(names))")
            }
            guard !statistics.contains(statistic) else {
                throw item.error("statistic '\(text)' is listed twice; list each once")
            }
            statistics.append(statistic)
        }
        return statistics
    }
}
