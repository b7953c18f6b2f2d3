import TallyModel
import TallyWeighter
import TallyWriter

extension Manifest.Weighting {
    /// The manifest's account of a weighting result.
    init(_ result: Weighter.Result, spec: WeightingSpec?) {
        self.init(
            method: result.raking == nil ? "base weights" : "raking", sweeps: result.raking?.sweeps,
            marginError: result.raking?.marginError, lastChange: result.raking?.lastChange,
            minimumWeight: result.minimumWeight, maximumWeight: result.maximumWeight, meanWeight: result.meanWeight,
            efficiency: result.weights.efficiency, effectiveBase: result.weights.effectiveBase,
            assumedMargins: spec?.margins.filter(\.isAssumption).map(\.field) ?? [],
            scale: spec?.population == nil ? "sample" : "population", population: spec?.population)
    }
}
