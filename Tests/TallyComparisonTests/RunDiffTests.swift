import Foundation
import TallyComparison
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// `RunDiff` on runs of the hand-made sample: one run, the same run again, a run
/// with a changed input, and copies of a run with files edited by hand.
@Suite("Run diff")
struct RunDiffTests {
    /// Writes rows as CSV (RFC 4180 quoting, LF line ends).
    static func writeCSV(_ rows: [[String]], to path: String) throws {
        let text = rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",") + "\n"
        }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Runs the hand-made definition over one input file into `output`.
    static func run(input: String, output: String) throws {
        _ = try PipelineRunner.run(
            RunOptions(
                definitionPath: Repository.fixture("handmade/pipeline.yaml"), inputs: [input], outputDirectory: output))
    }

    /// A run's `value` column by (table, banner, column code, row code, statistic), read from its tables CSV.
    static func values(_ output: String) throws -> [[String]: String] {
        var values: [[String]: String] = [:]
        let root = output + "/tables/edition=handmade"
        for banner in try FileManager.default.contentsOfDirectory(atPath: root) {
            let csv = try readCSV(root + "/" + banner + "/part-00000.csv")
            let header = try #require(csv.first)
            let at = { (name: String) in header.firstIndex(of: name)! }
            for row in csv.dropFirst() {
                let key = [
                    row[at("table_name")], String(banner.dropFirst(7)), row[at("column_code")], row[at("row_code")],
                ]
                values[key + [row[at("statistic")]]] = row[at("value")]
            }
        }
        return values
    }

    /// A run of the plain hand-made file copied to a temporary folder, then (with
    /// `blanking`) a second run after the first `blanking` non-empty `experience`
    /// answers of that copy were blanked.
    static func runs(blanking: Int) throws -> (folder: TemporaryFolder, old: String, new: String, input: String) {
        let folder = try TemporaryFolder()
        let input = folder.file("input.csv")
        try FileManager.default.copyItem(atPath: Repository.fixture("handmade/variants/plain.csv"), toPath: input)
        try run(input: input, output: folder.file("old"))
        var csv = try readCSV(input)
        let column = try #require(csv.first?.firstIndex(of: "experience"))
        var blanked = 0
        for index in csv.indices.dropFirst() where blanked < blanking && !csv[index][column].isEmpty {
            csv[index][column] = ""
            blanked += 1
        }
        try writeCSV(csv, to: input)
        try run(input: input, output: folder.file("new"))
        return (folder, folder.file("old"), folder.file("new"), input)
    }

    /// A copy of a run folder beside it.
    static func copy(_ run: String, to name: String, in folder: TemporaryFolder) throws -> String {
        let copy = folder.file(name)
        try FileManager.default.copyItem(atPath: run, toPath: copy)
        return copy
    }

    @Test("Two runs of the same inputs and definition have no changes")
    func identical() throws {
        let (folder, old, _, input) = try Self.runs(blanking: 0)
        try Self.run(input: input, output: folder.file("again"))
        let diff = try RunDiff.compare(old: old, new: folder.file("again"))
        #expect(!diff.changed)
        #expect(diff.tables.isEmpty && diff.inputsChanged.isEmpty && diff.definitions.isEmpty)
        #expect(diff.tablesCompared == 4)
        #expect(diff.report == "no changes (4 tables compared)\n")
    }

    @Test("A changed input: exactly the tables that changed, each with its largest change, and the input")
    func changedInput() throws {
        let (folder, old, new, input) = try Self.runs(blanking: 5)
        defer { withExtendedLifetime(folder) {} }
        let diff = try RunDiff.compare(old: old, new: new)
        #expect(diff.changed)
        #expect(diff.inputsChanged.map(\.file) == [input])
        // The file's size and SHA-256 changed; its rows did not.
        #expect(diff.inputsChanged.first?.fields == ["bytes", "sha256"])
        #expect(diff.inputsAdded.isEmpty && diff.inputsRemoved.isEmpty)
        #expect(diff.inputsChanged.first?.edition == "handmade")
        #expect(diff.definitions.isEmpty)
        #expect(diff.counts.isEmpty)

        // The expected changes, from the two runs' tables CSVs.
        let before = try Self.values(old)
        let after = try Self.values(new)
        #expect(Set(before.keys) == Set(after.keys))
        // By default a table's largest change is its largest change of a percentage, in points.
        var largest: [String: (change: Double, key: [String])] = [:]
        var changedTables: Set<String> = []
        for (key, a) in before where after[key] != a {
            changedTables.insert(key[0])
            guard key[4] == "percent", let x = Double(a), let y = Double(after[key] ?? "") else { continue }
            if abs(y - x) > largest[key[0]]?.change ?? -1 { largest[key[0]] = (abs(y - x), key) }
        }
        // Blanking experience answers changes the experience table only.
        #expect(changedTables == ["experience"])
        #expect(diff.tables.map(\.table) == ["experience"])
        let table = try #require(diff.tables.first)
        let expected = try #require(largest["experience"])
        let found = try #require(table.largest)
        #expect(found.statistic == "percent")
        #expect(found.change == expected.change)
        let key = [table.table, found.banner, found.columnCode, found.rowCode, found.statistic]
        #expect(abs(Double(after[key]!)! - Double(before[key]!)!) == expected.change)
        #expect(found.old == Double(before[key]!) && found.new == Double(after[key]!))
        #expect(table.rowsAdded == 0 && table.rowsRemoved == 0)
        #expect(
            table.valuesChanged
                == before.keys.count(where: {
                    $0[0] == "experience" && before[$0] != after[$0] && Double(before[$0]!) != Double(after[$0]!)
                }))
        // --statistic percent: the largest change among percentages only.
        let percents = try RunDiff.compare(old: old, new: new, statistics: ["percent"])
        let largestPercent = before.keys.filter { $0[4] == "percent" }.compactMap { key -> Double? in
            guard let x = Double(before[key]!), let y = Double(after[key] ?? "") else { return nil }
            return abs(y - x)
        }.max()
        #expect(percents.tables.first?.largest?.statistic == "percent")
        #expect(percents.tables.first?.largest?.change == largestPercent)
        #expect(diff.report.contains("inputs: changed \(input) (bytes"))
        #expect(diff.report.contains("tables: 1 of 4 changed"))
        #expect(
            diff.report.contains("experience: largest change \(String(format: "%g", expected.change)) points (percent,")
        )
    }

    /// A run's second-order p-values of its tests of independence by banner and table.
    static func independenceP(_ output: String) throws -> [String: Double?] {
        var values: [String: Double?] = [:]
        for banner in ["customer", "generation", "country"] {
            let csv = try readCSV(output + "/independence/edition=handmade/banner=\(banner)/part-00000.csv")
            let at = try #require(csv.first?.firstIndex(of: "p_f"))
            for row in csv.dropFirst() { values[row[0] + " by " + banner] = Double(row[at]) }
        }
        return values
    }

    @Test("Tests of independence: each whose p-value moved, and one whose verdict changed, by table and banner")
    func independence() throws {
        let (folder, old, new, _) = try Self.runs(blanking: 5)
        let diff = try RunDiff.compare(old: old, new: new)
        #expect(diff.independenceCompared == 4)
        // Blanking experience answers moves the experience tests, not gender's.
        let (before, after) = (try Self.independenceP(old), try Self.independenceP(new))
        let moved = Set(before.keys.filter { before[$0]! != after[$0]! })
        #expect(moved == ["experience by customer", "experience by generation", "experience by country"])
        #expect(Set(diff.independence.map { "\($0.table) by \($0.banner)" }) == moved)
        for change in diff.independence {
            #expect(change.oldP == before["\(change.table) by \(change.banner)"]!)
            #expect(change.newP == after["\(change.table) by \(change.banner)"]!)
        }
        // By hand: the gender test undefined in a copy of the old run.
        let copy = try Self.copy(old, to: "edited", in: folder)
        let path = copy + "/independence/edition=handmade/banner=customer/part-00000.csv"
        var csv = try readCSV(path)
        let header = try #require(csv.first)
        let row = try #require(csv.firstIndex { $0.first == "gender" })
        for (index, name) in header.enumerated()
        where !["table_name", "question_key", "answers_tested", "columns_tested"].contains(name) {
            csv[row][index] = ""
        }
        csv[row][header.firstIndex(of: "status")!] = "undefined"
        csv[row][header.firstIndex(of: "reason")!] = "the design leaves the shares no variance"
        try Self.writeCSV(csv, to: path)
        let edited = try RunDiff.compare(old: old, new: copy)
        #expect(edited.changed)
        let change = try #require(edited.independence.first)
        #expect(edited.independence.count == 1 && change.verdictChanged && change.newP == nil)
        let p = try #require(before["gender by customer"] ?? nil)
        #expect(
            edited.report.hasSuffix(
                "tests of independence: 1 of 4 changed\n  gender by customer: p \(String(format: "%.6g", p)), "
                    + "not significant -> undefined\n"))
    }

    @Test("An input read from another folder is paired by its file name: moved when equal, else changed")
    func movedInputs() throws {
        let folder = try TemporaryFolder()
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: folder.file(name), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Repository.fixture("handmade/variants/plain.csv"), toPath: folder.file(name + "/plain.csv"))
        }
        try Self.run(input: folder.file("a/plain.csv"), output: folder.file("old"))
        try Self.run(input: folder.file("b/plain.csv"), output: folder.file("moved"))
        let moved = try RunDiff.compare(old: folder.file("old"), new: folder.file("moved"))
        #expect(!moved.changed)
        #expect(moved.inputsMoved.map(\.oldFile) == [folder.file("a/plain.csv")])
        #expect(moved.inputsMoved.map(\.file) == [folder.file("b/plain.csv")])
        #expect(moved.report == "inputs: 1 unchanged read from another folder\nno changes (4 tables compared)\n")

        var csv = try readCSV(folder.file("b/plain.csv"))
        csv[1][try #require(csv[0].firstIndex(of: "gender"))] = ""
        try Self.writeCSV(csv, to: folder.file("b/plain.csv"))
        try Self.run(input: folder.file("b/plain.csv"), output: folder.file("changed"))
        let changed = try RunDiff.compare(old: folder.file("old"), new: folder.file("changed"))
        #expect(changed.inputsMoved.isEmpty && changed.inputsAdded.isEmpty && changed.inputsRemoved.isEmpty)
        #expect(changed.inputsChanged.map(\.fields) == [["bytes", "file", "sha256"]])
        #expect(changed.tables.map(\.table) == ["gender"])
    }

    @Test("Multi-edition trees: each edition's manifest is compared, and the changed edition named")
    func editionTrees() throws {
        let folder = try TemporaryFolder()
        // A copy of the hand-made definition and shards, beside the cleaning fixture's edition "1".
        let handmade = folder.file("handmade")
        try FileManager.default.createDirectory(atPath: handmade + "/shards", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.fixture("handmade/pipeline.yaml"), toPath: handmade + "/pipeline.yaml")
        for shard in ["part-1.csv.gz", "part-2.csv.gz"] {
            try FileManager.default.copyItem(
                atPath: Repository.fixture("handmade/shards/" + shard), toPath: handmade + "/shards/" + shard)
        }
        let definitions = [handmade + "/pipeline.yaml", Repository.fixture("cleaning/pipeline.yaml")]
        let run = { (output: String) in
            _ = try EditionsRunner.run(
                definitions: definitions, options: RunOptions(definitionPath: "", outputDirectory: output))
        }
        try run(folder.file("old"))
        try run(folder.file("same"))
        let same = try RunDiff.compare(old: folder.file("old"), new: folder.file("same"))
        #expect(!same.changed)
        #expect(Set(same.tables.map(\.edition)).isEmpty)

        // The second shard (respondents 148 to 300 of the plain file), as plain CSV (read by its
        // bytes, not its name), with its first respondent's experience answer changed.
        let plain = try readCSV(Repository.fixture("handmade/variants/plain.csv"))
        let experience = try #require(plain.first?.firstIndex(of: "experience"))
        var rows = [plain[0]] + plain.dropFirst(148)
        #expect(rows[1][0] == "R00148" && rows.count == 154)
        rows[1][experience] = rows[1][experience] == "5" ? "1" : "5"
        let shard = handmade + "/shards/part-2.csv.gz"
        try Self.writeCSV(rows, to: shard)
        try run(folder.file("new"))
        let diff = try RunDiff.compare(old: folder.file("old"), new: folder.file("new"))
        #expect(diff.changed)
        #expect(diff.inputsChanged.map(\.edition) == ["handmade"])
        #expect(diff.inputsChanged.map(\.file) == [shard])
        #expect(diff.definitions.isEmpty && diff.editionsAdded.isEmpty && diff.editionsRemoved.isEmpty)
        #expect(diff.tables.map(\.edition) == ["handmade"])
        #expect(diff.tables.map(\.table) == ["experience"])
        #expect(diff.tablesCompared == same.tablesCompared && diff.tablesCompared > 4)
        #expect(diff.report.contains("edition handmade, experience"))
    }

    @Test("Partitions and editions that disappear or appear, with their rows")
    func partitions() throws {
        let (folder, old, _, _) = try Self.runs(blanking: 0)
        let copy = try Self.copy(old, to: "copy", in: folder)
        let country = "tables/edition=handmade/banner=country"
        let removed = try readCSV(copy + "/" + country + "/part-00000.csv").dropFirst()
        try FileManager.default.removeItem(atPath: copy + "/" + country)
        let diff = try RunDiff.compare(old: old, new: copy)
        #expect(diff.partitionsRemoved == [country])
        #expect(diff.partitionsAdded.isEmpty && diff.editionsAdded.isEmpty && diff.editionsRemoved.isEmpty)
        // The tables cut by country lose exactly the rows of that file.
        #expect(Set(diff.tables.map(\.table)) == Set(removed.map { $0[0] }))
        for table in diff.tables {
            #expect(table.rowsRemoved == removed.count(where: { $0[0] == table.table }), "\(table.table)")
            #expect(table.rowsAdded == 0 && table.valuesChanged == 0 && table.largest == nil)
        }

        let renamed = try Self.copy(old, to: "renamed", in: folder)
        try FileManager.default.moveItem(
            atPath: renamed + "/tables/edition=handmade", toPath: renamed + "/tables/edition=2024")
        // The manifest names the edition too: the run is edition 2024's now.
        let manifest = try String(contentsOfFile: renamed + "/manifest.json", encoding: .utf8)
        #expect(manifest.ranges(of: "\"edition\" : \"handmade\"").count == 1)
        try Data(manifest.replacingOccurrences(of: "\"edition\" : \"handmade\"", with: "\"edition\" : \"2024\"").utf8)
            .write(to: URL(fileURLWithPath: renamed + "/manifest.json"))
        let editions = try RunDiff.compare(old: old, new: renamed)
        #expect(editions.editionsAdded == ["2024"] && editions.editionsRemoved == ["handmade"])
        #expect(editions.tables.count == 8)
        #expect(editions.tablesCompared == 8)
        #expect(editions.definitions.isEmpty && editions.inputsChanged.isEmpty)
        #expect(editions.report.contains("editions: added 2024; removed handmade"))
    }

    @Test("--tolerance: a change up to it is no change; above it the change is reported")
    func tolerance() throws {
        let (folder, old, _, _) = try Self.runs(blanking: 0)
        let copy = try Self.copy(old, to: "copy", in: folder)
        let file = copy + "/tables/edition=handmade/banner=customer/part-00000.csv"
        var csv = try readCSV(file)
        let header = try #require(csv.first)
        let value = try #require(header.firstIndex(of: "value"))
        let statistic = try #require(header.firstIndex(of: "statistic"))
        let row = try #require(csv.indices.first { csv[$0][0] == "gender" && csv[$0][statistic] == "percent" })
        let original = try #require(Double(csv[row][value]))
        csv[row][value] = String(original + 0.25)
        try Self.writeCSV(csv, to: file)

        #expect(try !RunDiff.compare(old: old, new: copy, tolerance: 0.5).changed)
        let diff = try RunDiff.compare(old: old, new: copy)
        #expect(diff.tables.map(\.table) == ["gender"])
        let largest = try #require(diff.tables.first?.largest)
        #expect(largest.old == original && largest.new == original + 0.25)
        #expect(largest.change == abs((original + 0.25) - original))
        #expect(diff.tables.first?.valuesChanged == 1)
    }

    @Test("The definition and the row counts from the manifests")
    func manifest() throws {
        let (folder, old, _, _) = try Self.runs(blanking: 0)
        let copy = try Self.copy(old, to: "copy", in: folder)
        var manifest = try String(contentsOfFile: copy + "/manifest.json", encoding: .utf8)
        let definition = try #require(
            (try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])?["pipeline"]
                as? [String: Any])
        let sha = try #require(definition["sha256"] as? String)
        #expect(manifest.ranges(of: sha).count == 1)
        manifest = manifest.replacingOccurrences(of: sha, with: String(repeating: "0", count: 64))
        manifest = manifest.replacingOccurrences(of: "\"rows_read\" : 300", with: "\"rows_read\" : 301")
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: copy + "/manifest.json"))
        let diff = try RunDiff.compare(old: old, new: copy)
        #expect(diff.definitions.map(\.edition) == ["handmade"])
        #expect(diff.definitions.first?.old == sha && diff.definitions.first?.new == String(repeating: "0", count: 64))
        #expect(diff.counts.map(\.name) == ["rows_read"])
        #expect(diff.counts.first?.old == 300 && diff.counts.first?.new == 301)
        #expect(diff.tables.isEmpty)
        #expect(diff.changed)
        #expect(diff.report.hasPrefix("definition: changed"))
    }

    @Test("A missing folder or one without manifest.json is exit 66; an unreadable manifest or table 65")
    func errors() throws {
        let (folder, old, _, _) = try Self.runs(blanking: 0)
        #expect(throws: TallyError.inputMissing(path: folder.file("absent"), message: "no such folder")) {
            try RunDiff.compare(old: old, new: folder.file("absent"))
        }
        try folder.write("plain/tables/edition=1/banner=b/part-00000.csv", "table\n")
        let notTally = #expect(throws: TallyError.self) { try RunDiff.compare(old: folder.file("plain"), new: old) }
        #expect(notTally?.exitCode == 66)
        #expect("\(notTally!)".contains("manifest.json"))

        let broken = try Self.copy(old, to: "broken", in: folder)
        try folder.write("broken/manifest.json", "{}")
        let badManifest = #expect(throws: TallyError.self) { try RunDiff.compare(old: old, new: broken) }
        #expect(badManifest?.exitCode == 65)

        let badTable = try Self.copy(old, to: "bad-table", in: folder)
        let file = badTable + "/tables/edition=handmade/banner=customer/part-00000.csv"
        var csv = try readCSV(file)
        csv[3][7] = "n/a"
        try Self.writeCSV(csv, to: file)
        let error = #expect(throws: TallyError.self) { try RunDiff.compare(old: old, new: badTable) }
        #expect(error == .badData(DataLocation(file: file, line: 4, field: "value"), "'n/a' is not a number"))
    }
}
