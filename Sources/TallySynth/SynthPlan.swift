import TallyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A definition compiled for generation: flat tables of small integers and
/// probabilities that the per-respondent loop reads without hashing names,
/// allocating or retaining anything.
///
/// A respondent lives in three arrays of slots: a category index per categorical
/// field (single, scale or bins; -1 blank, `categoryCount` the out-of-domain code),
/// a scaled integer per numeric field (`Int64.min` blank; the value times
/// 10^decimals), and a state per multi-select option (0, 1, or 2 blank).
/// `steps` fill them in a fixed order; `columns` write them out.
struct SynthPlan: Sendable {
    /// One generation step.
    struct Step: Sendable {
        enum Kind: Sendable {
            /// A category from cumulative shares (a sample field or a single/scale answer).
            case categorical
            /// A bin from cumulative shares, then its source value uniformly (whole numbers) within it.
            case bins
            /// An independent mention per option.
            case mentions
            /// A normal value, clamped to a range and rounded to a multiple of a step.
            case normal
            /// A lognormal duration in whole seconds.
            case duration
            /// The bin an already generated source value falls in.
            case deriveBin
        }

        var kind: Kind
        /// The categorical slot (categorical, bins, deriveBin), the first option
        /// (mentions) or the numeric slot (normal, duration) written.
        var target: Int
        /// Categories or options.
        var count: Int
        /// The categorical slot whose category picks the parameters, or -1 (one group).
        var by = -1
        /// Where the step's groups start in `groups`: `groupCount` entries, then the fallback.
        var groupBase = 0
        var groupCount = 1
        /// The categorical slot deciding who is asked, or -1 (everyone).
        var askedSlot = -1
        /// Where the asked categories' flags start in `asked`.
        var askedBase = 0
        /// Bins: the numeric slot of the source.
        var source = -1
        /// Where the step's constants start in `constants`: bins, `(lower, upper)` per
        /// bin; normal, `(lower, upper, round)`; duration, `(log median, spread, lower, upper)`.
        var constantBase = 0
        /// Normal: the rounding step in units of the slot's last decimal.
        var roundScaled: Int64 = 1
    }

    /// One column of the files, in header order.
    enum Column: Sendable {
        case id
        case weight
        case categorical(Int)
        case option(Int)
        case numeric(Int)
    }

    /// A unit the `blank` mess can empty: one answer.
    enum BlankUnit: Sendable {
        case categorical(Int)
        case options(start: Int, count: Int)
        case numeric(Int)
    }

    /// A straight-liner grid: its items' categorical slots, and the codes all items
    /// share as category indices, `codes[shared * items.count + item]`.
    struct Grid: Sendable {
        var items: [Int]
        var codes: [Int]
    }

    var categoricalCount = 0
    var numericCount = 0
    var optionCount = 0
    var steps: [Step] = []
    /// Per step and group, an offset into `probabilities`, or -1 for no answer.
    var groups: [Int] = []
    /// Cumulative shares (categorical, bins), mention probabilities, or (mean, sd) pairs.
    var probabilities: [Double] = []
    var asked: [Bool] = []
    var constants: [Double] = []

    var columns: [Column] = []
    /// The header's column names, in order (filler excluded).
    var columnNames: [String] = []
    /// Columns no definition reads, written after the others, or nil.
    var filler: FillerColumns?
    /// The header line, CSV-escaped, with its line end.
    var header: [UInt8] = []
    /// The escaped bytes of categorical codes: slot `s`, category `c` is
    /// `codeBytes[codeBounds[codeBase[s] + c] ..< codeBounds[codeBase[s] + c + 1]]`;
    /// category `categoryCounts[s]` is the slot's out-of-domain code.
    var codeBytes: [UInt8] = []
    var codeBounds: [Int] = []
    var codeBase: [Int] = []
    var categoryCounts: [Int] = []
    /// Whether every code of a categorical slot is written without quotes.
    var plainCodes: [Bool] = []
    /// Decimals written per numeric slot, and 10^decimals.
    var decimals: [Int] = []
    var scales: [Int64] = []

