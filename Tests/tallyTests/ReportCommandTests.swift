import Foundation
import TallyTestSupport
import Testing

/// The 2023 edition's report as `tally run` publishes it and `tally report` rebuilds it.
@Suite("tally run and tally report, the edition's report")
struct ReportCommandTests {
    /// Every drawn value of a page: (table, banner, series label, answer code, statistic) → value.
    static func drawnValues(_ page: String) throws -> [String: Double] {
        let figure = try Regex(
            #"<figure data-table="([^"]*)" data-banner="([^"]*)" data-statistic="([^"]*)">(.*?)</figure>"#
        )
        .dotMatchesNewlines()
        let group = try Regex(#"<g class="answer[^"]*" data-answer="([^"]*)">(.*?)</g>"#)
        let mark = try Regex(#"data-series="([^"]*)" data-value="([^"]*)""#)
        var values: [String: Double] = [:]
        for match in page.matches(of: figure) {
            let (table, banner, statistic) = (
                String(match[1].substring!), String(match[2].substring!), String(match[3].substring!)
            )
            for answer in String(match[4].substring!).matches(of: group) {
                for drawn in String(answer[2].substring!).matches(of: mark) {
                    let key = [table, banner, String(drawn[1].substring!), String(answer[1].substring!), statistic]
                    values[key.joined(separator: "|")] = Double(String(drawn[2].substring!))
                }
            }
        }
        return values
    }

    @Test("The run publishes the report; every drawn value is its table's; tally report rebuilds the same bytes")
    func report() throws {
        let folder = try TemporaryFolder()
        let run = folder.file("run")
        let result = try TallyCommand.run([
            "run", Repository.path("Pipelines/connected-customer-2023.yaml"), "--output", run,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: run + "/report/edition=2023/en.html", encoding: .utf8)
        let manifest = try String(contentsOfFile: run + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""report/edition=2023/en.html""#))

        // The tidy tables, by the same key (column labels as the charts' series).
        var tidy: [String: Double] = [:]
        for banner in ["customer", "generation", "market", "gender"] {
            let rows = try readCSV(run + "/tables/edition=2023/banner=\(banner)/part-00000.csv")
            let header = rows[0]
            let at = { (name: String) in header.firstIndex(of: name)! }
            for row in rows.dropFirst() {
                let key = [
                    row[at("table_name")], banner, row[at("column_label")], row[at("row_code")], row[at("statistic")],
                ]
                if let value = Double(row[at("value")]) { tidy[key.joined(separator: "|")] = value }
            }
        }
        let drawn = try Self.drawnValues(page)
        #expect(drawn.count > 200)
        for (key, value) in drawn {
            #expect(tidy[key] == value, "\(key): drawn \(value), table \(String(describing: tidy[key]))")
        }
        // Sections a reader expects.
        for section in [
            #"id="cover""#, #"id="key-statistics""#, #"id="methods""#, "<h2>Trust and artificial intelligence</h2>",
        ] {
            #expect(page.contains(section), "\(section)")
        }
        #expect(page.contains("94 of 94 figures the edition's report published are recovered"))

        let again = folder.file("again")
        let rebuilt = try TallyCommand.run(["report", run, "--output", again])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        for name in ["en.html", "report.json"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: run + "/report/edition=2023/" + name))
            let copy = try Data(contentsOf: URL(fileURLWithPath: again + "/report/edition=2023/" + name))
            #expect(original == copy, "\(name)")
        }
        // Chromium loads the page with no request and prints it with every key statistic
        // (Scripts/check-report works the sentences out from the tidy tables itself).
        let check = try TallyCommand.run([run], program: Repository.path("Scripts/check-report"))
        if check.status == 69 {
            try Test.cancel(Comment(rawValue: "report browser check not run: \(check.stdout)\(check.stderr)"))
        }
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("no request; prints on"), "\(check.stdout)")
    }

    @Test("tally report --previous shows the changes since an earlier edition, as tally trend computes them")
    func previous() throws {
        let folder = try TemporaryFolder()
        let (old, new) = (folder.file("2018"), folder.file("2023"))
        for (edition, run) in [("2018", old), ("2023", new)] {
            let pipeline = Repository.path("Pipelines/connected-customer-\(edition).yaml")
            #expect(try TallyCommand.run(["run", pipeline, "--output", run]).status == 0)
        }
        let result = try TallyCommand.run(["report", new, "--previous", old, "--output", folder.file("out")])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: folder.file("out/report/edition=2023/en.html"), encoding: .utf8)
        #expect(page.contains("<h2>Since edition 2018</h2>"))
        // tally trend's differences of the same cells: the total column of the customer banner.
        let trendFile = folder.file("trend.csv")
        #expect(try TallyCommand.run(["trend", old, new, "--output", trendFile]).status == 0)
        let rows = try readCSV(trendFile)
        let header = rows[0]
        let at = { (name: String) in header.firstIndex(of: name)! }
        var expected: [String: String] = [:]
        for row in rows.dropFirst() where row[at("banner")] == "customer" && row[at("column_code")] == "total" {
            expected["\(row[at("question_key")])|\(row[at("row_code")])|\(row[at("statistic")])"] =
                row[at("difference")]
        }
        let shown = try Regex(#"<tr data-question="([^"]*)" data-answer="([^"]*)" data-change="([^"]*)">"#)
        let changes = page.matches(of: shown)
        #expect(!changes.isEmpty)
        for change in changes {
            let key =
                "\(change[1].substring!)|\(change[2].substring!)|" + (change[2].substring!.isEmpty ? "mean" : "percent")
            #expect(Double(expected[key] ?? "") == Double(String(change[3].substring!)), "\(key)")
        }
        // The key statistic on the shared question carries its change.
        #expect(page.contains("points since edition 2018 ("))
    }

    @Test("tally report on a run without a report is exit 66")
    func noReport() throws {
        let folder = try TemporaryFolder()
        let run = folder.file("run")
        #expect(
            try TallyCommand.run(["run", Repository.fixture("handmade/pipeline.yaml"), "--output", run]).status == 0)
        let result = try TallyCommand.run(["report", run])
        #expect(result.status == 66)
        #expect(result.stderr.contains("no 'report' section"))
    }
}
