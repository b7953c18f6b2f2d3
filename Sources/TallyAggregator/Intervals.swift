import Foundation

/// 95% confidence intervals from an estimate and its standard error: on the logit
/// scale for percentages (as R `survey`'s `svyciprop(method = "logit")`, with the
/// normal quantile), on the log scale for ratios, and symmetric for means.
enum Intervals {
    /// The normal quantile for 95%.
    static let z = 1.959963984540054

    /// A percentage's interval, in percent; nil at 0% and 100%, where the logit has none.
    static func percent(_ percent: Double, standardError: Double) -> ClosedRange<Double>? {
        let p = percent / 100, se = standardError / 100
        guard p > 0, p < 1, se.isFinite else { return nil }
        let logit = log(p / (1 - p)), half = z * se / (p * (1 - p))
        func expit(_ x: Double) -> Double { 100 / (1 + exp(-x)) }
        return expit(logit - half)...expit(logit + half)
    }

    /// mean ± z · se.
    static func mean(_ mean: Double, standardError: Double) -> ClosedRange<Double>? {
        guard standardError.isFinite else { return nil }
        return mean - z * standardError...mean + z * standardError
    }

    /// A ratio's interval on the log scale.
    static func ratio(_ ratio: Double, standardError: Double) -> ClosedRange<Double>? {
        guard ratio > 0, standardError.isFinite else { return nil }
        let half = z * standardError / ratio
        return ratio * exp(-half)...ratio * exp(half)
    }
}
