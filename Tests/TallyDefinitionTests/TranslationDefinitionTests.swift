import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// Texts written per language: the definition keeps the first language's in its
/// labels and every language's under its `TextKey`.
@Suite("Texts per language")
struct TranslationDefinitionTests {
    /// `DefinitionSamples.valid` publishing English and Korean, with some texts per language.
    static func korean(languages: String = "[en, ko]") -> String {
        DefinitionSamples.valid
            .replacingOccurrences(
                of: "title: Demo survey", with: "title: {en: Demo survey, ko: 데모 조사}"
            )
            .replacingOccurrences(
                of: "    label: Rating\n", with: "    label: {en: Rating, ko: 평가}\n"
            )
            .replacingOccurrences(
                of: "{code: 9, label: Not rated, base: false}",
                with: "{code: 9, label: {en: Not rated, ko: 평가 안 함}, base: false}"
            )
            .replacingOccurrences(
                of: "{label: Fair or better, codes: [2, 3]}",
                with: "{label: {en: Fair or better, ko: 보통 이상}, codes: [2, 3]}"
            )
            .replacingOccurrences(
                of: "{column: app_a, label: App A}", with: "{column: app_a, label: {en: App A, ko: 앱 A}}"
            )
            .replacingOccurrences(of: "    total: All\n", with: "    total: {en: All, ko: 전체}\n")
            + "report:\n  languages: \(languages)\n"
    }

    @Test("The first language's text is the definition's own; every language's is kept by what it names")
    func kept() throws {
        let definition = try DefinitionLoader.load(yaml: Self.korean(), path: "x.yaml")
        #expect(definition.title == "Demo survey")
        #expect(definition.field(named: "rating")?.label == "Rating")
        #expect(definition.field(named: "rating")?.nets.first?.label == "Fair or better")
        #expect(definition.banner(named: "region")?.totalLabel == "All")
        let expected: [String: [String: String]] = [
            "title": ["en": "Demo survey", "ko": "데모 조사"],
            "fields.rating": ["en": "Rating", "ko": "평가"],
            "fields.rating.9": ["en": "Not rated", "ko": "평가 안 함"],
            "fields.rating.net1": ["en": "Fair or better", "ko": "보통 이상"],
            "fields.apps.app_a": ["en": "App A", "ko": "앱 A"],
            "banners.region.total": ["en": "All", "ko": "전체"],
            // Table `rating` has no title of its own: its field's label is its title.
            "tables.rating": ["en": "Rating", "ko": "평가"],
        ]
        #expect(definition.translations.mapValues(\.byLanguage) == expected)
        // A plain string says every language.
        #expect(definition.text(TextKey.answer("rating", "1"), "Poor", in: "ko") == "Poor")
        // The base says the excluded answer in the page's language.
        let words = BaseWords(
            everyone: "전체 응답자", or: " 또는 ", comma: ", ", excludingBefore: " (", excludingAfter: " 제외)",
            capitalized: false)
        let table = try #require(definition.tables.first { $0.name == "rating" })
        #expect(definition.baseText(of: table, language: "ko", words: words) == "전체 응답자 (평가 안 함 제외)")
        #expect(definition.baseText(of: table) == "All respondents (excluding Not rated)")
    }

    @Test("The first language listed is the tab book's")
    func firstLanguage() throws {
        let definition = try DefinitionLoader.load(yaml: Self.korean(languages: "[ko, en]"), path: "x.yaml")
        #expect(definition.title == "데모 조사")
        #expect(definition.field(named: "rating")?.label == "평가")
        #expect(definition.tables.first { $0.name == "rating" }?.title == "평가")
    }

    @Test("A text per language must have every published language, and only those")
    func missingOrUnknownLanguage() throws {
        let missing = Self.korean(languages: "[en, ko, ar]")
        let error = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: missing, path: "x.yaml") }
        let message = error.map { "\($0)" } ?? ""
        // Each text lacks its Arabic: each field, banner and the title is reported at its key path.
        for keyPath in [
            "'title.ar'", "'fields[1].label.ar'", "'fields[2].options[0].label.ar'", "'banners[0].total.ar'",
        ] {
            #expect(message.contains(keyPath), "\(message)")
        }
        #expect(message.contains("report.languages publishes en, ko, ar"), "\(message)")

        let unknown = Self.korean().replacingOccurrences(of: "ko: 평가}", with: "ko: 평가, fr: Note}")
        let unknownError = #expect(throws: TallyError.self) { try DefinitionLoader.load(yaml: unknown, path: "x.yaml") }
        let unknownMessage = unknownError.map { "\($0)" } ?? ""
        #expect(unknownMessage.contains("fields[1].label.fr"), "\(unknownMessage)")
    }
}
