import Foundation
import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// Defaults, the forms a value may take, and reading files.
@Suite("Definition loading")
struct DefinitionLoaderTests {
    /// A definition with only the required keys; one field, one banner, one table.
    static let minimal = """
        survey: demo
        edition: 6
        title: Minimal
        input:
          files: data.csv
          id: id
        fields:
          - name: q1
            type: single
            codes:
              - {code: 01}
              - {code: 1.0}
              - {code: NO, label: Norway}
              - {code: "1"}
              - {code: x, base: no}
        banners:
          - {name: all, total: Everyone}
        tables:
          - {name: q1, field: q1, banners: [all], statistics: [percent]}

        """

    @Test func defaultsForOptionalKeys() throws {
        let definition = try DefinitionLoader.load(yaml: Self.minimal, path: "minimal.yaml")
        #expect(definition.sourcePath == "minimal.yaml")
        #expect(definition.fieldwork == nil)
        #expect(definition.input == InputSpec(files: ["data.csv"], format: .csv, idColumn: "id", weightColumn: nil))
        #expect(definition.output == OutputSpec(partitionBy: [.banner]))
        #expect(definition.quality == QualitySpec(maxRejectedShare: 0))
        #expect(definition.weighting == nil)
        #expect(definition.significance == SignificanceSpec(levels: [0.95], correction: .none))
        #expect(definition.lowBase == LowBaseSpec(flag: 100, suppress: 30, base: .unweighted))

        let field = try #require(definition.fields.first)
        #expect(definition.fields.count == 1)
        #expect(field.label == "q1")
        guard case .single(let spec) = field.kind else {
            Issue.record("q1 should be single choice")
            return
        }
        #expect(spec.column == "q1")
        #expect(!spec.isScale)
        #expect(spec.nets.isEmpty)

        let table = try #require(definition.tables.first)
        #expect(table.title == "q1")
        #expect(table.questionKey == "q1")
        #expect(definition.banners.first?.field == nil)
        #expect(definition.banners.first?.totalLabel == "Everyone")
    }

