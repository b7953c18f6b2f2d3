import TallyModel
import Testing

@testable import TallyReport

/// Each language's numbers and words, checked against forms written by hand.
@Suite("Report languages")
struct ReportLanguageTests {
    @Test("Percents: Western digits, each language's percent sign")
    func percents() {
        #expect(ReportLanguage.english.percent(80.6) == "81%")
        #expect(ReportLanguage.traditionalChinese.percent(80.6) == "81%")
        #expect(ReportLanguage.korean.percent(80.6) == "81%")
        #expect(ReportLanguage.arabic.percent(80.6) == "81٪")
        // Only English spells a sentence's first number out.
        #expect(ReportLanguage.english.spelledPercent(80.6) == "Eighty-one percent")
        #expect(ReportLanguage.korean.spelledPercent(80.6) == "81%")
    }

    @Test("Natural frequencies in each language's words; out of a hundred when no fraction fits")
    func frequencies() {
        // 80.4% (78-82): 4 out of 5.
        #expect(ReportLanguage.english.frequency(80.4, within: 78...82) == "4 out of 5")
        #expect(ReportLanguage.traditionalChinese.frequency(80.4, within: 78...82) == "每5人中有4人")
        #expect(ReportLanguage.korean.frequency(80.4, within: 78...82) == "5명 중 4명")
        #expect(ReportLanguage.arabic.frequency(80.4, within: 78...82) == "4 من كل 5")
        #expect(ReportLanguage.korean.spelledFrequency(80.4, within: 78...82) == "5명 중 4명")
        // 62% (61.6-62.4): no fraction up to tenths inside; English says the percent, the
        // others a count out of a hundred (a Korean sentence's particle after 명 holds).
        #expect(ReportLanguage.english.frequency(62, within: 61.6...62.4) == "62%")
        #expect(ReportLanguage.korean.frequency(62, within: 61.6...62.4) == "100명 중 62명")
        #expect(ReportLanguage.arabic.frequency(62, within: nil) == "62 من كل 100")
    }

    @Test("Every language has Tally's words: a meaning for each cleaning rule, tags the definition accepts")
    func words() {
        #expect(ReportLanguage.all.map(\.tag) == ["en", "zh-Hant", "ko", "ar"])
        for language in ReportLanguage.all {
            #expect(Set(language.words.ruleMeanings.keys) == Set(RejectRules.meanings.keys), "\(language.tag)")
        }
        #expect(ReportLanguage.named("ar").rightToLeft)
        #expect(!ReportLanguage.named("ko").rightToLeft)
    }

    @Test("Dates and signed changes stay left to right on an Arabic page (isolated), as they are elsewhere")
    func isolated() {
        #expect(ReportLanguage.arabic.isolated("2023-05-03") == "\u{2066}2023-05-03\u{2069}")
        #expect(ReportLanguage.korean.isolated("2023-05-03") == "2023-05-03")
    }

    @Test("Patterns are filled in one pass: a value holding a placeholder stays as it is")
    func fill() {
        #expect(ReportWords.fill("{1} of {2}", "{2}", "x") == "{2} of x")
        #expect(ReportWords.fill("{1} {3} {x}", "a") == "a {3} {x}")
    }
}

/// Chart labels cut into lines by width: Chinese breaks between characters, a Latin
/// letter counts one unit and a CJK character two.
@Suite("Label lines")
struct LabelWidthTests {
    @Test("English breaks at spaces, as before: 38 letters a line, two lines at most")
    func english() {
        let label = "Better aligned with my values and my family's needs and everything else I care about"
        #expect(
            LabelWidth.lines(of: label, limit: 38) == [
                "Better aligned with my values and my", "family's needs and everything else I…",
            ])
        #expect(LabelWidth.lines(of: "Email", limit: 38) == ["Email"])
    }

    @Test("Chinese breaks between characters, never before closing punctuation; spaces around Latin words stay")
    func chinese() {
        #expect(LabelWidth.units("電子郵件") == 8)
        #expect(LabelWidth.lines(of: "甲乙丙丁戊己、庚", limit: 12) == ["甲乙丙丁戊", "己、庚"])
        #expect(LabelWidth.lines(of: "使用 AI 時", limit: 38) == ["使用 AI 時"])
        #expect(LabelWidth.lines(of: "一二三四五六七八九十一二三四五六七八九十一二", limit: 20).map(LabelWidth.units) == [20, 19])
        #expect(LabelWidth.prefix("同意（前兩項）", units: 9) == "同意（前")
    }
}
