import Foundation
import TallyTestSupport
import Testing

/// The 2023 edition's report as `tally run` publishes it and `tally report` rebuilds it.
@Suite("tally run and tally report, the edition's report")
struct ReportCommandTests {
    /// The languages both bundled editions publish.
    static let languages = ["en", "zh-Hant", "ko", "ar"]

    /// Every drawn value of a page: (table, banner, column code, answer code, statistic) → value.
    static func drawnValues(_ page: String) throws -> [String: Double] {
        let figure = try Regex(
            #"<figure data-table="([^"]*)" data-banner="([^"]*)" data-statistic="([^"]*)">(.*?)</figure>"#
        )
        .dotMatchesNewlines()
        let group = try Regex(#"<g class="answer[^"]*" data-answer="([^"]*)">(.*?)</g>"#)
        let mark = try Regex(#"data-column="([^"]*)" data-value="([^"]*)""#)
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
        // The profiles: each market's key statistics beside the total, in the market banner.
        let profile = try Regex(#"<section class="profile" data-column="([^"]*)">(.*?)</section>"#).dotMatchesNewlines()
        let figureRow = try Regex(#"<g class="answer" data-answer="([^"|]*)\|([^"]*)">(.*?)</g>"#)
        for match in page.matches(of: profile) {
            for answer in String(match[2].substring!).matches(of: figureRow) {
                for drawn in String(answer[3].substring!).matches(of: mark) {
                    let key = [
                        String(answer[1].substring!), "market", String(drawn[1].substring!),
                        String(answer[2].substring!),
                        "percent",
                    ]
                    values["profile|" + key.joined(separator: "|")] = Double(String(drawn[2].substring!))
                }
            }
        }
        return values
    }

    /// Each profile's mark (▲, ▼ or none) of a market's figure: (table, answer, column) → mark.
    static func profileMarks(_ page: String) throws -> [String: String] {
        let profile = try Regex(#"<section class="profile" data-column="([^"]*)">(.*?)</section>"#).dotMatchesNewlines()
        let figureRow = try Regex(#"<g class="answer" data-answer="([^"]*)">(.*?)</g>"#)
        let value = try Regex(
            #"data-column="([^"]*)" data-value="[^"]*"[^>]*/>(?:<line[^>]*/>)?<text class="value"[^>]*>[^<]*(?:<tspan class="letters" dx="3">([^<]*)</tspan>)?"#
        )
        var marks: [String: String] = [:]
        for match in page.matches(of: profile) {
            let column = String(match[1].substring!)
            for answer in String(match[2].substring!).matches(of: figureRow) {
                for drawn in String(answer[2].substring!).matches(of: value) where drawn[1].substring! == column {
                    marks[String(answer[1].substring!) + "|" + column] = drawn[2].substring.map(String.init) ?? ""
                }
            }
        }
        return marks
    }

    @Test(
        "The run publishes the report in four languages; every drawn value is its table's; tally report rebuilds the same bytes"
    )
    func report() throws {
        let folder = try TemporaryFolder()
        let run = folder.file("run")
        let result = try TallyCommand.run([
            "run", Repository.path("Pipelines/connected-customer-2023.yaml"), "--output", run,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let folder2023 = run + "/report/edition=2023/"
        let page = try String(contentsOfFile: folder2023 + "en.html", encoding: .utf8)
        let manifest = try String(contentsOfFile: run + "/manifest.json", encoding: .utf8)
        for language in Self.languages {
            #expect(manifest.contains(#""report/edition=2023/\#(language).html""#), "\(language)")
        }

        // The tidy tables, by the same key.
        var tidy: [String: Double] = [:]
        for banner in ["customer", "generation", "market", "gender"] {
            let rows = try readCSV(run + "/tables/edition=2023/banner=\(banner)/part-00000.csv")
            let header = rows[0]
            let at = { (name: String) in header.firstIndex(of: name)! }
            for row in rows.dropFirst() {
                let key = [
                    row[at("table_name")], banner, row[at("column_code")], row[at("row_code")], row[at("statistic")],
                ]
                if let value = Double(row[at("value")]) { tidy[key.joined(separator: "|")] = value }
            }
        }
        for language in Self.languages {
            let drawn = try Self.drawnValues(String(contentsOfFile: folder2023 + language + ".html", encoding: .utf8))
            #expect(drawn.count > 200, "\(language)")
            // 25 markets, 6 key statistics, and the total (the same cell on every page).
            #expect(drawn.keys.count { $0.hasPrefix("profile|") } == 25 * 6 + 6, "\(language)")
            for (drawnKey, value) in drawn {
                let key = drawnKey.hasPrefix("profile|") ? String(drawnKey.dropFirst("profile|".count)) : drawnKey
                #expect(
                    tidy[key] == value, "\(language) \(key): drawn \(value), table \(String(describing: tidy[key]))")
            }
        }
        // Each market's marks are the run's own tests of it against the rest of the
        // sample, as the differences file has them: significant at 95% after the correction.
        let differences = try readCSV(run + "/differences/edition=2023/banner=market/part-00000.csv")
        let at = { (name: String) in differences[0].firstIndex(of: name)! }
        var expectedMarks: [String: String] = [:]
        for row in differences.dropFirst() where row[at("other_column_code")] == "rest" {
            guard let p = Double(row[at("p_adjusted")]), p < 0.05, let z = Double(row[at("z")]) else { continue }
            expectedMarks[
                [row[at("table_name")], row[at("row_code")], row[at("column_code")]].joined(separator: "|")] =
                z > 0 ? "▲" : "▼"
        }
        #expect(!expectedMarks.isEmpty)
        for language in Self.languages {
            let marks = try Self.profileMarks(String(contentsOfFile: folder2023 + language + ".html", encoding: .utf8))
            #expect(marks.count == 25 * 6, "\(language)")
            let drawnMarks = marks.filter { !$0.value.isEmpty }
            #expect(!drawnMarks.isEmpty, "\(language)")
            #expect(drawnMarks == expectedMarks.filter { marks[$0.key] != nil }, "\(language)")
        }
        // Sections a reader expects.
        for section in [
            #"id="cover""#, #"id="key-statistics""#, #"id="methods""#, "<h2>Trust and artificial intelligence</h2>",
        ] {
            #expect(page.contains(section), "\(section)")
        }
        #expect(page.contains("94 of 94 figures the edition&#39;s report published are recovered"))

        let again = folder.file("again")
        let rebuilt = try TallyCommand.run(["report", run, "--output", again])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        for name in Self.languages.map({ $0 + ".html" }) + ["report.json"] {
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
        #expect(check.stdout.contains("in its language and direction with every part; prints on"), "\(check.stdout)")
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

    @Test(
        "Both editions translate every text their report shows (no page but English repeats an English label); the 2018 pages pass the browser check"
    )
    func translated() throws {
        let folder = try TemporaryFolder()
        for edition in ["2018", "2023"] {
            let run = folder.file(edition)
            let pipeline = Repository.path("Pipelines/connected-customer-\(edition).yaml")
            #expect(try TallyCommand.run(["run", pipeline, "--output", run]).status == 0)
            let data = try Data(contentsOf: URL(fileURLWithPath: run + "/report/edition=\(edition)/report.json"))
            let source = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let report = try #require(source["report"] as? [String: Any])
            let chapters = try #require(report["chapters"] as? [[String: Any]])
            let statistics = try #require(report["keyStatistics"] as? [[String: Any]])
            let shown = Set(
                chapters.flatMap { $0["tables"] as? [String] ?? [] } + statistics.compactMap { $0["table"] as? String }
                    + (report["sample"] as? [String] ?? []))
            let banners = Set(
                chapters.compactMap { $0["compare"] as? String } + statistics.compactMap { $0["banner"] as? String })
            let labels = try #require(source["labels"] as? [String: [String: Any]])
            let english = Self.texts(of: try #require(labels["en"]), tables: shown, banners: banners)
            #expect(english.count > 100, "\(edition)")
            for language in Self.languages.dropFirst() {
                let texts = Self.texts(of: try #require(labels[language]), tables: shown, banners: banners)
                #expect(Set(texts.keys) == Set(english.keys), "\(edition) \(language)")
                // Texts without letters (an age range) read the same in every language.
                let same = english.filter { key, text in texts[key] == text && text.contains(where: \.isLetter) }
                #expect(same.isEmpty, "\(edition) \(language): \(same.sorted { $0.key < $1.key }.prefix(5))")
            }
        }
        // The 2023 pages are checked in the test above.
        let check = try TallyCommand.run([folder.file("2018")], program: Repository.path("Scripts/check-report"))
        if check.status == 69 {
            try Test.cancel(Comment(rawValue: "report browser check not run: \(check.stdout)\(check.stderr)"))
        }
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.components(separatedBy: "with every key statistic").count == 5, "\(check.stdout)")
    }

    /// Every text of a language's labels for the shown tables and banners, by where it is.
    static func texts(of labels: [String: Any], tables: Set<String>, banners: Set<String>) -> [String: String] {
        var texts = ["title": labels["title"] as? String ?? ""]
        for (name, table) in labels["tables"] as? [String: [String: Any]] ?? [:] where tables.contains(name) {
            for key in ["title", "wording", "base"] { texts["\(name).\(key)"] = table[key] as? String }
            for (code, row) in table["rows"] as? [String: String] ?? [:] { texts["\(name).rows.\(code)"] = row }
        }
        for (name, banner) in labels["banners"] as? [String: [String: Any]] ?? [:] where banners.contains(name) {
            texts["\(name).heading"] = banner["heading"] as? String
            for (code, column) in banner["columns"] as? [String: String] ?? [:] {
                texts["\(name).columns.\(code)"] = column
            }
        }
        return texts
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
