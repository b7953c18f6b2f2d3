import Foundation

/// Numbers written for people: `14,321`, `12.5`.
public enum NumberText {
    /// The number with thousands separators and at most `fractionDigits` decimals (none when whole).
    public static func grouped(_ value: Double, fractionDigits: Int = 0) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.maximumFractionDigits = fractionDigits
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
