import TallyModel
import TallyWriter

/// One language a report is published in: its direction, its fonts, how it says
/// numbers, and Tally's own words in it.
struct ReportLanguage {
    /// The language tag (`en`, `zh-Hant`, `ko`, `ar`), the page's `lang` and file name.
    let tag: String
    /// Whether the page reads right to left (its charts are mirrored).
    let rightToLeft: Bool
    /// The CSS font stack: the system's fonts for the script, Debian's Noto among them.
    let fonts: String
    /// The percent sign written after the number: `%`, or Arabic's `٪`.
    let percentSign: String
    /// A natural frequency: `{1} out of {2}` (1 the numerator, 2 the denominator).
    let frequencyPattern: String
    /// Whether a frequency with no simple fraction inside the interval is said out of a
    /// hundred (`100명 중 81명`, so that a sentence's grammar holds) rather than as a percent.
    let frequencyOutOfHundred: Bool
    /// Whether `{Percent}` and `{Frequency}` spell the number out in words (English only;
    /// elsewhere they are `{percent}` and `{frequency}`).
    let spellsNumbers: Bool
    /// Tally's own words: headings, notes and the methods' sentences.
    let words: ReportWords

    /// The languages Tally's report words are written in.
    static let all = [english, traditionalChinese, korean, arabic]

    /// The language with this tag; English for a tag the definition would not accept.
    static func named(_ tag: String) -> ReportLanguage {
        all.first { $0.tag == tag } ?? english
    }

    /// `81%`, `81٪`: a rounded percent.
    func percent(_ value: Double) -> String {
        "\(Int(value.rounded()))" + percentSign
    }

    /// `Eighty-one percent` in English; the rounded percent elsewhere.
    func spelledPercent(_ value: Double) -> String {
        spellsNumbers ? ReadableNumbers.spelledPercent(value) : percent(value)
    }

    /// `4 out of 5`: the simplest fraction inside the estimate's interval (see
    /// `ReadableNumbers.simpleFraction`); without one, the percent, or the count out of a hundred.
    func frequency(_ value: Double, within interval: ClosedRange<Double>?) -> String {
        if let interval, let (numerator, denominator) = ReadableNumbers.simpleFraction(value, within: interval) {
            return ReportWords.fill(frequencyPattern, String(numerator), String(denominator))
        }
        return frequencyOutOfHundred
            ? ReportWords.fill(frequencyPattern, String(Int(value.rounded())), "100") : percent(value)
    }

    /// `Four out of five` at the start of an English sentence; `frequency` elsewhere.
    func spelledFrequency(_ value: Double, within interval: ClosedRange<Double>?) -> String {
        spellsNumbers
            ? ReadableNumbers.spelledFrequency(value, within: interval) : frequency(value, within: interval)
    }

    /// Text that must read left to right even inside right-to-left text (a date
    /// `2023-05-03`, a signed change `+1.2`): isolated (Unicode LRI … PDI) on a
    /// right-to-left page, where the bidirectional algorithm would otherwise set the
    /// parts of `2023-05-03` as `03-05-2023`; as it is elsewhere.
    func isolated(_ text: String) -> String {
        rightToLeft ? "\u{2066}" + text + "\u{2069}" : text
    }

    /// A number with group separators and `fractionDigits` decimals (`1,234.5`): every
    /// language here writes Western digits with a comma between groups and a point before decimals.
    func number(_ value: Double, fractionDigits: Int = 0) -> String {
        NumberText.grouped(value, fractionDigits: fractionDigits)
    }

    static let english = ReportLanguage(
        tag: "en", rightToLeft: false, fonts: #""Liberation Sans", Arial, "Noto Sans", sans-serif"#,
        percentSign: "%", frequencyPattern: "{1} out of {2}", frequencyOutOfHundred: false, spellsNumbers: true,
        words: .english)

    static let traditionalChinese = ReportLanguage(
        tag: "zh-Hant", rightToLeft: false,
        fonts:
            #""Liberation Sans", Arial, "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif"#,
        percentSign: "%", frequencyPattern: "每{2}人中有{1}人", frequencyOutOfHundred: true, spellsNumbers: false,
        words: .traditionalChinese)

    static let korean = ReportLanguage(
        tag: "ko", rightToLeft: false,
        fonts:
            #""Liberation Sans", Arial, "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif"#,
        percentSign: "%", frequencyPattern: "{2}명 중 {1}명", frequencyOutOfHundred: true, spellsNumbers: false,
        words: .korean)

    static let arabic = ReportLanguage(
        tag: "ar", rightToLeft: true,
        fonts: #""Noto Sans Arabic", "Noto Naskh Arabic", "Geeza Pro", Tahoma, "Liberation Sans", sans-serif"#,
        percentSign: "٪", frequencyPattern: "{1} من كل {2}", frequencyOutOfHundred: true, spellsNumbers: false,
        words: .arabic)
}
