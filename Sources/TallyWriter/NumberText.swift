import Foundation
import Synchronization

/// Numbers written for people: `14,321`, `12.5`.
public enum NumberText {
    /// One formatter per number of decimals, made once: making a `NumberFormatter`
    /// costs far more than formatting with it.
    private static let formatters = Mutex<[Int: NumberFormatter]>([:])

    /// The number with thousands separators and at most `fractionDigits` decimals (none when whole).
    public static func grouped(_ value: Double, fractionDigits: Int = 0) -> String {
        formatters.withLock { formatters in
            let formatter = formatters[fractionDigits] ?? makeFormatter(fractionDigits: fractionDigits)
            formatters[fractionDigits] = formatter
            return formatter.string(from: NSNumber(value: value)) ?? String(value)
        }
    }

    private static func makeFormatter(fractionDigits: Int) -> NumberFormatter {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.maximumFractionDigits = fractionDigits
        return formatter
    }
}