    var blankUnits: [BlankUnit] = []
    var grids: [Grid] = []
    /// Categorical slots written as columns (single and scale fields), the out-of-domain candidates.
    var outOfDomainSlots: [Int] = []
    /// The duration's numeric slot and the largest speeder duration (below 20% of the median).
    var speeder: (slot: Int, maximum: Int64)?
    var mess: MessRates
    /// Digits of the largest respondent number.
    var idWidth = 1
    /// Columns `j` whose value and the next column's are never quoted, so a broken
    /// quote can swallow the comma between them.
    var mergeableColumns: [Int] = []
}

/// Compiles a definition into a `SynthPlan`, checking that everything the model
/// refers to exists and fits.
struct SynthPlanBuilder {
    private let definition: PipelineDefinition
    private let synthesis: SynthesisSpec
    private var plan: SynthPlan
    /// The categorical slot of each field, by field index.
    private var categoricalSlot: [Int: Int] = [:]
    /// The numeric slot of each numeric field, by field index.
    private var numericSlot: [Int: Int] = [:]
    /// The first option of each multi field, by field index.
    private var optionStart: [Int: Int] = [:]
    private var indexByName: [String: Int] = [:]
    /// Categorical slots whose category is known once the steps so far have run.
    private var available: Set<Int> = []
    /// Numeric slots some step writes.
    private var produced: Set<Int> = []
    /// Fields generated by a sample or answer step (or written as a bins source).
    private var generated: Set<Int> = []

    /// Compiles a definition.
    /// - Throws: `TallyError.usage` when it has no `synthesis`; `TallyError.definition`
    ///   naming the key path of anything that does not fit.
    static func build(_ source: SynthesisDefinition, mess: MessRates?, respondents: Int) throws -> SynthPlan {
        let definition = source.definition
        guard let synthesis = source.synthesis else {
            throw TallyError.usage(
                "\(definition.sourcePath): the definition has no 'synthesis' section, so there is nothing to generate respondents from"
            )
        }
        var builder = SynthPlanBuilder(definition: definition, synthesis: synthesis, mess: mess ?? synthesis.mess)
        builder.layOut()
        try builder.addSample()
        try builder.addDuration()
        try builder.addAnswers()
        try builder.checkEveryColumnIsGenerated()
        builder.addGrids()
        builder.addMergeableColumns()
        builder.plan.idWidth = String(respondents).count
        return builder.plan
    }

    private init(definition: PipelineDefinition, synthesis: SynthesisSpec, mess: MessRates) {
        self.definition = definition
        self.synthesis = synthesis
        self.plan = SynthPlan(mess: mess)
    }

    private func error(_ keyPath: String, _ message: String) -> TallyError {
        Self.error(definition.sourcePath, keyPath, message)
    }

    private static func error(_ file: String, _ keyPath: String, _ message: String) -> TallyError {
        .definition(file: file, keyPath: keyPath, line: nil, message: message)
    }

    // MARK: Layout

    /// Gives every field its slots and every read column its place in the header.
    private mutating func layOut() {
        var names: [String] = [definition.input.idColumn]
        plan.columns = [.id]
        if let weight = definition.input.weightColumn {
            names.append(weight)
            plan.columns.append(.weight)
        }
        for (index, field) in definition.fields.enumerated() {
            indexByName[field.name] = index
            if case .single(let spec) = field.kind {
                let slot = addCategoricalSlot(codes: spec.categories.map(\.code))
                categoricalSlot[index] = slot
                plan.outOfDomainSlots.append(slot)
                plan.columns.append(.categorical(slot))
                names.append(spec.column)
            } else if case .bins(let spec) = field.kind {
                categoricalSlot[index] = addCategoricalSlot(codes: spec.bins.map(\.category.code))
            } else if case .multi(let spec) = field.kind {
                optionStart[index] = plan.optionCount
                for option in spec.options {
                    plan.columns.append(.option(plan.optionCount))
                    plan.optionCount += 1
                    names.append(option.column)
                }
            } else if case .numeric(let spec) = field.kind {
                numericSlot[index] = plan.numericCount
                plan.numericCount += 1
                plan.decimals.append(0)
                plan.scales.append(1)
                plan.columns.append(.numeric(numericSlot[index]!))
                names.append(spec.column)
            }
        }
        plan.columnNames = names
        var header: [UInt8] = []
        for (position, name) in names.enumerated() {
            if position > 0 { header.append(UInt8(ascii: ",")) }
            header.append(contentsOf: escaped(name))
        }
        header.append(UInt8(ascii: "\n"))
        plan.header = header
    }

