import Foundation

/// 95% confidence intervals on Kish's effective base, the approximation tab
/// software uses for weighted data: the weighting's loss of precision is
/// carried by n_eff = (Σw)² / Σw² in place of the respondent count.
enum Intervals {
    /// The normal quantile for 95%.
    static let z = 1.959963984540054

    /// Wilson's interval for a percentage `percent` on effective base `n`, in percent.
    static func percent(_ percent: Double, effectiveBase n: Double) -> ClosedRange<Double>? {
        guard n > 0, percent.isFinite else { return nil }
        let p = percent / 100, zz = z * z
        let centre = (p + zz / (2 * n)) / (1 + zz / n)
        let half = z * (p * (1 - p) / n + zz / (4 * n * n)).squareRoot() / (1 + zz / n)
        return 100 * max(0, centre - half)...100 * min(1, centre + half)
    }

    /// mean ± z · sd / √n_eff.
    static func mean(_ mean: Double, standardDeviation sd: Double, effectiveBase n: Double) -> ClosedRange<Double>? {
        guard n > 0, sd.isFinite else { return nil }
        let half = z * sd / n.squareRoot()
        return mean - half...mean + half
    }

    /// An interval for a ratio of two disjoint shares `a` and `b` of one base, on the log scale:
    /// Var(log a − log b) = (1 − a)/(n a) + (1 − b)/(n b) + 2/n for multinomial shares.
    static func ratio(shareAbove a: Double, shareBelow b: Double, effectiveBase n: Double) -> ClosedRange<Double>? {
        guard n > 0, a > 0, b > 0 else { return nil }
        let se = ((1 - a) / (n * a) + (1 - b) / (n * b) + 2 / n).squareRoot()
        let ratio = a / b
        return ratio * exp(-z * se)...ratio * exp(z * se)
    }
}
