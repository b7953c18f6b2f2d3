#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How often each kind of mess was made in a shard (or a run).
struct MessCounts: Sendable, Equatable {
    var blank = 0
    var duplicate = 0
    var outOfDomain = 0
    var speeder = 0
    var straightLiner = 0
    var brokenQuote = 0

    static func + (a: MessCounts, b: MessCounts) -> MessCounts {
        MessCounts(
            blank: a.blank + b.blank, duplicate: a.duplicate + b.duplicate, outOfDomain: a.outOfDomain + b.outOfDomain,
            speeder: a.speeder + b.speeder, straightLiner: a.straightLiner + b.straightLiner,
            brokenQuote: a.brokenQuote + b.brokenQuote)
    }

    /// By the names the definition's `synthesis.mess` uses.
    var byName: [String: Int] {
        [
            "blank": blank, "duplicate": duplicate, "out_of_domain": outOfDomain, "speeder": speeder,
            "straight_liner": straightLiner, "broken_quote": brokenQuote,
        ]
    }
}

/// Makes the respondents of one shard, one at a time, and writes them as CSV
/// rows into a byte buffer: answers first (clean), then the mess, then the row.
///
/// Everything it draws comes from its own generator, so a shard's bytes depend
/// only on the plan, the seed and the shard's number and range.
struct ShardGenerator {
    static let blankNumber = Int64.min
    /// Rows kept for the `duplicate` mess: a uniform sample of the shard's earlier rows.
    static let reservoirSize = 16

    private let plan: SynthPlan
    private var random: Xoshiro256StarStar
    /// A category index per categorical slot: -1 blank, `categoryCounts[slot]` out of domain.
    private var categories: [Int]
    /// The value times 10^decimals per numeric slot, or `blankNumber`.
    private var numbers: [Int64]
    /// 0, 1, or 2 (blank) per multi-select option.
    private var options: [UInt8]
    /// The grid straight-lined for the current respondent, or -1.
    private var linedGrid = -1
    private var reservoir: [[UInt8]] = []
    private var rowsOffered = 0
    private(set) var counts = MessCounts()
    /// Rows written, duplicates included.
    private(set) var rows = 0

    init(plan: SynthPlan, seed: UInt64, shard: Int) {
        self.plan = plan
        self.random = Xoshiro256StarStar(seed: seed, stream: UInt64(shard))
        categories = [Int](repeating: -1, count: plan.categoricalCount)
        numbers = [Int64](repeating: ShardGenerator.blankNumber, count: plan.numericCount)
        options = [UInt8](repeating: 2, count: plan.optionCount)
    }

    /// Makes respondent `number` (1-based across the run) and appends its row, and
    /// perhaps a duplicate of an earlier row, to `output`.
    mutating func appendRespondent(number: Int, to output: inout [UInt8]) {
        generate()
        addMess()
        var merge = -1
        if plan.mess.brokenQuote > 0, random.uniform() < plan.mess.brokenQuote, !plan.mergeableColumns.isEmpty {
            merge = plan.mergeableColumns[random.below(plan.mergeableColumns.count)]
            counts.brokenQuote += 1
        }
        let start = output.count
        appendRow(number: number, merge: merge, to: &output)
        rows += 1
        // A broken row is never the one duplicated: its copy would be rejected as ragged, not as a duplicate.
        if plan.mess.duplicate > 0, merge < 0 {
            offer(output[start...])
            if random.uniform() < plan.mess.duplicate {
                output.append(contentsOf: reservoir[random.below(reservoir.count)])
                counts.duplicate += 1
                rows += 1
            }
        }
    }

    // MARK: Answers

