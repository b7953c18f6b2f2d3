/// Column significance tests: the confidence levels and the multiple-comparison
/// correction (`significance` in the definition).
public struct SignificanceSpec: Sendable, Equatable {
    /// How p-values of one row's pairwise tests in one banner are adjusted.
    public enum Correction: String, Sendable, CaseIterable {
        /// Each test on its own.
        case none
        /// p times the number of tests in the family (at most 1).
        case bonferroni
        /// Benjamini–Hochberg step-up adjustment within the family.
        case benjaminiHochberg = "benjamini_hochberg"
    }

    /// How the variance of a difference between two columns is worked out.
    public enum Method: String, Sendable, CaseIterable {
        /// From the design's linearization of both columns' estimates together, their
        /// covariance through the weighting included (R: `svyby(..., covmat = TRUE)`
        /// then `svycontrast`).
        case design
        /// As two independent samples of their effective bases (a pooled two-proportion
        /// test; for means, the two standard errors as if independent): the legacy test
        /// of tab software, for reproducing its tables.
        case effectiveBase = "effective_base"
    }

    /// What each lettered column is compared with.
    public enum Comparison: String, Sendable, CaseIterable {
        /// Every other lettered column of its banner (letters).
        case columns
        /// The rest of the sample: every respondent of the table's base outside the
        /// column (its complement), marked above or below.
        case rest
    }

    /// One or two confidence levels in (0.5, 1), increasing.
    public var levels: [Double]
    public var correction: Correction
    /// The smallest base (measured as `LowBaseSpec.base` says) of a column that is
    /// tested; nil for the low-base flag threshold. A column below it is neither
    /// tested nor a letter in other columns' tests.
    public var minimumBase: Double?
    public var method: Method
    /// The comparisons made, in the order their markers are written: one or both.
    public var compare: [Comparison]

    public init(
        levels: [Double] = [0.95], correction: Correction = .none, minimumBase: Double? = nil,
        method: Method = .design, compare: [Comparison] = [.columns]
    ) {
        self.levels = levels
        self.correction = correction
        self.minimumBase = minimumBase
        self.method = method
        self.compare = compare
    }
}

/// Low-base rules (`low_base` in the definition): a column whose base is below
/// `flag` is flagged `low_base`; below `suppress` its estimates are left empty.
public struct LowBaseSpec: Sendable, Equatable {
    /// Which base the thresholds apply to.
    public enum Measure: String, Sendable, CaseIterable {
        case unweighted
        /// Kish's effective base.
        case effective
    }

    public var flag: Double
    public var suppress: Double
    public var base: Measure

    public init(flag: Double = 100, suppress: Double = 30, base: Measure = .unweighted) {
        self.flag = flag
        self.suppress = suppress
        self.base = base
    }
}