    /// A categorical slot with its codes' bytes and an out-of-domain code after them.
    private mutating func addCategoricalSlot(codes: [String]) -> Int {
        let slot = plan.categoricalCount
        plan.categoricalCount += 1
        plan.codeBase.append(plan.codeBounds.count)
        plan.categoryCounts.append(codes.count)
        plan.plainCodes.append(!codes.contains(where: needsQuotes))
        for code in codes + [Self.outOfDomainCode(for: codes)] {
            plan.codeBounds.append(plan.codeBytes.count)
            plan.codeBytes.append(contentsOf: escaped(code))
        }
        plan.codeBounds.append(plan.codeBytes.count)
        return slot
    }

    /// A code surely not among `codes`: nines (`99`, `999`...) for integer codes,
    /// else `ZZ`, `ZZZ`...
    static func outOfDomainCode(for codes: [String]) -> String {
        let declared = Set(codes)
        let numeric = !codes.isEmpty && codes.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        var length = 2
        while true {
            let candidate = String(repeating: numeric ? "9" : "Z", count: length)
            // Integer codes compare by value, so `099` would not be new either; nines never have leading zeros.
            if !declared.contains(candidate)
                && !(numeric && codes.contains { Int($0) == Int(candidate) })
            {
                return candidate
            }
            length += 1
        }
    }

    // MARK: Sample

    private mutating func addSample() throws {
        var sampled: [String] = []
        for (position, shares) in synthesis.sample.enumerated() {
            let keyPath = "synthesis.sample.\(shares.field)"
            guard let index = indexByName[shares.field], let slot = categoricalSlot[index] else {
                throw error(keyPath, "'\(shares.field)' is not a declared single-choice, scale or bins field")
            }
            guard !sampled.contains(shares.field) else {
                throw error(keyPath, "'\(shares.field)' is sampled twice")
            }
            var by = -1
            var groupCount = 1
            if let within = shares.within {
                guard sampled.contains(within), let withinIndex = indexByName[within],
                    let withinSlot = categoricalSlot[withinIndex]
                else {
                    throw error(
                        keyPath + ".within",
                        "'\(within)' must be a field sampled before '\(shares.field)' (sample item \(position + 1))")
                }
                by = withinSlot
                groupCount = plan.categoryCounts[withinSlot]
            }
            let count = plan.categoryCounts[slot]
            guard shares.shares.count == groupCount * count else {
                throw error(
                    keyPath,
                    "expected \(groupCount * count) shares (\(count) categories\(groupCount > 1 ? " in each of \(groupCount) groups" : "")), found \(shares.shares.count)"
                )
            }
            var models: [[Double]?] = []
            for group in 0..<groupCount {
                let groupShares = Array(shares.shares[group * count..<(group + 1) * count])
                models.append(try Self.cumulative(groupShares, file: definition.sourcePath, keyPath: keyPath))
            }
            var step = SynthPlan.Step(kind: .categorical, target: slot, count: count, by: by)
            if case .bins(let spec) = definition.fields[index].kind {
                step.kind = .bins
                try addBinDraw(&step, spec: spec, field: index, keyPath: keyPath)
            }
            addGroups(&step, models: models, fallback: nil)
            plan.steps.append(step)
            available.insert(slot)
            generated.insert(index)
            sampled.append(shares.field)
        }
    }

    /// Sets up drawing a bins field's source value: whole numbers within each bin
    /// (and the source's range).
    private mutating func addBinDraw(
        _ step: inout SynthPlan.Step, spec: BinSpec, field: Int, keyPath: String
    ) throws {
        guard let sourceIndex = indexByName[spec.source], let source = numericSlot[sourceIndex],
            case .numeric(let sourceSpec) = definition.fields[sourceIndex].kind
        else {
            throw error(
                keyPath, "the source '\(spec.source)' of '\(definition.fields[field].name)' is not a numeric field")
        }
        guard !produced.contains(source) else {
            throw error(keyPath, "'\(spec.source)' is already generated by another field; one bins field may draw it")
        }
        let range = sourceSpec.range ?? -Double.infinity...Double.infinity
        step.source = source
        step.constantBase = plan.constants.count
        for bin in spec.bins {
            let lower = max(bin.lower, range.lowerBound).rounded(.up)
            let upper = min(bin.upper, range.upperBound).rounded(.down)
            guard lower.isFinite, upper.isFinite, lower <= upper, upper - lower < 1e15 else {
                throw error(
                    keyPath,
                    "bin '\(bin.category.code)' of '\(definition.fields[field].name)' holds no finite range of whole numbers to draw '\(spec.source)' from; bound it (or the source's range)"
                )
            }
            plan.constants.append(contentsOf: [lower, upper])
        }
        produced.insert(source)
        generated.insert(sourceIndex)
    }

