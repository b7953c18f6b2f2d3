import TallyModel

/// The languages a definition's texts are written in, and the texts it writes once
/// per language, gathered while its sections are read.
final class TextCollector {
    /// The languages the report publishes (`report.languages`), the first the
    /// definition's own; nil while unknown (a `report.languages` that is not valid).
    var languages: [String]? = ["en"]
    /// The texts written per language, by `TextKey`.
    private(set) var translations: [String: LocalizedText] = [:]

    /// The language of the tab book, the tidy files and the definition's own strings.
    var first: String { languages?.first ?? "en" }

    /// Keeps a text written per language.
    func keep(_ text: LocalizedText, as key: String) {
        translations[key] = text
    }

    /// Keeps the texts of `key` (when written per language) under `other` too.
    func copy(_ key: String, to other: String) {
        translations[other] = translations[key]
    }
}

/// Texts for people: a plain string says a text in every language; a mapping of
/// language tags (`{en: Consumers, ko: 소비자}`) says it once per language the
/// report publishes, every one of them required.
extension DefinitionParser {
    /// The languages a report can be published in: those Tally's own report words
    /// are written in.
    static let reportLanguages = ["en", "zh-Hant", "ko", "ar"]

    /// A label or title: the first language's text, the others kept under `key`
    /// (nil for a text the report never shows).
    /// - Parameter what: what the text is, for messages (`a label`).
    func label(_ value: YAMLValue, key: String?, what: String = "a label") throws -> String {
        let text = try localized(value, what: what)
        guard text.byLanguage["*"] == nil else { return text.text(in: texts.first) }
        if let key { texts.keep(text, as: key) }
        return text.text(in: texts.first)
    }

    /// A text for every language (a plain string), or a mapping with each language
    /// the report publishes.
    func localized(_ value: YAMLValue, what: String = "text") throws -> LocalizedText {
        guard case .mapping = value.node else { return LocalizedText(try value.text(what)) }
        let languages = texts.languages ?? Self.reportLanguages
        let map = try value.mapping(allowed: languages, what: "\(what) per language of report.languages")
        var byLanguage: [String: String] = [:]
        for language in languages {
            if texts.languages == nil {
                // report.languages failed (reported there): read what is written.
                byLanguage[language] = try map.optional(language)?.text("the \(language) text")
                continue
            }
            let hint =
                "report.languages publishes \(Phrase.list(languages)), and a text written per language needs each"
            byLanguage[language] = try map.required(language, hint: hint).text("the \(language) text")
        }
        return LocalizedText(byLanguage: byLanguage)
    }

    /// `report.languages`, read before the sections whose texts it governs; nil when
    /// it is not valid (its problem is reported with the report).
    func languagesAhead(_ top: YAMLMapping) -> [String]? {
        guard let report = top.optional("report") else { return ["en"] }
        return try? parseLanguages(
            report.mapping(allowed: Self.reportKeys, what: "report").optional("languages"))
    }

    /// `languages`: known languages, each once (default: English).
    func parseLanguages(_ value: YAMLValue?) throws -> [String] {
        guard let value else { return ["en"] }
        var languages: [String] = []
        for item in try value.nonEmptyList(example: "[en, ko]") {
            let language = try item.text("a language tag")
            guard Self.reportLanguages.contains(language) else {
                throw item.error(
                    "a report cannot be published in '\(language)': Tally's own words in it (headings, notes, methods) exist in \(Phrase.alternatives(Self.reportLanguages)) only"
                )
            }
            guard !languages.contains(language) else { throw item.error("language '\(language)' is listed twice") }
            languages.append(language)
        }
        return languages
    }
}
