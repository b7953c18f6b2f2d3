import TallyAggregator
import TallyModel

extension TabBook {
    /// A grid summary sheet: one line per statement table with the same answer (or
    /// net) of each, its mean score when the table has one, and its own base, in the
    /// banners every statement has. The numbers and letters are the statement
    /// tables' own rows, so the sheet says nothing the tidy files do not.
    public struct Grid: Sendable, Equatable {
        /// A statement: its table's index among the tab book's tables, the row shown
        /// and the line's label (the table's title).
        public struct Statement: Sendable, Equatable {
            public var table: Int
            public var rowCode: String
            public var label: String
        }

        /// The sheet as a table: title, what is shown, base, banners and statistics.
        public var table: Table
        public var statements: [Statement]

        /// The statistic of a statement's base line.
        static let baseStatistic = "n"

        /// The sheet's rows, made from the statement tables' (marked) rows: the shown
        /// answer's percentages, the mean and a base line (`n`) per statement, each
        /// statement's rows under the row code `s1`, `s2`… with its label.
        func rows(from rowsOf: (Int) -> [ResultRow]) -> [ResultRow] {
            let banners = Set(table.banners.map(\.name))
            var result: [ResultRow] = []
            for (position, statement) in statements.enumerated() {
                for row in rowsOf(statement.table) where banners.contains(row.banner) {
                    var line = row
                    (line.rowCode, line.row) = ("s\(position + 1)", statement.label)
                    if row.rowCode == statement.rowCode, row.statistic == Statistic.percent.rawValue {
                        result.append(line)
                        (line.statistic, line.value, line.significantOver) =
                            (Self.baseStatistic, .integer(row.unweightedBase), "")
                        result.append(line)
                    } else if row.rowCode.isEmpty, row.statistic == Statistic.mean.rawValue {
                        result.append(line)
                    }
                }
            }
            return result
        }
    }

    /// The sheet of the `index`-th grid, made from its statement tables' (marked) rows,
    /// `rowsOf` giving a table's by its index; grids show no base rows at the top, since
    /// each statement has its own base.
    public func sheet(ofGrid index: Int, rows rowsOf: (Int) -> [ResultRow]) -> TabBookSheet {
        let grid = grids[index]
        return Self.package(sheet(for: grid.table, rows: grid.rows(from: rowsOf), bases: []))
    }

    /// The tables whose rows some grid reads, by index.
    public var gridTables: Set<Int> {
        Set(grids.flatMap { $0.statements.map(\.table) })
    }
}

extension TabBook.Grid {
    /// The grid summary of a definition's `grid`, over the tab book's `tables`
    /// (in the definition's order).
    init(_ grid: GridSummary, definition: PipelineDefinition, tables: [TabBook.Table]) {
        let index = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
        statements = zip(grid.tables, grid.rowCodes).compactMap { name, rowCode in
            index[name].map { TabBook.Grid.Statement(table: $0, rowCode: rowCode, label: tables[$0].title) }
        }
        let members = statements.map { tables[$0.table] }
        let banners = (members.first?.banners ?? []).filter { banner in
            members.allSatisfy { $0.banners.contains(banner) }
        }
        let bases = Set(members.map(\.baseText))
        let hasMeans = grid.tables.contains { name in
            definition.tables.first { $0.name == name }?.statistics.contains(.mean) ?? false
        }
        table = TabBook.Table(
            name: grid.name, title: grid.title,
            question: "\(grid.rowLabel), % of each statement's base\(hasMeans ? "; mean score" : "")",
            questionKey: grid.name,
            baseText: bases.count == 1 ? bases.first ?? "" : "each statement's own (its base line)",
            banners: banners, statistics: ["percent", "mean", Self.baseStatistic])
    }
}