    @Test func codesAndEditionKeepTheTextAsWritten() throws {
        let definition = try DefinitionLoader.load(yaml: Self.minimal, path: "minimal.yaml")
        #expect(definition.edition == "6")
        // `NO` stays text although YAML 1.1 reads it as false; `base: no` is false. A code
        // that is a number scores as that number (01 and 1.0 score 1).
        #expect(
            definition.fields[0].categories == [
                Category(code: "01", label: "01", score: 1), Category(code: "1.0", label: "1.0", score: 1),
                Category(code: "NO", label: "Norway"), Category(code: "1", label: "1", score: 1),
                Category(code: "x", label: "x", inBase: false),
            ])
    }

    @Test(arguments: ["2024.1", "2023-24", "wave_3", "6"])
    func editionsThatAreFolderNames(_ edition: String) throws {
        let yaml = Self.minimal.replacingOnce("edition: 6\n", with: "edition: \(edition)\n")
        #expect(try DefinitionLoader.load(yaml: yaml, path: "e.yaml").edition == edition)
    }

    @Test func significanceAndLowBase() throws {
        let yaml =
            Self.minimal + """
                significance: {levels: [0.95, 0.99], correction: benjamini_hochberg}
                low_base: {flag: 75, suppress: 20.5, base: effective}

                """
        let definition = try DefinitionLoader.load(yaml: yaml, path: "s.yaml")
        #expect(definition.significance == SignificanceSpec(levels: [0.95, 0.99], correction: .benjaminiHochberg))
        #expect(definition.lowBase == LowBaseSpec(flag: 75, suppress: 20.5, base: .effective))

        let partial = try DefinitionLoader.load(
            yaml: Self.minimal + "significance: {correction: bonferroni}\nlow_base: {suppress: 0}\n", path: "p.yaml")
        #expect(partial.significance == SignificanceSpec(levels: [0.95], correction: .bonferroni))
        #expect(partial.lowBase == LowBaseSpec(flag: 100, suppress: 0, base: .unweighted))

        let empty = try DefinitionLoader.load(yaml: Self.minimal + "significance:\nlow_base:\n", path: "e.yaml")
        #expect(empty.significance == SignificanceSpec())
        #expect(empty.significance.method == .design)
        #expect(empty.significance.compare == [.columns])

        let legacy = try DefinitionLoader.load(
            yaml: Self.minimal + "significance: {method: effective_base, compare: rest}\n", path: "l.yaml")
        #expect(legacy.significance == SignificanceSpec(method: .effectiveBase, compare: [.rest]))
        let both = try DefinitionLoader.load(
            yaml: Self.minimal + "significance: {compare: [rest, columns]}\n", path: "b.yaml")
        #expect(both.significance.compare == [.rest, .columns])
        #expect(empty.lowBase == LowBaseSpec())
    }

    @Test func nullOptionalSectionsTakeTheirDefaults() throws {
        let yaml = Self.minimal + "derived:\noutput:\nquality:\nfieldwork:\n"
        let definition = try DefinitionLoader.load(yaml: yaml, path: "n.yaml")
        #expect(definition.fields.count == 1)
        #expect(definition.output == OutputSpec(partitionBy: [.banner]))
        #expect(definition.quality.maxRejectedShare == 0)
        #expect(definition.fieldwork == nil)
    }

    @Test func everyOptionalKeyWritten() throws {
        let yaml = """
            survey: demo
            edition: w1
            title: All keys
            fieldwork: {start: 2024-02-29, end: 2024-02-29}
            input:
              files: [a/*.csv.gz, b/*.csv]
              format: csv
              id: id
              weight: w
            fields:
              - {name: score, label: Score, type: numeric, column: SCORE_RAW}
              - {name: q, label: Question, type: scale, column: Q_7, codes: [{code: 1}, {code: 2}], nets: []}
            derived:
              - name: band
                type: bins
                from: score
                bins:
                  - {code: low, min: -.inf, max: 0}
                  - {code: mid, min: 0.5, max: 10}
                  - {code: high, label: Above ten, min: 10.5, max: .inf}
            banners:
              - {name: band, total: All, field: band}
            tables:
              - {name: score, title: Score, question: score_v2, field: score, banners: [band], statistics: [sd, mean]}
              - {name: band, field: band, banners: [band], statistics: [weighted_count]}
            output:
              partition_by: [table, banner]
            quality:
              max_rejected_share: 0.25

            """
        let definition = try DefinitionLoader.load(yaml: yaml, path: "all.yaml")
        #expect(definition.fieldwork == Fieldwork(start: "2024-02-29", end: "2024-02-29"))
        #expect(
            definition.input
                == InputSpec(files: ["a/*.csv.gz", "b/*.csv"], format: .csv, idColumn: "id", weightColumn: "w"))
        guard case .numeric(let score) = definition.fields[0].kind, case .single(let q) = definition.fields[1].kind,
            case .bins(let band) = definition.fields[2].kind
        else {
            Issue.record("unexpected field kinds")
            return
        }
        #expect(score.column == "SCORE_RAW")
        #expect(score.range == nil)
        #expect(q.column == "Q_7")
        #expect(q.isScale)
        #expect(band.source == "score")
        #expect(band.bins.map(\.lower) == [-.infinity, 0.5, 10.5])
        #expect(band.bins.map(\.upper) == [0, 10, .infinity])
        #expect(band.bins.map(\.category.label) == ["low", "mid", "Above ten"])
        #expect(definition.fields[2].label == "band")
        #expect(definition.tables[0].questionKey == "score_v2")
        #expect(definition.tables[0].statistics == [.standardDeviation, .mean])
        #expect(definition.tables[1].statistics == [.weightedCount])
        #expect(definition.output.partitionBy == [.table, .banner])
        #expect(definition.quality.maxRejectedShare == 0.25)
    }

    @Test func anchorsAndAliasesAreFollowed() throws {
        let yaml =
            Self.minimal.replacingOnce(
                "banners: [all], statistics: [percent]}", with: "banners: &cuts [all], statistics: [percent]}"
            ) + "  - {name: q1_count, field: q1, banners: *cuts, statistics: [count]}\n"
        let definition = try DefinitionLoader.load(yaml: yaml, path: "a.yaml")
        #expect(definition.tables.map(\.banners) == [["all"], ["all"]])
    }

    @Test func moreThanOneDocument() {
        let error = #expect(throws: TallyError.self) {
            try DefinitionLoader.load(yaml: Self.minimal + "---\nsurvey: again\n", path: "two.yaml")
        }
        guard case .definition(_, _, let line, let message)? = error else {
            Issue.record("expected a definition error")
            return
        }
        #expect(line == 20)  // the `---` that starts the second document
        #expect(message.contains("more than one YAML document"))
    }

    @Test func missingFileIsInputMissing() {
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(path: "/nonexistent/pipeline.yaml") }
        #expect(error == .inputMissing(path: "/nonexistent/pipeline.yaml", message: "no such pipeline definition file"))
        #expect(error?.exitCode == 66)
    }

    @Test func folderIsInputMissing() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(path: folder.path) }
        guard case .inputMissing(let path, let message)? = error else {
            Issue.record("expected inputMissing")
            return
        }
        #expect(path == folder.path)
        #expect(message.contains("folder"))
    }

    @Test func fileErrorsNameTheFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "p.yaml", Self.minimal.replacingOnce("    type: single\n", with: "    type: singel\n"))
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(path: path) }
        #expect(
            error?.description
                == "\(path):9: definition error at 'fields[0].type': unknown field type 'singel'; write 'single', 'scale', 'multi' or 'numeric'"
        )
    }

    @Test func fileThatIsNotUTF8() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("latin1.yaml")
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(path: path) }
        guard case .definition(let file, _, _, let message)? = error else {
            Issue.record("expected a definition error")
            return
        }
        #expect(file == path)
        #expect(message.contains("UTF-8"))
    }
}

extension String {
    /// The text with `old`, which must occur, replaced once.
    func replacingOnce(_ old: String, with new: String) -> String {
        guard let range = range(of: old) else {
            Issue.record("'\(old)' not found")
            return self
        }
        return replacingCharacters(in: range, with: new)
    }
}

/// Definition files that are not text a person meant: each says what is wrong.
@Suite("Definition files that are not UTF-8 text")
struct DefinitionFileTests {
    @Test("A device is refused as not a regular file")
    func device() throws {
        let error = try #require(throws: TallyError.self) { try DefinitionLoader.load(path: "/dev/null") }
        #expect(error.exitCode == 66)
        #expect("\(error)".contains("not a regular file"), "\(error)")
    }

    @Test("A byte that is not UTF-8 is named by its line and byte offset")
    func notUTF8() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("bad.yaml")
        try Data("survey: demo\ntitle: Caf".utf8 + [0xE9] + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: TallyError.self) { try DefinitionLoader.load(path: path) }
        #expect(error.exitCode == 64)
        #expect("\(error)".contains("byte offset 23 (0xE9)"), "\(error)")
        #expect("\(error)".contains(":2"), "\(error)")
    }

    @Test("UTF-16 text is named as such")
    func utf16() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("wide.yaml")
        try Data([0xFF, 0xFE] + Array("survey: demo\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: TallyError.self) { try DefinitionLoader.load(path: path) }
        #expect("\(error)".contains("UTF-16"), "\(error)")
    }
}
