import Foundation
import TallyModel
import TallyWriter

/// What changed between two Tally runs (`tally diff OLD_DIR NEW_DIR`): the tables
/// whose rows or values changed and by how much, the editions and partitions that
/// appeared or disappeared, and from the manifests the inputs, the definition and
/// the row counts that changed.
public struct RunDiff: Sendable, Equatable, Encodable {
    /// An edition's definition whose manifest entry (`pipeline`: SHA-256, path, survey) differs.
    public struct DefinitionChange: Sendable, Equatable, Encodable {
        /// The edition, as its manifest names it.
        public var edition: String
        /// The definitions' SHA-256.
        public var old: String
        public var new: String

        /// `old_sha256` and `new_sha256`, in the form the snake-case key strategies read and write them.
        enum CodingKeys: String, CodingKey {
            case edition
            case old = "oldSha256"
            case new = "newSha256"
        }
    }

    /// An input file of an edition.
    public struct InputFile: Sendable, Equatable, Encodable {
        /// The edition that read the file.
        public var edition: String
        /// The file as its run's manifest names it.
        public var file: String
    }

    /// An input file of an edition present in both runs whose manifest entries differ.
    public struct InputChange: Sendable, Equatable, Encodable {
        /// The edition that read the file.
        public var edition: String
        /// The file as the new run names it.
        public var file: String
        /// The file as the old run names it (another folder when `fields` has `file`).
        public var oldFile: String
        /// The manifest fields that differ (`bytes`, `rows`, `sha256`…), sorted.
        public var fields: [String]
    }

    /// A manifest count of an edition that differs.
    public struct CountChange: Sendable, Equatable, Encodable {
        /// The edition whose manifest holds the count.
        public var edition: String
        /// `rows_read`, `rows_used`, `rows_rejected` or `values_excluded`.
        public var name: String
        /// The count in the old and the new run.
        public var old: Int
        public var new: Int
    }

    /// One cell of a table, with its value in both runs.
    public struct ValueChange: Sendable, Equatable, Encodable {
        /// The banner (from the `banner=` folder; empty without one).
        public var banner: String
        /// The column's code and label.
        public var columnCode: String
        public var column: String
        /// The answer's code and label (empty for numeric summaries).
        public var rowCode: String
        public var row: String
        /// The statistic (`percent`, `count`…).
        public var statistic: String
        /// The values; nil where empty.
        public var old: Double?
        public var new: Double?
        /// |new − old|, or nil when one side is empty.
        public var change: Double?

        enum CodingKeys: CodingKey {
            case banner, columnCode, column, rowCode, row, statistic, old, new, change
        }

