import Foundation
import TallyTestSupport
import Testing

/// `tally show` on the hand-made run, one table of each kind by customer type. The
/// expected text was written by hand: the numbers are those of
/// `Fixtures/handmade/expected/tables.csv` (computed by `Scripts/reference-handmade.py`)
/// rounded, and the letters come from two-proportion z-tests on its effective bases
/// (means: on its standard errors) worked apart, at the fixture's 95% and 99% levels.
@Suite("tally show")
struct ShowCommandTests {
    /// The hand-made run, made once for the suite; its folder lives as long as the tests.
    static let folder = try! TemporaryFolder()
    static let run: String = {
        let output = folder.file("out")
        let result = try! TallyCommand.run(["run", "Fixtures/handmade/pipeline.yaml", "--output", output])
        precondition(result.status == 0, result.stderr)
        return output
    }()

    static let expected: [(table: String, text: String)] = [
        (
            "experience",
            """
            Experience is as important as products and services
            The experience a company provides is as important as its products and services [experience_vs_products]
            Base: All respondents (excluding Not rated)

                                              Total                   customer
                                          Customers  Consumers        Business
                                                                        buyers
                                                           (A)             (B)
            Unweighted base                     264        165             99*
            Weighted base                       297        174             124
            Strongly disagree                    4%         6%             2%*
            Disagree                             9%      13% b             4%*
            Neither agree nor disagree          17%        20%            13%*
            Agree                               46%        44%            47%*
            Strongly agree                      24%        17%          34%* A
            Net: Agree (top 2 box)              70%        62%          81%* A
            Net: Disagree (bottom 2 box)        13%      18% B             6%*

            """
        ),
        (
            "gender",
            """
            Gender of respondents
            Gender [gender]
            Base: All respondents

                                 Total                   customer
                             Customers  Consumers        Business
                                                           buyers
                                              (A)             (B)
            Unweighted base        293        189             104
            Weighted base          331        199             132
            Male                   46%        44%             50%
            Female                 51%        52%             50%
            Other                   2%         4%              0%

            """
        ),
        (
            "channels",
            """
            Channels used to engage with companies
            Channels used to engage with companies [channels]
            Base: All respondents

                                          Total                   customer
                                      Customers  Consumers        Business
                                                                    buyers
                                                       (A)             (B)
            Unweighted base                 285        186             99*
            Weighted base                   322        196             126
            Email                           77%        69%          88%* A
            Phone                           56%        42%          79%* A
            Website                         76%        74%            79%*
            Mobile app                      55%      66% B            38%*
            Social media                    40%      50% B            24%*
            Net: Any digital channel        98%        98%            99%*

            """
        ),
        (
            "share_online",
            """
            Share of interactions online
            Estimated share of interactions taking place online (%) [share_online]
            Base: All respondents

                                 Total                   customer
                             Customers  Consumers        Business
                                                           buyers
                                              (A)             (B)
            Unweighted base        285        185             100
            Weighted base          320        195             126
            Mean                 50.62    54.91 B           43.99
            Std. dev.            20.87      21.07           18.78

            """
        ),
    ]

    @Test("A single, a scale with nets, a multi-select and a numeric table, as written by hand", arguments: 0..<4)
    func table(_ index: Int) throws {
        let (table, text) = Self.expected[index]
        let result = try TallyCommand.run(["show", Self.run, table, "--banner", "customer"])
        #expect(result.status == 0, "\(result.stderr)")
        // The categorical tables' tests of independence follow (`independence()`).
        let tests = result.stdout.range(of: "\nIndependence of answers")
        #expect(String(result.stdout[..<(tests?.lowerBound ?? result.stdout.endIndex)]) == text)
        #expect((tests != nil) == ["experience", "gender"].contains(table))
    }