    // MARK: Duration

    private mutating func addDuration() throws {
        guard let duration = synthesis.duration else { return }
        let keyPath = "synthesis.duration"
        guard let index = indexByName[duration.field], let slot = numericSlot[index] else {
            throw error(keyPath + ".field", "'\(duration.field)' is not a declared numeric field")
        }
        guard duration.median > 0, duration.median.isFinite, duration.spread >= 0, duration.spread.isFinite else {
            throw error(keyPath, "the median must be positive and the spread at least 0")
        }
        guard !produced.contains(slot) else {
            throw error(keyPath + ".field", "'\(duration.field)' is already generated as a bins source")
        }
        guard case .numeric(let spec) = definition.fields[index].kind else { return }
        // Whole seconds, at least 1 and inside the field's range.
        let lower = max(1, (spec.range?.lowerBound ?? 1).rounded(.up))
        let upper = min(1e15, (spec.range?.upperBound ?? 1e15).rounded(.down))
        guard lower <= upper else {
            throw error(
                keyPath + ".field", "the range of '\(duration.field)' holds no whole number of seconds from 1 up")
        }
        plan.steps.append(
            SynthPlan.Step(kind: .duration, target: slot, count: 0, constantBase: plan.constants.count))
        plan.constants.append(contentsOf: [log(duration.median), duration.spread, lower, upper])
        produced.insert(slot)
        generated.insert(index)
        // Whole seconds below 20% of the median, at least 1.
        let limit = (0.2 * duration.median).rounded(.up) - 1
        plan.speeder = (slot, Int64(max(1, limit)))
        addDerivedBins(of: slot)
    }

    // MARK: Answers

