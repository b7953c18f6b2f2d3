/// Numbers said in English words at the start of a report's sentences, and the
/// simple fraction a natural frequency says (see `ReportLanguage` for every language's forms).
enum ReadableNumbers {
    /// `Eighty-one percent`: the rounded percent in words, capitalised.
    static func spelledPercent(_ value: Double) -> String {
        capitalized(words(Int(value.rounded()))) + " percent"
    }

    /// A whole number from 0 to 100 in English words (`eighty-one`).
    static func words(_ number: Int) -> String {
        let ones = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        switch number {
        case ..<0: return "minus " + words(-number)
        case 0..<20: return ones[number]
        case 20..<100: return tens[number / 10] + (number % 10 == 0 ? "" : "-" + ones[number % 10])
        case 100: return "one hundred"
        default: return String(number)
        }
    }

    /// A simple fraction for a share: the one with the smallest denominator (2 to 10)
    /// inside the estimate's 95% interval, the closest to the estimate among equals;
    /// nil when none is inside.
    /// - Parameters:
    ///   - value: the estimate, in percent.
    ///   - interval: its 95% interval, in percent.
    static func simpleFraction(_ value: Double, within interval: ClosedRange<Double>) -> (Int, Int)? {
        for denominator in 2...10 {
            let candidates = (1..<denominator).filter { numerator in
                let share = 100 * Double(numerator) / Double(denominator)
                return interval.contains(share) && greatestDivisor(numerator, denominator) == 1
            }
            let closest = candidates.min { a, b in
                abs(100 * Double(a) / Double(denominator) - value) < abs(100 * Double(b) / Double(denominator) - value)
            }
            if let closest { return (closest, denominator) }
        }
        return nil
    }

    /// `Four out of five` at the start of a sentence (the spelled percent when there is no fraction).
    static func spelledFrequency(_ value: Double, within interval: ClosedRange<Double>?) -> String {
        guard let interval, let (numerator, denominator) = simpleFraction(value, within: interval) else {
            return spelledPercent(value)
        }
        return capitalized(words(numerator)) + " out of " + words(denominator)
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    private static func greatestDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestDivisor(b, a % b)
    }
}
