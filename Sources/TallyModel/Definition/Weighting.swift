/// Raking targets and the rules a run's weights must satisfy.
public struct WeightingSpec: Sendable {
    /// The margins raked to, in the order each sweep visits them.
    public var margins: [Margin]
    /// Convergence: the largest distance allowed between a weighted margin share
    /// and its target share.
    public var tolerance: Double
    /// The most sweeps (passes over every margin) before the run fails.
    public var maxSweeps: Int
    /// Bounds on the weighting adjustment (final weight / base weight), or nil.
    public var caps: WeightCaps?
    /// Limits whose breach fails the run.
    public var limits: WeightLimits
    /// The population total the weights are grossed up to, or nil to leave them adding
    /// up to the base weights' total (the sample's scale).
    public var population: Double?

    public init(
        margins: [Margin], tolerance: Double, maxSweeps: Int, caps: WeightCaps?, limits: WeightLimits,
        population: Double? = nil
    ) {
        self.margins = margins
        self.tolerance = tolerance
        self.maxSweeps = maxSweeps
        self.caps = caps
        self.limits = limits
        self.population = population
    }

    /// The fields whose categories the margins use.
    public var fields: [String] {
        margins.flatMap { margin in [margin.within, margin.field].compactMap { $0 } }
    }
}

/// One raking margin: the population shares of a categorical field's categories,
/// optionally within each category of another field (generation within country).
public struct Margin: Sendable, Equatable {
    /// The categorical field.
    public var field: String
    /// The grouping field for nested targets, or nil.
    public var within: String?
    /// Target shares of the whole population, indexed `group * categoryCount + category`
    /// (just `category` without `within`); they sum to 1.
    public var targets: [Double]
    /// True when the targets are assumptions rather than published figures.
    public var isAssumption: Bool
    /// Where the targets come from.
    public var source: String
    /// What a respondent without a valid value of `field` is weighted as: the index of
    /// one of its categories, or nil to reject such respondents (rule
    /// `missing_weighting_variable`). A `within` field's own margin says how its missing
    /// values are treated.
    public var imputeMissing: Int?

    public init(
        field: String, within: String?, targets: [Double], isAssumption: Bool, source: String,
        imputeMissing: Int? = nil
    ) {
        self.field = field
        self.within = within
        self.targets = targets
        self.isAssumption = isAssumption
        self.source = source
        self.imputeMissing = imputeMissing
    }
}

/// Bounds on the weighting adjustment g = final weight / base weight, as R
/// `survey`'s `calibrate(..., bounds = c(min, max))`. Without base weights and with
/// shares as targets the mean weight is 1, so they bound the weight relative to the mean.
public struct WeightCaps: Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double

    public init(minimum: Double, maximum: Double) {
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// Limits on the weights; breaking one fails the run with exit 65.
public struct WeightLimits: Sendable, Equatable {
    /// The smallest Kish efficiency allowed (0...1).
    public var minimumEfficiency: Double?
    /// The largest adjustment factor allowed.
    public var maximumWeight: Double?
    /// The largest margin distance allowed after raking (defaults to the tolerance).
    public var maximumMarginError: Double?

    public init(minimumEfficiency: Double? = nil, maximumWeight: Double? = nil, maximumMarginError: Double? = nil) {
        self.minimumEfficiency = minimumEfficiency
        self.maximumWeight = maximumWeight
        self.maximumMarginError = maximumMarginError
    }
}
