import TallyModel

extension Manifest {
    /// Which column tests a run made (`significance` in its definition), so that a
    /// reader of its tables and differences knows what the letters and markers mean.
    public struct ColumnTests: Codable, Sendable, Equatable {
        /// `design` (the difference's variance from the design, the covariance
        /// included) or `effective_base` (independent samples of their effective bases).
        public var method: String
        /// `columns`, `rest` or both, in the order the markers are written.
        public var compare: [String]
        /// The confidence levels, increasing.
        public var levels: [Double]
        /// `none`, `bonferroni` or `benjamini_hochberg`.
        public var correction: String
        /// The smallest base of a tested column.
        public var minimumBase: Double

        public init(_ significance: SignificanceSpec, lowBase: LowBaseSpec) {
            method = significance.method.rawValue
            compare = significance.compare.map(\.rawValue)
            levels = significance.levels.sorted()
            correction = significance.correction.rawValue
            minimumBase = significance.minimumBase ?? lowBase.flag
        }
    }
}
