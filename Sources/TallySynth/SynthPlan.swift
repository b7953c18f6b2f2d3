import TallyModel

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
