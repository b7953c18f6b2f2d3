import Benchmark
import TallyAggregator
import TallyModel
import TallyWeighter

/// The kernels `tally run` spends its time in, each on inputs built in setup:
/// the CSV scanner, the crosstab core, raking and the tables' finishing.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2), maxIterations: 50)

    Benchmark(
        "CSV scan: RespondentReader over a plain CSV (20,000 respondents, 2023 edition)",
        closure: { (benchmark: Benchmark, inputs: KernelInputs) in
            do {
                let reader = try inputs.reader()
                var rows = 0
                while let batch = try reader.nextBatch() { rows += batch.count }
                guard reader.rowsRead >= KernelInputs.respondents, reader.decodedBytes == inputs.csvBytes else {
                    benchmark.error("the reader read \(reader.rowsRead) rows, \(reader.decodedBytes) bytes")
                    return
                }
                blackHole(rows)
            } catch {
                benchmark.error("\(error)")
            }
        },
        setup: { try KernelInputs() }, teardown: { KernelInputs.remove() })

    Benchmark(
        "Crosstab core: AggregateState.add over cleaned batches (20,000 respondents)",
        closure: { (benchmark: Benchmark, input: CrosstabInput) in
            let (plan, batches) = (input.plan, input.batches)
            var state = plan.makeState()
            for (batch, cells) in batches { state.add(batch, cells: cells, plan: plan) }
            let expected = batches.reduce(0) { $0 + $1.batch.count }
            guard state.respondentCount == expected else {
                benchmark.error("\(state.respondentCount) respondents aggregated, \(expected) expected")
                return
            }
            blackHole(state)
        },
        setup: {
            let inputs = try KernelInputs()
            defer { KernelInputs.remove() }
            return CrosstabInput(plan: inputs.plan, batches: try inputs.cleanedBatches())
        })

    Benchmark(
        "Raking: Weighter.weigh on the weighting-cell table (2023 edition's four margins)",
        closure: { (benchmark: Benchmark, input: RakingInput) in
            let census = input.state.census
            do {
                let result = try input.weighter.weigh(
                    counts: census.counts, weights: census.weights, squares: census.squares,
                    minimumBase: input.state.minimumBase, maximumBase: input.state.maximumBase)
                guard let raking = result.raking, raking.marginError <= input.tolerance else {
                    benchmark.error("raking did not reach the targets")
                    return
                }
                blackHole(result)
            } catch {
                benchmark.error("\(error)")
            }
        },
        setup: {
            let inputs = try KernelInputs()
            defer { KernelInputs.remove() }
            var state = inputs.plan.makeState()
            for (batch, cells) in try inputs.cleanedBatches() { state.add(batch, cells: cells, plan: inputs.plan) }
            let weighter = Weighter(definition: inputs.definition, cellSpace: inputs.plan.cellSpace)
            return RakingInput(
                weighter: weighter, state: state, tolerance: inputs.definition.weighting?.tolerance ?? 0)
        })

    Benchmark(
        "Table finishing: every table's estimates, standard errors and column tests (2023 edition, 20,000 respondents)",
        closure: { (benchmark: Benchmark, input: FinishingInput) in
            var rowCount = 0
            var differenceCount = 0
            for table in input.definition.tables.indices {
                let finished = input.finisher.finished(ofTable: table, state: input.state, cellFactors: input.factors)
                let (marked, differences) = ColumnTests.markWithDifferences(
                    finished, significance: input.definition.significance, lowBase: input.definition.lowBase)
                rowCount += marked.count
                differenceCount += differences.count
                blackHole(marked)
            }
            guard rowCount > 0, differenceCount > 0 else {
                benchmark.error("\(rowCount) rows and \(differenceCount) differences finished")
                return
            }
        },
        setup: {
            let inputs = try KernelInputs()
            defer { KernelInputs.remove() }
            var state = inputs.plan.makeState()
            for (batch, cells) in try inputs.cleanedBatches() { state.add(batch, cells: cells, plan: inputs.plan) }
            let census = state.census
            let weighter = Weighter(definition: inputs.definition, cellSpace: inputs.plan.cellSpace)
            let factors = try weighter.weigh(
                counts: census.counts, weights: census.weights, squares: census.squares,
                minimumBase: state.minimumBase, maximumBase: state.maximumBase
            ).weights.factors
            let linearization = Linearization(margins: weighter.marginCategories, census: census, factors: factors)
            return FinishingInput(
                definition: inputs.definition, state: state, factors: factors,
                finisher: TableFinisher(plan: inputs.plan, linearization: linearization))
        })
}