    /// One step per field with `synth` parameters, in definition order.
    private mutating func addAnswers() throws {
        for (index, field) in definition.fields.enumerated() {
            guard let answers = synthesis.answers[field.name], !generated.contains(index) else { continue }
            let keyPath = "fields[\(index)].synth"
            let file = definition.sourcePath
            guard let byIndex = indexByName[answers.by], let by = categoricalSlot[byIndex] else {
                throw error(keyPath + ".by", "'\(answers.by)' is not a declared single-choice, scale or bins field")
            }
            guard available.contains(by) else {
                throw error(
                    keyPath + ".by",
                    "'\(answers.by)' is not generated before '\(field.name)'; answers can depend on sample fields and on fields declared earlier"
                )
            }
            let groupCount = plan.categoryCounts[by]
            guard answers.parameters.count <= groupCount else {
                throw error(
                    keyPath,
                    "\(answers.parameters.count) parameter groups for the \(groupCount) categories of '\(answers.by)'"
                )
            }
            let parameters = (0..<groupCount).map {
                answers.parameters.indices.contains($0) ? answers.parameters[$0] : nil
            }

            var step: SynthPlan.Step
            var models: [[Double]?]
            var fallback: [Double]?
            if case .multi(let spec) = field.kind {
                step = SynthPlan.Step(kind: .mentions, target: optionStart[index]!, count: spec.options.count, by: by)
                let check = { (model: AnswerModel?) throws -> [Double]? in
                    guard let model else { return nil }
                    guard case .mentions(let p) = model, p.count == spec.options.count,
                        p.allSatisfy({ $0 >= 0 && $0 <= 1 })
                    else {
                        throw Self.error(
                            file,
                            keyPath + ".p",
                            "expected \(spec.options.count) mention probabilities between 0 and 1 per group")
                    }
                    return p
                }
                models = try parameters.map(check)
                fallback = try check(answers.fallback)
                plan.blankUnits.append(.options(start: step.target, count: step.count))
            } else if case .numeric(let spec) = field.kind {
                let slot = numericSlot[index]!
                guard !produced.contains(slot) else { continue }
                step = SynthPlan.Step(kind: .normal, target: slot, count: 0, by: by)
                var roundStep = 0.0
                let check = { (model: AnswerModel?) throws -> [Double]? in
                    guard let model else { return nil }
                    guard case .normal(let mean, let sd, let round) = model, mean.isFinite, sd.isFinite, sd >= 0,
                        round.isFinite
                    else {
                        throw Self.error(
                            file, keyPath, "expected a mean, a standard deviation of at least 0 and a rounding step")
                    }
                    roundStep = max(roundStep, round)
                    return [mean, sd]
                }
                models = try parameters.map(check)
                fallback = try check(answers.fallback)
                let (decimals, roundScaled, round) = Self.decimals(of: roundStep)
                plan.decimals[slot] = decimals
                plan.scales[slot] = Self.powerOfTen(decimals)
                step.roundScaled = roundScaled
                step.constantBase = plan.constants.count
                let range = spec.range ?? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
                plan.constants.append(contentsOf: [range.lowerBound, range.upperBound, round])
                produced.insert(slot)
                plan.blankUnits.append(.numeric(slot))
            } else {
                let slot = categoricalSlot[index]!
                let count = plan.categoryCounts[slot]
                step = SynthPlan.Step(kind: .categorical, target: slot, count: count, by: by)
                let check = { (model: AnswerModel?) throws -> [Double]? in
                    guard let model else { return nil }
                    guard case .categorical(let p) = model, p.count == count else {
                        throw Self.error(
                            file, keyPath + ".p", "expected \(count) probabilities (one per code) per group")
                    }
                    return try Self.cumulative(p, file: file, keyPath: keyPath + ".p")
                }
                models = try parameters.map(check)
                fallback = try check(answers.fallback)
                if case .bins(let spec) = field.kind {
                    step.kind = .bins
                    try addBinDraw(&step, spec: spec, field: index, keyPath: keyPath)
                    plan.blankUnits.append(.numeric(step.source))
                } else {
                    plan.blankUnits.append(.categorical(slot))
                }
                available.insert(slot)
            }
            step.groupCount = groupCount
            if let asked = answers.asked {
                guard let askedIndex = indexByName[asked.field], let askedSlot = categoricalSlot[askedIndex],
                    available.contains(askedSlot)
                else {
                    throw error(
                        keyPath + ".asked.field",
                        "'\(asked.field)' must be a categorical field generated before '\(field.name)'")
                }
                let count = plan.categoryCounts[askedSlot]
                guard asked.categories.allSatisfy({ (0..<count).contains($0) }) else {
                    throw error(
                        keyPath + ".asked.codes", "a category index outside the \(count) categories of '\(asked.field)'"
                    )
                }
                step.askedSlot = askedSlot
                step.askedBase = plan.asked.count
                plan.asked.append(contentsOf: (0..<count).map { asked.categories.contains($0) })
            }
            addGroups(&step, models: models, fallback: fallback)
            plan.steps.append(step)
            generated.insert(index)
            if step.kind == .normal { addDerivedBins(of: step.target) }
            if step.kind == .bins { addDerivedBins(of: step.source) }
        }
    }

    /// Steps giving every bins field not drawn itself its category from a source just generated.
    private mutating func addDerivedBins(of source: Int) {
        for (index, field) in definition.fields.enumerated() {
            guard case .bins(let spec) = field.kind, !generated.contains(index), synthesis.answers[field.name] == nil,
                let sourceIndex = indexByName[spec.source], numericSlot[sourceIndex] == source,
                let slot = categoricalSlot[index]
            else { continue }
            var step = SynthPlan.Step(kind: .deriveBin, target: slot, count: spec.bins.count)
            step.source = source
            step.constantBase = plan.constants.count
            for bin in spec.bins { plan.constants.append(contentsOf: [bin.lower, bin.upper]) }
            plan.steps.append(step)
            available.insert(slot)
            generated.insert(index)
        }
    }

