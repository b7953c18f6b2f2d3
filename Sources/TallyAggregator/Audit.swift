import TallyModel

/// One published figure set against what the data give.
public struct AuditEntry: Sendable, Equatable {
    public var figure: PublishedFigure
    public var table: String
    /// The weighted estimate on the published scale (80 for 80%, the inverse of a
    /// ratio published as "less likely"), nil when the data give none.
    public var estimate: Double?
    /// The estimate's 95% confidence interval on the published scale; the
    /// estimate itself for ranks, which have none.
    public var lower: Double?
    public var upper: Double?
    /// The same estimate with every respondent counting 1.
    public var unweightedEstimate: Double?

    /// Whether the interval meets the values the rounded published number stands for.
    public var recovered: Bool {
        guard let lower, let upper else { return false }
        let published = figure.roundingInterval
        return upper >= published.low && lower < published.high
    }
}

/// Sets every figure a definition publishes against the run's estimates.
public enum Audit {
    /// The audit of every published figure, in definition order.
    /// - Parameters:
    ///   - weighted: the rows of the tables with published figures (others are passed
    ///     over), table by table, as finished, before the column tests.
    ///   - unweighted: the same rows with every respondent counting 1.
    public static func entries(
        definition: PipelineDefinition, weighted: [[ResultRow]], unweighted: [[ResultRow]]
    ) -> [AuditEntry] {
        let keys = definition.tables.map { table in
            table.published.map { figure in
                Key(
                    banner: figure.banner, table: table.name, column: figure.column, row: figure.row,
                    statistic: figure.statistic.rawValue)
            }
        }
        let wanted = Dictionary(grouping: keys.joined(), by: \.table)
        let estimates = index(weighted, wanted: wanted)
        let plain = index(unweighted, wanted: wanted)
        return zip(definition.tables, keys).flatMap { table, keys in
            zip(table.published, keys).map { figure, key in
                let row = estimates[key]
                let estimate = row?.value.number.flatMap { onPublishedScale($0, figure) }
                var lower = estimate, upper = estimate
                if let interval = row?.interval {
                    let ends = [interval.lowerBound, interval.upperBound].compactMap { onPublishedScale($0, figure) }
                    lower = ends.min()
                    upper = ends.max()
                }
                return AuditEntry(
                    figure: figure, table: table.name, estimate: estimate, lower: lower, upper: upper,
                    unweightedEstimate: plain[key]?.value.number.flatMap { onPublishedScale($0, figure) })
            }
        }
    }

    private struct Key: Hashable {
        var banner, table, column, row, statistic: String
    }

    /// The rows with the wanted keys, by table: a row is compared with its table's
    /// few keys only, and the rows of other tables are passed over cheaply.
    private static func index(_ tables: [[ResultRow]], wanted: [String: [Key]]) -> [Key: ResultRow] {
        var found: [Key: ResultRow] = [:]
        var table = ""
        var keys: [Key] = []
        for row in tables.joined() {
            if row.table != table {
                table = row.table
                keys = wanted[table] ?? []
            }
            for key in keys
            where key.row == row.rowCode && key.column == row.columnCode && key.statistic == row.statistic
                && key.banner == row.banner
            {
                found[key] = row
            }
        }
        return found
    }

    private static func onPublishedScale(_ value: Double, _ figure: PublishedFigure) -> Double? {
        guard figure.lessLikely else { return value }
        return value > 0 ? 1 / value : nil
    }
}
