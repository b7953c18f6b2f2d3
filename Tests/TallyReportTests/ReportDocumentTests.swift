import Foundation
import TallyAggregator
import TallyComparison
import TallyModel
import TallyWriter
import Testing

@testable import TallyReport

/// A report page made from results written by hand: what it says, what it draws,
/// and that no label can break it.
@Suite("Report page")
struct ReportDocumentTests {
    /// A label with everything that could break a page: markup, an ampersand, quotes,
    /// a right-to-left mark and the end of a script.
    static let nasty = "<b>A & \"B\"</b> \u{200F}x</script><script>alert(1)</script>"

    static func row(
        banner: String, column: (code: String, label: String, letter: String), answer: (String, String),
        statistic: String, value: ResultValue, interval: ClosedRange<Double>? = nil, over: String = "",
        flag: BaseFlag? = nil
    ) -> ResultRow {
        ResultRow(
            banner: banner, table: "t", question: "t", columnCode: column.code, column: column.label,
            rowCode: answer.0, row: answer.1, statistic: statistic, value: value, unweightedBase: 200,
            weightedBase: 200, effectiveBase: 180, interval: interval, columnLetter: column.letter,
            significantOver: over, flag: flag)
    }

    /// Table `t`: answers `1` (the nasty label) and `net1`, in the total and two columns.
    static let rows: [ResultRow] = {
        let total = ("total", "All", ""), consumers = ("C", "Consumers", "A"), business = ("B", nasty, "B")
        return [
            row(
                banner: "customer", column: total, answer: ("1", nasty), statistic: "percent", value: .real(60),
                interval: 55...65),
            row(
                banner: "customer", column: total, answer: ("net1", "Any"), statistic: "percent", value: .real(80),
                interval: 76...84),
            row(
                banner: "customer", column: consumers, answer: ("1", nasty), statistic: "percent", value: .real(70),
                interval: 64...76, over: "B"),
            row(
                banner: "customer", column: consumers, answer: ("net1", "Any"), statistic: "percent", value: .real(85),
                interval: 80...90),
            row(
                banner: "customer", column: business, answer: ("1", nasty), statistic: "percent", value: .real(45),
                interval: 38...52, flag: .lowBase),
            row(
                banner: "customer", column: business, answer: ("net1", "Any"), statistic: "percent", value: .empty,
                flag: .suppressed),
        ]
    }()