    /// Every read column must come from somewhere: a sample field, the duration, a
    /// bins field's draw, or the field's own `synth`.
    private func checkEveryColumnIsGenerated() throws {
        for (index, field) in definition.fields.enumerated() where !generated.contains(index) && Self.isRead(field) {
            throw error(
                "fields[\(index)]",
                "'\(field.name)' is read but has no 'synth' parameters, is not sampled in 'synthesis.sample' and is not the duration or a bins field's source"
            )
        }
    }

    /// Whether a field is read from a column (single, scale, multi, numeric) rather than derived.
    private static func isRead(_ field: Field) -> Bool {
        if case .single = field.kind { return true }
        if case .multi = field.kind { return true }
        if case .numeric = field.kind { return true }
        return false
    }

    // MARK: Grids

    /// The straight-liner grids whose items are single/scale fields sharing codes.
    private mutating func addGrids() {
        for rule in definition.cleaning.straightLiners {
            let indices = rule.fields.compactMap { indexByName[$0] }
            guard indices.count == rule.fields.count, indices.count >= 2 else { continue }
            var items: [Int] = []
            var codeLists: [[String]] = []
            for index in indices {
                guard case .single(let spec) = definition.fields[index].kind, let slot = categoricalSlot[index] else {
                    break
                }
                items.append(slot)
                codeLists.append(spec.categories.map(\.code))
            }
            guard items.count == indices.count else { continue }
            var codes: [Int] = []
            for code in codeLists[0] {
                let positions = codeLists.compactMap { $0.firstIndex(of: code) }
                if positions.count == items.count { codes.append(contentsOf: positions) }
            }
            if !codes.isEmpty { plan.grids.append(SynthPlan.Grid(items: items, codes: codes)) }
        }
    }

    /// Neighbouring value columns (not the id) whose values never need quotes.
    private mutating func addMergeableColumns() {
        func plain(_ column: SynthPlan.Column) -> Bool {
            switch column {
            case .id: return false
            case .weight, .option, .numeric: return true
            case .categorical(let slot): return plan.plainCodes[slot]
            }
        }
        let columns = plan.columns
        plan.mergeableColumns = columns.indices.dropLast().filter { plain(columns[$0]) && plain(columns[$0 + 1]) }
    }

    // MARK: Tables

    /// Appends a step's groups (and its fallback) to the tables.
    private mutating func addGroups(_ step: inout SynthPlan.Step, models: [[Double]?], fallback: [Double]?) {
        step.groupBase = plan.groups.count
        step.groupCount = models.count
        for model in models + [fallback] {
            if let model = model ?? fallback {
                plan.groups.append(plan.probabilities.count)
                plan.probabilities.append(contentsOf: model)
            } else {
                plan.groups.append(-1)
            }
        }
    }

    /// Cumulative shares, normalised; from the last category with a positive share
    /// on they are infinite, so a draw never lands on a trailing zero.
    private static func cumulative(_ shares: [Double], file: String, keyPath: String) throws -> [Double] {
        let total = shares.reduce(0, +)
        guard shares.allSatisfy({ $0 >= 0 && $0.isFinite }), total > 0 else {
            throw error(file, keyPath, "shares must be at least 0 and not all 0")
        }
        let lastPositive = shares.lastIndex { $0 > 0 }!
        var running = 0.0
        return shares.indices.map { index in
            running += shares[index]
            return index >= lastPositive ? .infinity : running / total
        }
    }

    /// The decimals a rounding step needs (at most 6), the step in units of the
    /// last decimal, and the step used (a step of 0 means 1e-6).
    static func decimals(of round: Double) -> (decimals: Int, scaled: Int64, round: Double) {
        guard round > 0 else { return (6, 1, 1e-6) }
        for decimals in 0...6 {
            let scaled = round * Double(powerOfTen(decimals))
            if abs(scaled - scaled.rounded()) <= 1e-9 * max(1, scaled), scaled < 1e15 {
                return (decimals, Int64(scaled.rounded()), round)
            }
        }
        let scaled = max(1, (round * 1e6).rounded())
        return (6, Int64(scaled), scaled / 1e6)
    }

    static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private func needsQuotes(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
    }

    /// The text as a CSV field (RFC 4180 quoting when needed).
    private func escaped(_ text: String) -> [UInt8] {
        guard needsQuotes(text) else { return Array(text.utf8) }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }
}