    @Test("A categorical table's tests of independence follow it, as the run's files hold them, wrapped to the width")
    func independence() throws {
        let result = try TallyCommand.run(["show", Self.run, "experience"], environment: ["COLUMNS": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try readCSV(Self.run + "/independence/edition=handmade/banner=customer/part-00000.csv")
        let header = try #require(lines.first)
        let row = Dictionary(uniqueKeysWithValues: zip(header, try #require(lines.first { $0.first == "experience" })))
        let f = try #require(row["f"].flatMap(Double.init)), ndf = try #require(row["ndf"].flatMap(Double.init))
        let ddf = try #require(row["ddf"].flatMap(Double.init))
        let expected = String(
            format: "Independence of answers and customer: Rao-Scott F(%.2f, %.1f) = %.2f,", ndf, ddf, f)
        let text = result.stdout.split(separator: "\n").map(String.init)
        let start = try #require(text.firstIndex { $0.hasPrefix("Independence of answers and customer:") })
        #expect(expected.hasPrefix(text[start]) || text[start].hasPrefix(expected), "\(text[start])")
        // Wrapped at words within 100 characters, continuations indented; one test per banner, in order.
        #expect(text[start...].allSatisfy { $0.count <= 100 })
        #expect(text[start + 1].hasPrefix("  "))
        let heads = text[start...].filter { $0.hasPrefix("Independence of answers and ") }
        #expect(
            heads.map { $0.split(separator: ":")[0] } == [
                "Independence of answers and customer",
                "Independence of answers and generation", "Independence of answers and country",
            ])
        // Markdown: a list under the table; CSV: the table alone.
        let markdown = try TallyCommand.run(["show", Self.run, "gender", "--format", "markdown"])
        #expect(markdown.stdout.contains("\n\n- Independence of answers and customer: Rao-Scott F("))
        let csv = try TallyCommand.run(["show", Self.run, "gender", "--format", "csv"])
        #expect(!csv.stdout.contains("Independence"))
    }

    @Test("The text fits the width: banners that do not fit follow, a wide one in pieces")
    func width() throws {
        let result = try TallyCommand.run(["show", Self.run, "experience"], environment: ["COLUMNS": "60"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // The title block is as written; every line of the table (and of the tests under
        // it) fits 60 characters.
        #expect(lines.dropFirst(3).allSatisfy { $0.count <= 60 }, "\(result.stdout)")
        // 28 for the labels and 11 for the total leave 21: one column of customer type a
        // block (Consumers, then Business buyers, continued), and so on.
        #expect(lines.contains { $0.hasSuffix("  customer (con\u{2026}") })
        #expect(lines.filter { $0.hasPrefix("Unweighted base") }.count > 3)
    }

    @Test("Without a table, the run's tables are listed")
    func list() throws {
        let result = try TallyCommand.run(["show", Self.run])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                experience    Experience is as important as products and services (base: All respondents (excluding Not rated))
                gender        Gender of respondents (base: All respondents)
                channels      Channels used to engage with companies (base: All respondents)
                share_online  Share of interactions online (base: All respondents)

                """)
    }

    @Test("Markdown and CSV for pasting")
    func formats() throws {
        let markdown = try TallyCommand.run(["show", Self.run, "gender", "--format", "markdown"])
        let table = markdown.stdout.components(separatedBy: "\n- Independence")[0]
        #expect(
            table == """
                **Gender of respondents**

                Gender [gender]  
                Base: All respondents

                | | Customers | customer: Consumers (A) | customer: Business buyers (B) |
                |---|---:|---:|---:|
                | Unweighted base | 293 | 189 | 104 |
                | Weighted base | 331 | 199 | 132 |
                | **Male** | 46% | 44% | 50% |
                | **Female** | 51% | 52% | 50% |
                | **Other** | 2% | 4% | 0% |

                """)
        let csv = try TallyCommand.run(["show", Self.run, "gender", "--format", "csv", "--statistic", "count"])
        #expect(
            csv.stdout == """
                ,Total,customer,customer
                ,Customers,Consumers (A),Business buyers (B)
                Unweighted base,293,189,104
                Weighted base,331,199,132
                Male,138,83,55
                Female,147,98,49
                Other,8,8,0

                """)
    }

    @Test("A damaged independence file is exit 65 naming its file, line and field")
    func damagedIndependence() throws {
        let folder = try TemporaryFolder()
        let copy = folder.file("run")
        try FileManager.default.copyItem(atPath: Self.run, toPath: copy)
        let path = copy + "/independence/edition=handmade/banner=customer/part-00000.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let damaged = text.replacingOccurrences(of: ",tested,", with: ",maybe,")
        #expect(damaged != text)
        try damaged.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try TallyCommand.run(["show", copy, "experience"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):2, field 'status'"), "\(result.stderr)")
        #expect(result.stderr.contains("'maybe' is neither tested nor undefined"))
    }

    @Test("An unknown table, banner or statistic is exit 64 naming what there is")
    func unknown() throws {
        let table = try TallyCommand.run(["show", Self.run, "genders"])
        #expect(table.status == 64)
        #expect(table.stderr.contains("has no table 'genders' in edition handmade; its tables: experience, gender"))
        let banner = try TallyCommand.run(["show", Self.run, "gender", "--banner", "region"])
        #expect(banner.status == 64)
        #expect(banner.stderr.contains("table 'gender' has no banner 'region'; its banners: customer"))
        let statistic = try TallyCommand.run(["show", Self.run, "gender", "--statistic", "share"])
        #expect(statistic.status == 64)
        #expect(statistic.stderr.contains("unknown statistic 'share'"))
    }
}