        /// Encodes empty values as `null`.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(banner, forKey: .banner)
            try container.encode(columnCode, forKey: .columnCode)
            try container.encode(column, forKey: .column)
            try container.encode(rowCode, forKey: .rowCode)
            try container.encode(row, forKey: .row)
            try container.encode(statistic, forKey: .statistic)
            try container.encode(old, forKey: .old)
            try container.encode(new, forKey: .new)
            try container.encode(change, forKey: .change)
        }
    }

    /// A table of one edition that changed.
    public struct TableChange: Sendable, Equatable, Encodable {
        /// The `edition=` partition value and the table's name.
        public var edition: String
        public var table: String
        /// Rows (banner, column, answer, statistic) in the new run only.
        public var rowsAdded: Int
        /// Rows in the old run only.
        public var rowsRemoved: Int
        /// Rows whose `value` changed by more than the tolerance, or became empty or non-empty.
        public var valuesChanged: Int
        /// Rows whose value did not change but another column did (labels, bases, errors, letters, flags).
        public var otherChanged: Int
        /// The row with the largest absolute change of `value`, or nil when no value changed in both runs.
        public var largest: ValueChange?

        /// `largest_change`, in the form the snake-case key strategies read and write it.
        enum CodingKeys: String, CodingKey {
            case edition, table, rowsAdded, rowsRemoved, valuesChanged, otherChanged
            case largest = "largestChange"
        }
    }

    /// Whether anything below differs.
    public internal(set) var changed: Bool
    /// The largest absolute change of a value that is not counted as a change.
    public var tolerance: Double
    /// The editions (in both runs' manifests) whose definition changed.
    public var definitions: [DefinitionChange]
    /// Input files (by edition and file name) in the new run only, and in the old run only, sorted.
    public var inputsAdded: [InputFile]
    public var inputsRemoved: [InputFile]
    /// Input files in both runs whose entries differ (any field but only the path), by edition.
    public var inputsChanged: [InputChange]
    /// Input files read from another folder whose entries are otherwise the same (not a change), by edition.
    public var inputsMoved: [InputChange]
    /// The manifest totals that differ.
    public var counts: [CountChange]
    /// Every edition (as `edition=` partition values) in either run, sorted.
    public var editions: [String]
    /// Editions (as `edition=` partition values) in one run only, by their manifests or table files, sorted.
    public var editionsAdded: [String]
    public var editionsRemoved: [String]
    /// Table partition folders (`tables/edition=E/banner=B`) in one run only, sorted.
    public var partitionsAdded: [String]
    public var partitionsRemoved: [String]
    /// The tables that changed, largest change first (tables with no numeric change
    /// last), then by edition and table.
    public var tables: [TableChange]
    /// Tables (edition and name) found in either run.
    public var tablesCompared: Int
    /// The tests of independence that changed, by edition, banner and table.
    public var independence: [IndependenceChange]
    /// Tests of independence (edition, banner and table) found in either run.
    public var independenceCompared: Int

    /// `definitions_changed`, in the form the snake-case key strategies read and write it.
    enum CodingKeys: String, CodingKey {
        case changed, tolerance, inputsAdded, inputsRemoved, inputsChanged, inputsMoved, counts, editions
        case editionsAdded, editionsRemoved, partitionsAdded, partitionsRemoved, tables, tablesCompared
        case independence, independenceCompared
        case definitions = "definitionsChanged"
    }

    /// Compares two run folders.
    /// - Parameters:
    ///   - old: the earlier run's output folder.
    ///   - new: the later run's output folder.
    ///   - tolerance: absolute changes of a number up to this are not changes (0: any change counts).
    ///   - statistics: the statistics whose table rows are compared (`percent`, `mean`…); empty for all.
    /// - Returns: what differs; `changed` is false when nothing does.
    /// - Throws: `TallyError.inputMissing` (66) for a missing folder or one that is not a
    ///   Tally output; `TallyError.badData` (65) for a manifest or table file that cannot be read.
    public static func compare(
        old: String, new: String, tolerance: Double = 0, statistics: Set<String> = []
    ) throws -> RunDiff {
        guard tolerance >= 0, tolerance.isFinite else {
            throw TallyError.usage("--tolerance must be a number at least 0")
        }
        try RunFolder.check(old)
        try RunFolder.check(new)
        let oldManifests = try RunFolder.manifests(in: old)
        let newManifests = try RunFolder.manifests(in: new)
        let oldTables = try DiffTables.read(folder: old)
        let newTables = try DiffTables.read(folder: new)
        let tests = (try independence(folder: old), try independence(folder: new))

        var manifests = ManifestChanges()
        for edition in Set(oldManifests.keys).intersection(newManifests.keys).sorted() {
            try manifests.add(edition: edition, old: oldManifests[edition]!, new: newManifests[edition]!)
        }
        let editions = (
            oldTables.editions.union(oldManifests.keys.map(PartitionName.sanitized)),
            newTables.editions.union(newManifests.keys.map(PartitionName.sanitized))
        )
        let partitions = (oldTables.partitions, newTables.partitions)
        var diff = RunDiff(
            changed: false, tolerance: tolerance, definitions: manifests.definitions,
            inputsAdded: manifests.inputsAdded, inputsRemoved: manifests.inputsRemoved,
            inputsChanged: manifests.inputsChanged, inputsMoved: manifests.inputsMoved, counts: manifests.counts,
            editions: editions.0.union(editions.1).sorted(),
            editionsAdded: editions.1.subtracting(editions.0).sorted(),
            editionsRemoved: editions.0.subtracting(editions.1).sorted(),
            partitionsAdded: partitions.1.subtracting(partitions.0).sorted(),
            partitionsRemoved: partitions.0.subtracting(partitions.1).sorted(),
            tables: DiffTables.changes(old: oldTables, new: newTables, tolerance: tolerance, statistics: statistics),
            tablesCompared: oldTables.tables.union(newTables.tables).count,
            independence: independenceChanges(old: tests.0, new: tests.1, tolerance: tolerance),
            independenceCompared: Set(tests.0.keys).union(tests.1.keys).count)
        diff.changed =
            !diff.definitions.isEmpty || !diff.inputsAdded.isEmpty || !diff.inputsRemoved.isEmpty
            || !diff.inputsChanged.isEmpty || !diff.counts.isEmpty || !diff.editionsAdded.isEmpty
            || !diff.editionsRemoved.isEmpty || !diff.partitionsAdded.isEmpty || !diff.partitionsRemoved.isEmpty
            || !diff.tables.isEmpty || !diff.independence.isEmpty
        return diff
    }

    /// Pairs two runs' input entries: by path, then by file name where exactly one
    /// unpaired file of each run has it (the same shard read from another folder).
    /// - Returns: the pairs in the new run's order, and the paths left unpaired in each run, sorted.
    static func pairInputs(
        _ old: [Manifest.Input], _ new: [Manifest.Input]
    ) -> (pairs: [(Manifest.Input, Manifest.Input)], added: [String], removed: [String]) {
        let byPath = Dictionary(old.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        var unpairedOld = old.filter { file in !new.contains { $0.file == file.file } }
        var unpairedNew = new.filter { byPath[$0.file] == nil }
        let name = { (path: String) in path.split(separator: "/").last.map(String.init) ?? path }
        var pairs: [(Manifest.Input, Manifest.Input)] = []
        for input in new {
            if let earlier = byPath[input.file] {
                pairs.append((earlier, input))
                continue
            }
            let candidates = unpairedOld.filter { name($0.file) == name(input.file) }
            guard candidates.count == 1, unpairedNew.count(where: { name($0.file) == name(input.file) }) == 1 else {
                continue
            }
            pairs.append((candidates[0], input))
            unpairedOld.removeAll { $0.file == candidates[0].file }
            unpairedNew.removeAll { $0.file == input.file }
        }
        return (pairs, unpairedNew.map(\.file).sorted(), unpairedOld.map(\.file).sorted())
    }

    /// The names of the JSON fields two values encode differently, sorted.
    static func differingFields<Value: Encodable>(_ a: Value, _ b: Value) throws -> [String] {
        let encoder = JSONFile.encoder
        guard let left = try JSONSerialization.jsonObject(with: encoder.encode(a)) as? [String: Any],
            let right = try JSONSerialization.jsonObject(with: encoder.encode(b)) as? [String: Any]
        else { return [] }
        return Set(left.keys).union(right.keys).filter { key in
            let pair = [left[key], right[key]].map { value -> Data? in
                value.flatMap { try? JSONSerialization.data(withJSONObject: [$0], options: .sortedKeys) }
            }
            return pair[0] != pair[1]
        }.sorted()
    }
}

