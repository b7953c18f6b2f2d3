import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// A definition with several mistakes reports each independent one, in the order
/// written, and not the consequences of one it already reported.
@Suite("Every problem in a definition")
struct ProblemLogTests {
    /// The problems `yaml` is reported with, as (key path, line) pairs.
    static func problems(in yaml: String) -> [(keyPath: String, line: Int?)]? {
        do {
            _ = try DefinitionLoader.load(yaml: yaml, path: "bad.yaml")
            return nil
        } catch .definition(_, let keyPath, let line, _) as TallyError {
            return [(keyPath, line)]
        } catch .definitionProblems(let problems, _) as TallyError {
            return problems.map { problem in
                guard case .definition(_, let keyPath, let line, _) = problem else {
                    return ("not a definition error", nil)
                }
                return (keyPath, line)
            }
        } catch {
            return [("\(error)", nil)]
        }
    }

    @Test func independentProblemsAreAllReported() throws {
        let yaml =
            DefinitionSamples.valid
            .replacingOccurrences(of: "title: Demo survey\n", with: "title: [Demo, survey]\n")
            .replacingOccurrences(of: "      - {code: 3, label: Good}\n", with: "      - {code: 2, label: Good}\n")
            .replacingOccurrences(of: "    statistics: [mean, sd]\n", with: "    statistics: [mean, median]\n")
            + "significance: {level: 2}\n"
        let found = try #require(Self.problems(in: yaml))
        // Line numbers are those of the sample above, counted by hand.
        #expect(
            found.map(\.keyPath) == [
                "title", "fields[1].codes[2].code", "tables[1].statistics[1]", "significance.level",
            ])
        #expect(found.map(\.line) == [3, 23, 61, 62])
    }

    @Test func referencesToABrokenDeclarationAreNotReported() throws {
        // The field `region` is misspelt, so the banner that names it, and the
        // tables cut by that banner, fail as a consequence; only the misspelling
        // and the independent mistake in `low_base` are reported.
        let yaml =
            DefinitionSamples.valid
            .replacingOccurrences(
                of: "  - name: region\n    label: Region\n", with: "  - name: 1region\n    label: Region\n")
            + "low_base: {flag: -1}\n"
        let found = try #require(Self.problems(in: yaml))
        #expect(found.map(\.keyPath) == ["fields[0].name", "low_base.flag"])
    }

    @Test func aBrokenBannerHidesTheTablesThatNameIt() throws {
        let yaml = DefinitionSamples.valid
            .replacingOccurrences(
                of: "  - name: ages\n    field: age_group\n", with: "  - name: ages\n    field: age\n")
        let found = try #require(Self.problems(in: yaml))
        #expect(found.map(\.keyPath) == ["banners[1].field"])
    }

    @Test func aBrokenTableHidesTheGridsAndChaptersThatNameIt() throws {
        let yaml =
            DefinitionSamples.valid.replacingOccurrences(
                of: "  - name: age\n    field: age\n", with: "  - name: age group\n    field: age\n")
            + "report:\n  chapters:\n    - {title: Ages, tables: [age]}\n" + "low_base: {flag: -1}\n"
        let found = try #require(Self.problems(in: yaml))
        #expect(found.map(\.keyPath) == ["tables[1].name", "low_base.flag"])
    }

    @Test func checkingStopsAtTheLimit() throws {
        let broken = (0..<25).map { "  - {name: t\($0), field: rating, banners: [region], statistics: [median]}\n" }
        let yaml = DefinitionSamples.valid + broken.joined()
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: yaml, path: "bad.yaml") }
        guard case .definitionProblems(let problems, let stoppedEarly) = error else {
            Issue.record("expected several problems, got \(String(describing: error))")
            return
        }
        #expect(problems.count == 20)
        #expect(stoppedEarly)
        #expect(error?.exitCode == 64)
        let message = try #require(error).description
        #expect(
            message.hasPrefix(
                "bad.yaml: 20 problems in the definition (checking stopped there; fix these and check again):\n"))
        #expect(
            message.contains(
                "\n  bad.yaml:62: definition error at 'tables[2].statistics[0]': unknown statistic 'median'"))
    }
}