    /// Runs the plan's steps: sample fields, the duration, then every answer.
    private mutating func generate() {
        for step in plan.steps {
            switch step.kind {
            case .categorical:
                guard let offset = model(step) else {
                    categories[step.target] = -1
                    continue
                }
                categories[step.target] = drawCategory(offset, count: step.count)
            case .bins:
                guard let offset = model(step) else {
                    categories[step.target] = -1
                    numbers[step.source] = ShardGenerator.blankNumber
                    continue
                }
                let bin = drawCategory(offset, count: step.count)
                categories[step.target] = bin
                let lower = Int64(plan.constants[step.constantBase + 2 * bin])
                let upper = Int64(plan.constants[step.constantBase + 2 * bin + 1])
                numbers[step.source] = lower + Int64(random.below(Int(upper - lower) + 1))
            case .mentions:
                guard let offset = model(step) else {
                    for option in step.target..<step.target + step.count { options[option] = 2 }
                    continue
                }
                for item in 0..<step.count {
                    options[step.target + item] = random.uniform() < plan.probabilities[offset + item] ? 1 : 0
                }
            case .normal:
                guard let offset = model(step) else {
                    numbers[step.target] = ShardGenerator.blankNumber
                    continue
                }
                numbers[step.target] = drawNormal(
                    step, mean: plan.probabilities[offset], sd: plan.probabilities[offset + 1])
            case .duration:
                let base = step.constantBase
                let seconds = exp(plan.constants[base] + plan.constants[base + 1] * random.normal()).rounded()
                numbers[step.target] = Int64(min(max(seconds, plan.constants[base + 2]), plan.constants[base + 3]))
            case .deriveBin:
                categories[step.target] = bin(of: numbers[step.source], slot: step.source, step: step)
            }
        }
    }

    /// The offset of the step's parameters for this respondent, or nil when the
    /// respondent is not asked or no parameters apply.
    @inline(__always)
    private func model(_ step: SynthPlan.Step) -> Int? {
        if step.askedSlot >= 0 {
            let category = categories[step.askedSlot]
            guard category >= 0, category < plan.categoryCounts[step.askedSlot],
                plan.asked[step.askedBase + category]
            else { return nil }
        }
        var group = 0
        if step.by >= 0 {
            let category = categories[step.by]
            group = category >= 0 && category < step.groupCount ? category : step.groupCount
        }
        let offset = plan.groups[step.groupBase + group]
        return offset >= 0 ? offset : nil
    }

    /// Inverse CDF over cumulative shares (the last positive one is infinite).
    @inline(__always)
    private mutating func drawCategory(_ offset: Int, count: Int) -> Int {
        let u = random.uniform()
        var category = 0
        while u >= plan.probabilities[offset + category] { category += 1 }
        return category
    }

    /// A normal value clamped to the range, as a multiple of the rounding step
    /// inside it, in units of the slot's last decimal.
    private mutating func drawNormal(_ step: SynthPlan.Step, mean: Double, sd: Double) -> Int64 {
        let lower = plan.constants[step.constantBase]
        let upper = plan.constants[step.constantBase + 1]
        let round = plan.constants[step.constantBase + 2]
        let value = min(max(mean + sd * random.normal(), lower), upper)
        var multiple = (value / round).rounded()
        if multiple * round < lower { multiple += 1 }
        if multiple * round > upper { multiple -= 1 }
        return Int64(min(max(multiple, -1e15), 1e15)) * step.roundScaled
    }

    /// The first bin (inclusive bounds) holding a value, or -1.
    private func bin(of number: Int64, slot: Int, step: SynthPlan.Step) -> Int {
        guard number != ShardGenerator.blankNumber else { return -1 }
        let value = Double(number) / Double(plan.scales[slot])
        for bin in 0..<step.count {
            let base = step.constantBase + 2 * bin
            if value >= plan.constants[base] && value <= plan.constants[base + 1] { return bin }
        }
        return -1
    }

    // MARK: Mess

    /// Straight-lining, blanks, an out-of-domain code and speeding, at the plan's rates.
    private mutating func addMess() {
        let mess = plan.mess
        linedGrid = -1
        if mess.straightLiner > 0, !plan.grids.isEmpty, random.uniform() < mess.straightLiner {
            straightLine()
        }
        if mess.blank > 0 {
            for unit in plan.blankUnits { blank(unit, rate: mess.blank) }
        }
        if mess.outOfDomain > 0, random.uniform() < mess.outOfDomain {
            let candidates = plan.outOfDomainSlots.filter { categories[$0] >= 0 && !isLined($0) }
            if !candidates.isEmpty {
                let slot = candidates[random.below(candidates.count)]
                categories[slot] = plan.categoryCounts[slot]
                counts.outOfDomain += 1
            }
        }
        if let speeder = plan.speeder, mess.speeder > 0, random.uniform() < mess.speeder {
            numbers[speeder.slot] = 1 + Int64(random.below(Int(speeder.maximum)))
            counts.speeder += 1
        }
    }

