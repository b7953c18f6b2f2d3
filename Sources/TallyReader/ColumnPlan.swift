import TallyModel

/// How a file's columns are read, worked out once from its header: which column
/// holds the id and the weight, and where every other value the definition
/// reads goes in a `ColumnBatch`.
struct ColumnPlan {
    /// Where a column's value goes.
    enum Target {
        /// A category code into a categorical slot, found with `lookups[lookup]`.
        case categorical(slot: Int, lookup: Int)
        /// A number into a numeric slot, valid within `lower...upper`.
        case numeric(slot: Int, lower: Double, upper: Double)
        /// One option (one bit) of a multi-select slot.
        case option(slot: Int, bit: UInt64)
    }

    /// One column read into one target, for the field at `field` in the definition.
    struct Read {
        var column: Int
        var field: Int
        var target: Target
    }

    /// The header's column names, in file order.
    let header: [String]
    let idColumn: Int
    let weightColumn: Int?
    /// The value columns read, in column order.
    let reads: [Read]
    /// The code lookups of the categorical reads.
    let lookups: [CodeLookup]
    /// Header columns the definition does not read, in file order.
    let ignoredColumns: [String]

    /// Plans the reading of a file with this header.
    /// - Throws: `TallyError.badData` when a column the definition reads is missing
    ///   or appears more than once; `TallyError.definition` for a multi-select
    ///   question with more than 64 options.
    init(
        header: [String], headerLine: Int, file: String, definition: PipelineDefinition, layout: ColumnLayout
    )
        throws
    {
        var columns = HeaderColumns(header: header, headerLine: headerLine, file: file)
        let idColumn = try columns.find(definition.input.idColumn)
        let weightColumn = try definition.input.weightColumn.flatMap { try columns.find($0) }
        let (reads, lookups) = try Self.reads(of: definition, layout: layout, columns: &columns)
        guard columns.missing.isEmpty, let idColumn else {
            let list = columns.missing.map { "'\($0)'" }.joined(separator: ", ")
            throw TallyError.badData(
                DataLocation(file: file, line: headerLine, field: columns.missing[0]),
                "the header lacks \(columns.missing.count == 1 ? "column" : "columns") \(list), which the definition reads"
            )
        }
        let used = Set(reads.map(\.column) + [idColumn] + (weightColumn.map { [$0] } ?? []))
        self.header = header
        self.idColumn = idColumn
        self.weightColumn = weightColumn
        self.reads = reads.sorted { $0.column < $1.column }
        self.lookups = lookups
        self.ignoredColumns = header.indices.filter { !used.contains($0) }.map { header[$0] }
    }

    /// The columns of every field the definition reads, and the code lookups of the categorical ones.
    private static func reads(
        of definition: PipelineDefinition, layout: ColumnLayout, columns: inout HeaderColumns
    ) throws -> (reads: [Read], lookups: [CodeLookup]) {
        var reads: [Read] = []
        var lookups: [CodeLookup] = []
        for (index, field) in definition.fields.enumerated() {
            switch (field.kind, layout.slots[index]) {
            case (.single(let spec), .categorical(let slot)):
                guard let column = try columns.find(spec.column) else { continue }
                reads.append(
                    Read(column: column, field: index, target: .categorical(slot: slot, lookup: lookups.count)))
                lookups.append(CodeLookup(codes: spec.categories.map(\.code)))
            case (.numeric(let spec), .numeric(let slot)):
                guard let column = try columns.find(spec.column) else { continue }
                let range = spec.range ?? -Double.infinity...Double.infinity
                reads.append(
                    Read(
                        column: column, field: index,
                        target: .numeric(slot: slot, lower: range.lowerBound, upper: range.upperBound)))
            case (.multi(let spec), .multi(let slot)):
                guard spec.options.count <= 64 else {
                    throw TallyError.definition(
                        file: definition.sourcePath, keyPath: "fields[\(index)].options", line: nil,
                        message: "'\(field.name)' has \(spec.options.count) options; at most 64 are supported")
                }
                for (bit, option) in spec.options.enumerated() {
                    guard let column = try columns.find(option.column) else { continue }
                    reads.append(Read(column: column, field: index, target: .option(slot: slot, bit: 1 << UInt64(bit))))
                }
            default:
                continue
            }
        }
        return (reads, lookups)
    }
}

/// A header's columns by name, and the names looked up that it lacks.
private struct HeaderColumns {
    private var byName: [String: [Int]] = [:]
    private let headerLine: Int
    private let file: String
    /// The names looked up and not found, in the order asked.
    private(set) var missing: [String] = []

    init(header: [String], headerLine: Int, file: String) {
        for (column, name) in header.enumerated() { byName[name, default: []].append(column) }
        self.headerLine = headerLine
        self.file = file
    }

    /// The column named `name`, or nil (recorded in `missing`) when the header lacks it.
    /// - Throws: `TallyError.badData` when the header names it more than once.
    mutating func find(_ name: String) throws -> Int? {
        guard let columns = byName[name] else {
            missing.append(name)
            return nil
        }
        guard columns.count == 1 else {
            throw TallyError.badData(
                DataLocation(file: file, line: headerLine, field: name),
                "the header names column '\(name)' \(columns.count) times (columns \(columns.map { String($0 + 1) }.joined(separator: ", "))); the definition reads it, so it must appear once"
            )
        }
        return columns[0]
    }
}