    static let source: ReportSource = {
        let definition = PipelineDefinition(
            sourcePath: "x.yaml", survey: "demo", edition: "1", title: "Demo " + nasty, fieldwork: nil,
            input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: nil), fields: [],
            banners: [Banner(name: "customer", totalLabel: "All", field: nil)], tables: [],
            output: OutputSpec(partitionBy: [.banner]), quality: QualitySpec(maxRejectedShare: 0),
            report: ReportSpec(
                languages: ["en"],
                keyStatistics: [
                    KeyStatistic(
                        table: "t", banner: "customer", column: "total", row: "net1",
                        sentence: LocalizedText("{Frequency} say " + nasty))
                ],
                chapters: [ReportChapter(title: LocalizedText(nasty), tables: ["t"], compare: "customer")]))
        return ReportSource(definition: definition)!
    }()

    static let results = RunResults(
        edition: "1",
        tables: [
            RunTable.Entry(
                edition: "1", name: "t", questionKey: "t", title: nasty, wording: nasty, baseText: nasty,
                banners: ["customer"])
        ],
        rows: ["t": rows],
        manifest: Manifest(
            toolVersion: "1", pipeline: Manifest.Pipeline(path: "x.yaml", survey: "demo", edition: "1", sha256: ""),
            inputs: [], rowsRead: 210, rowsUsed: 200, rowsRejected: 10, valuesExcluded: 0,
            rejectsByRule: ["speeder": 10],
            weighting: Manifest.Weighting(
                method: "none", sweeps: nil, marginError: nil, lastChange: nil, minimumWeight: 1, maximumWeight: 1,
                meanWeight: 1, efficiency: 1, effectiveBase: 200, assumedMargins: []),
            reprocessedFiles: [], outputs: []),
        audit: [])

    static var page: String { ReportDocument(source: source, results: results, language: .english).html }

    @Test("No label breaks the page: markup, quotes, ampersands and </script> are text")
    func escaping() {
        let page = Self.page
        #expect(!page.contains("<script"))
        #expect(!page.contains("</script>"))
        #expect(!page.contains("<b>A"))
        #expect(page.contains("&lt;b&gt;A &amp; &quot;B&quot;&lt;/b&gt; \u{200F}x&lt;/script&gt;"))
        #expect(page.contains(#"<title>Demo &lt;b&gt;"#))
    }

    @Test("Self-contained: a policy that forbids every request, no script, no link or source")
    func selfContained() {
        let page = Self.page
        #expect(
            page.contains(
                #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#
            ))
        for forbidden in ["<script", "<link", " src=", " href=", "@import", "url(http"] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
    }

    @Test("The chart draws each column's value with its interval, letters and markers")
    func chart() {
        let page = Self.page
        // Grouped by the customer banner's columns, not the total.
        #expect(
            page.contains(
                #"data-series="Consumers" data-column="C" data-value="70.0" data-lower="64.0" data-upper="76.0""#))
        #expect(page.contains(#"data-value="45.0" data-lower="38.0" data-upper="52.0" data-flag="low_base""#))
        #expect(!page.contains(#"data-series="All""#))
        #expect(page.contains(#"fill="url(#hatch)""#))
        #expect(page.contains(#"70%<tspan class="letters" dx="3">B</tspan>"#))
        // The suppressed estimate is drawn as ** and listed as ** in the data table.
        #expect(page.contains(">**</text>"))
        #expect(page.contains("<td>70% (64%–76%) B</td>"))
        #expect(page.contains("<td>45% (38%–52%) *</td>"))
    }

    @Test("Methods: rows read, used and rejected, and each cleaning rule with its meaning")
    func methods() {
        let page = Self.page
        #expect(page.contains("210 rows were read; 200 respondents are used and 10 rows were rejected."))
        #expect(
            page.contains(#"<td>speeder</td><td class="text">an interview faster than the threshold</td><td>10</td>"#))
        #expect(page.contains("The respondents are not weighted beyond their base weights."))
    }

    @Test("Methods: the weights' scale, the sample's or a population's; nothing for a manifest without one")
    func weightsScale() {
        var results = Self.results
        results.manifest.weighting.method = "raking"
        results.manifest.weighting.scale = "population"
        results.manifest.weighting.population = 250_000
        let page = ReportDocument(source: Self.source, results: results, language: .english).html
        #expect(
            page.contains(
                "The weights are grossed up to a population of 250,000, so weighted counts are estimated population totals"
            ))
        results.manifest.weighting.scale = "sample"
        let sample = ReportDocument(source: Self.source, results: results, language: .korean).html
        #expect(sample.contains("가중치의 합은 표본(기본 가중치의 합)과 같으므로"))
        results.manifest.weighting.scale = nil
        let older = ReportDocument(source: Self.source, results: results, language: .english).html
        #expect(!older.contains("The weights add up") && !older.contains("grossed up"))
    }

    @Test("A key statistic: its sentence filled in, its figure, interval and base")
    func keyStatistic() {
        let page = Self.page
        // 80% (76-84): 4/5 = 80% is the simplest fraction inside.
        #expect(page.contains(#"<span class="figure">80%</span><p>Four out of five say &lt;b&gt;A"#))
        #expect(page.contains("95% interval 76% to 84%; base: 200 respondents"))
    }

    /// The page of `language` for a definition publishing English and Arabic, whose
    /// customer type, answer, total and chapter are written per language.
    static func translatedPage(_ language: ReportLanguage) -> String {
        let both = { (english: String, arabic: String) in LocalizedText(byLanguage: ["en": english, "ar": arabic]) }
        let customerType = Field(
            name: "customer_type", label: "Customer type",
            kind: .single(
                CategoricalSpec(
                    column: "customer_type",
                    categories: [Category(code: "C", label: "Consumers"), Category(code: "B", label: nasty)], nets: [],
                    isScale: false)))
        let question = Field(
            name: "t", label: nasty,
            kind: .single(
                CategoricalSpec(
                    column: "t", categories: [Category(code: "1", label: nasty)],
                    nets: [Net(label: "Any", members: [0])], isScale: false)))
        let definition = PipelineDefinition(
            sourcePath: "x.yaml", survey: "demo", edition: "1", title: "Demo", fieldwork: nil,
            input: InputSpec(files: [], format: .csv, idColumn: "id", weightColumn: nil),
            fields: [customerType, question],
            banners: [Banner(name: "customer", totalLabel: "All", field: "customer_type")],
            tables: [
                Table(
                    name: "t", title: nasty, questionKey: "t", field: "t", banners: ["customer"], statistics: [.percent]
                )
            ],
            output: OutputSpec(partitionBy: [.banner]), quality: QualitySpec(maxRejectedShare: 0),
            report: ReportSpec(
                languages: ["en", "ar"],
                keyStatistics: [
                    KeyStatistic(
                        table: "t", banner: "customer", column: "total", row: "net1",
                        sentence: both("{Frequency} say so", "يقول {frequency} ذلك"))
                ],
                chapters: [ReportChapter(title: both("Trust", "الثقة"), tables: ["t"], compare: "customer")]),
            translations: [
                TextKey.title: both("Demo", "عرض"),
                TextKey.answer("customer_type", "C"): both("Consumers", "المستهلكون"),
                TextKey.answer("t", "net1"): both("Any", "أي"), TextKey.total("customer"): both("All", "الكل"),
                TextKey.field("customer_type"): both("Customer type", "نوع العميل"),
            ])
        let source = ReportSource(definition: definition)!
        return ReportDocument(source: source, results: results, language: language).html
    }

    @Test("Arabic: right to left, its own words and labels, Western digits with the Arabic percent sign")
    func arabic() {
        let page = Self.translatedPage(.arabic)
        #expect(page.contains(#"<html lang="ar" dir="rtl">"#))
        #expect(page.contains("<title>عرض</title>"))
        #expect(page.contains("<h2>الثقة</h2>"))
        #expect(page.contains("<h2>أبرز الإحصاءات</h2>"))
        // 80% (76-84): 4 out of 5, in Arabic; the figure with ٪.
        #expect(page.contains(#"<span class="figure">80٪</span><p>يقول 4 من كل 5 ذلك</p>"#))
        #expect(page.contains("فترة الثقة 95٪ من 76٪ إلى 84٪؛ الأساس: عدد المشاركين 200"))
        // Series and answers in the definition's Arabic; a label written once stays as it is.
        #expect(page.contains(#"data-series="المستهلكون" data-column="C" data-value="70.0""#))
        #expect(page.contains(#"data-series="&lt;b&gt;A &amp; &quot;B&quot;&lt;/b&gt; \#u{200F}x&lt;/script&gt;"#))
        #expect(page.contains("<td>أي</td>"))
        #expect(page.contains("الأساس: جميع المشاركين؛ حسب نوع العميل"))
        #expect(page.contains(#"<td>speeder</td><td class="text">مقابلة أسرع من الحد المقرر</td><td>10</td>"#))
        #expect(!page.contains("<script"))
    }

    @Test("English from the same definition: the first language's words, left to right")
    func englishOfTranslated() {
        let page = Self.translatedPage(.english)
        #expect(page.contains(#"<html lang="en" dir="ltr">"#))
        #expect(page.contains("<h2>Trust</h2>"))
        #expect(page.contains(#"<span class="figure">80%</span><p>Four out of five say so</p>"#))
        #expect(page.contains(#"data-series="Consumers" data-column="C""#))
        #expect(page.contains("Base: All respondents; by Customer type"))
    }

    /// A market banner's percentage of answer net1 of table t, with weights of 1.
    static func marketCell(_ column: String, _ value: Double, _ base: Int) -> ResultRow {
        ResultRow(
            banner: "market", table: "t", question: "t", columnCode: column, column: column, rowCode: "net1",
            row: "Any", statistic: "percent", value: .real(value), unweightedBase: base,
            weightedBase: Double(base), effectiveBase: Double(base))
    }

    @Test("A profile per market, from a run before the test method: ▲ from the rows' test on effective bases")
    func profilesOfAnOlderRun() {
        // Market X: 70% of 400 (weights 1); the total: 50% of 1,000 (weights 1). The rest,
        // 600 respondents, is at (500 − 280) / 600 = 36.7%: X is far above it. Market Y: 50%,
        // as is its rest.
        var spec = Self.source
        spec.report.profiles = "market"
        spec.method = nil
        var results = Self.results
        results.rows["t"] = [
            Self.marketCell("total", 50, 1000), Self.marketCell("X", 70, 400), Self.marketCell("Y", 50, 300),
        ]
        let page = ReportDocument(source: spec, results: results, language: .english).html
        #expect(page.contains("against every other respondent, on effective bases, at 95%"))
        #expect(page.contains(#"<section id="profiles" data-banner="market">"#))
        #expect(page.components(separatedBy: #"<section class="profile""#).count == 3)
        #expect(page.contains(#"data-series="X" data-column="X" data-value="70.0""#))
        #expect(page.contains(#"70%<tspan class="letters" dx="3">▲</tspan>"#))
        #expect(page.contains(#"data-series="total" data-column="total" data-value="50.0""#))
        #expect(!page.contains("▼</tspan>"))
        #expect(page.contains("<h3>Y</h3>"))
    }

    @Test("A profile per market: ▲ and ▼ from the run's own tests against the rest, their p-values as corrected")
    func profiles() {
        func rest(_ column: String, z: Double, p: Double, adjusted: Double) -> ColumnDifference {
            ColumnDifference(
                banner: "market", table: "t", question: "t", rowCode: "net1", row: "Any", statistic: "percent",
                column: column, other: ColumnDifference.rest, difference: z, z: z, p: p, adjustedP: adjusted,
                level: nil)
        }
        var spec = Self.source
        spec.report.profiles = "market"
        #expect(spec.method == "design")
        var results = Self.results
        // The rows alone would mark X (70% of 400 against 36.7% of 600) and not Y; the
        // run's tests say otherwise, and Z is significant before its correction only.
        results.rows["t"] = [
            Self.marketCell("total", 50, 1000), Self.marketCell("X", 70, 400), Self.marketCell("Y", 50, 300),
            Self.marketCell("Z", 50, 300),
        ]
        results.restDifferences = [
            rest("X", z: 1.2, p: 0.23, adjusted: 0.23), rest("Y", z: -2.9, p: 0.004, adjusted: 0.012),
            rest("Z", z: 2.2, p: 0.028, adjusted: 0.084),
        ]
        let page = ReportDocument(source: spec, results: results, language: .english).html
        #expect(
            page.contains(
                "with the variance of the difference from the weighted design, the covariance included, at 95%"))
        #expect(page.contains(#"50%<tspan class="letters" dx="3">▼</tspan>"#))
        #expect(!page.contains("▲</tspan>"))
        #expect(page.components(separatedBy: "▼</tspan>").count == 2)
    }

    @Test("{change}: the change since the previous edition in the sentence, and nothing without one")
    func change() {
        var spec = Self.source
        spec.report.keyStatistics[0].sentence = LocalizedText("{percent} say so{change}.")
        let trend = TrendRow(
            question: "t", banner: "customer", columnCode: "total", rowCode: "net1", statistic: "percent",
            oldEdition: "0", newEdition: "1", oldValue: 77.5, newValue: 80, difference: 2.5, standardError: 1,
            z: 2.5, pValue: 0.0124, significant: "95%")
        let withPrevious = ReportDocument(source: spec, results: Self.results, language: .english, trends: [trend])
        #expect(withPrevious.html.contains("<p>80% say so (+2.5 points since edition 0).</p>"))
        #expect(withPrevious.html.contains("base: 200 respondents; +2.5 points since edition 0 (significant at 95%)"))
        let alone = ReportDocument(source: spec, results: Self.results, language: .english)
        #expect(alone.html.contains("<p>80% say so.</p>"))
        let arabic = ReportDocument(source: spec, results: Self.results, language: .arabic, trends: [trend])
        #expect(arabic.html.contains("80٪ say so (\u{2066}+2.5\u{2069} نقطة منذ إصدار 0)."))
    }
}