    /// Gives every item of one grid the respondent answered in full the same code.
    private mutating func straightLine() {
        var eligible: [Int] = []
        for (index, grid) in plan.grids.enumerated() where grid.items.allSatisfy({ categories[$0] >= 0 }) {
            eligible.append(index)
        }
        guard !eligible.isEmpty else { return }
        let index = eligible[random.below(eligible.count)]
        let grid = plan.grids[index]
        let shared = random.below(grid.codes.count / grid.items.count)
        for (item, slot) in grid.items.enumerated() {
            categories[slot] = grid.codes[shared * grid.items.count + item]
        }
        linedGrid = index
        counts.straightLiner += 1
    }

    private func isLined(_ slot: Int) -> Bool {
        linedGrid >= 0 && plan.grids[linedGrid].items.contains(slot)
    }

    /// Blanks an answered unit with probability `rate`.
    @inline(__always)
    private mutating func blank(_ unit: SynthPlan.BlankUnit, rate: Double) {
        switch unit {
        case .categorical(let slot):
            guard categories[slot] >= 0, random.uniform() < rate, !isLined(slot) else { return }
            categories[slot] = -1
        case .numeric(let slot):
            guard numbers[slot] != ShardGenerator.blankNumber, random.uniform() < rate else { return }
            numbers[slot] = ShardGenerator.blankNumber
        case .options(let start, let count):
            guard options[start] != 2, random.uniform() < rate else { return }
            for option in start..<start + count { options[option] = 2 }
        }
        counts.blank += 1
    }

    /// Offers a row to the reservoir of earlier rows (Vitter's algorithm R).
    private mutating func offer(_ row: ArraySlice<UInt8>) {
        rowsOffered += 1
        if reservoir.count < ShardGenerator.reservoirSize {
            reservoir.append(Array(row))
        } else {
            let slot = random.below(rowsOffered)
            if slot < ShardGenerator.reservoirSize { reservoir[slot] = Array(row) }
        }
    }

    // MARK: Row

    /// Writes the respondent as a CSV row; with `merge` >= 0, that column and the
    /// next are swallowed into one quoted field, so the row has one field too few.
    private func appendRow(number: Int, merge: Int, to output: inout [UInt8]) {
        plan.codeBytes.withUnsafeBufferPointer { codeBytes in
            for (position, column) in plan.columns.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if position == merge { output.append(UInt8(ascii: "\"")) }
                switch column {
                case .id:
                    output.append(UInt8(ascii: "R"))
                    appendDigits(UInt64(number), width: plan.idWidth, to: &output)
                case .weight:
                    output.append(UInt8(ascii: "1"))
                case .categorical(let slot):
                    let category = categories[slot]
                    if category >= 0 {
                        let base = plan.codeBase[slot] + category
                        output.append(
                            contentsOf: UnsafeBufferPointer(
                                rebasing: codeBytes[plan.codeBounds[base]..<plan.codeBounds[base + 1]]))
                    }
                case .option(let option):
                    let state = options[option]
                    if state < 2 { output.append(UInt8(ascii: "0") + state) }
                case .numeric(let slot):
                    let number = numbers[slot]
                    if number != ShardGenerator.blankNumber { appendNumber(number, slot: slot, to: &output) }
                }
                if merge >= 0 && position == merge + 1 { output.append(UInt8(ascii: "\"")) }
            }
        }
        plan.filler?.append(respondent: number, to: &output)
        output.append(UInt8(ascii: "\n"))
    }

    /// A scaled number in plain decimal notation, without trailing zeros or a trailing point.
    private func appendNumber(_ number: Int64, slot: Int, to output: inout [UInt8]) {
        if number < 0 { output.append(UInt8(ascii: "-")) }
        let magnitude = number.magnitude
        let scale = UInt64(plan.scales[slot])
        appendDigits(magnitude / scale, width: 1, to: &output)
        var fraction = magnitude % scale
        guard fraction != 0 else { return }
        var decimals = plan.decimals[slot]
        while fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        output.append(UInt8(ascii: "."))
        appendDigits(fraction, width: decimals, to: &output)
    }

    /// The decimal digits of a number, zero-padded to at least `width`.
    @inline(__always)
    private func appendDigits(_ value: UInt64, width: Int, to output: inout [UInt8]) {
        let start = output.count
        var rest = value
        var written = 0
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
            written += 1
        } while rest > 0 || written < width
        var low = start
        var high = output.count - 1
        while low < high {
            output.swapAt(low, high)
            low += 1
            high -= 1
        }
    }
}
