import Foundation

/// Upper tail probabilities of the chi-square and F distributions, for the tests of
/// independence, from the regularized incomplete gamma and beta functions (series
/// and Lentz's continued fractions, as in Numerical Recipes §6.2 and §6.4): to about
/// 1e-12 relative, 1e-10 with degrees of freedom in the tens of thousands (the
/// log-gamma functions' rounding). Degrees of freedom may be fractional (Rao-Scott's).
public enum Distributions {
    /// P(X > x) for X ~ χ² with `degrees` degrees of freedom: Q(ν/2, x/2).
    public static func chiSquareUpper(_ x: Double, degrees: Double) -> Double {
        guard x > 0 else { return 1 }
        return upperGamma(degrees / 2, x / 2)
    }

    /// P(X > f) for X ~ F(d1, d2): I_{d2/(d2 + d1 f)}(d2/2, d1/2).
    public static func fUpper(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        guard f > 0 else { return 1 }
        return regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2)
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // The series of P(a, x) = e^(-x) x^a / Γ(a) Σ x^n / (a (a + 1) … (a + n)).
            var term = 1 / a, sum = term, next = a
            for _ in 0..<100_000 {
                next += 1
                term *= x / next
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        // The continued fraction of Q(a, x), by the modified Lentz method.
        var b = x + 1 - a
        var c = 1 / Double.leastNormalMagnitude
        var d = 1 / b
        var h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < .leastNormalMagnitude { d = .leastNormalMagnitude }
            c = b + an / c
            if abs(c) < .leastNormalMagnitude { c = .leastNormalMagnitude }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }

    /// The regularized incomplete beta function I_x(a, b).
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logPrefix = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast below the mean; above it, by symmetry.
        if x < (a + 1) / (a + b + 2) {
            return exp(logPrefix) * betaFraction(x, a, b) / a
        }
        return 1 - exp(logPrefix) * betaFraction(1 - x, b, a) / b
    }

    /// The continued fraction of the incomplete beta function, by the modified Lentz method.
    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = Double.leastNormalMagnitude
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1..<100_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