/// What differs between two runs' manifests, edition by edition: definitions, inputs and row counts.
private struct ManifestChanges {
    var definitions: [RunDiff.DefinitionChange] = []
    var inputsAdded: [RunDiff.InputFile] = []
    var inputsRemoved: [RunDiff.InputFile] = []
    var inputsChanged: [RunDiff.InputChange] = []
    var inputsMoved: [RunDiff.InputChange] = []
    var counts: [RunDiff.CountChange] = []

    /// Adds the differences between one edition's manifests.
    mutating func add(edition: String, old a: Manifest, new b: Manifest) throws {
        if a.pipeline != b.pipeline {
            definitions.append(
                RunDiff.DefinitionChange(edition: edition, old: a.pipeline.sha256, new: b.pipeline.sha256))
        }
        let paired = RunDiff.pairInputs(a.inputs, b.inputs)
        inputsAdded += paired.added.map { RunDiff.InputFile(edition: edition, file: $0) }
        inputsRemoved += paired.removed.map { RunDiff.InputFile(edition: edition, file: $0) }
        for (x, y) in paired.pairs where x != y {
            let change = RunDiff.InputChange(
                edition: edition, file: y.file, oldFile: x.file, fields: try RunDiff.differingFields(x, y))
            if change.fields == ["file"] { inputsMoved.append(change) } else { inputsChanged.append(change) }
        }
        let pairs: [(String, Int, Int)] = [
            ("rows_read", a.rowsRead, b.rowsRead), ("rows_used", a.rowsUsed, b.rowsUsed),
            ("rows_rejected", a.rowsRejected, b.rowsRejected),
            ("values_excluded", a.valuesExcluded, b.valuesExcluded),
        ]
        counts += pairs.filter { $0.1 != $0.2 }.map {
            RunDiff.CountChange(edition: edition, name: $0.0, old: $0.1, new: $0.2)
        }
    }
}
