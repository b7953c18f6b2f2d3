import TallyModel

/// Extra columns no definition reads, appended to every row so synthetic files
/// have the width of a real export (panel codes, flags, open "other" answers).
///
/// Column `k` (1-based) is named `filler_k` (zero-padded to three digits) and
/// holds, by `k % 4`: a code 1 to 5, a 0/1 flag, a digit 0 to 9, or an open
/// "other, please specify" text that is blank for nine respondents in ten and
/// otherwise one to three words, as in survey exports (about two bytes per
/// column with its comma). Values never need quotes. They come from their own
/// random stream per respondent number, so the other columns are byte-identical
/// with and without filler, and a respondent gets the same filler in any shard.
struct FillerColumns: Sendable {
    /// Words free-text values are made of.
    private static let words: [[UInt8]] = [
        "fast", "support", "agent", "waited", "online", "store", "helpful", "again", "order", "late", "app",
        "friendly", "price", "easy", "chat", "never",
    ].map { Array($0.utf8) }

    /// The columns' names, in order.
    let names: [String]
    private let seed: UInt64

    /// Filler columns for a run.
    /// - Parameters:
    ///   - count: how many columns, at least 1.
    ///   - seed: the run's seed.
    ///   - taken: the header names the definition uses.
    /// - Throws: `TallyError.usage` when a filler name is already a column of the definition.
    init(count: Int, seed: UInt64, taken: [String]) throws {
        names = (1...count).map { "filler_" + String(repeating: "0", count: max(0, 3 - String($0).count)) + "\($0)" }
        if let clash = names.first(where: Set(taken).contains) {
            throw TallyError.usage("the extra column '\(clash)' is already a column of the definition")
        }
        self.seed = seed
    }

    /// The header's extra part: a comma before each name.
    var header: [UInt8] {
        names.flatMap { [UInt8(ascii: ",")] + Array($0.utf8) }
    }

    /// Appends the filler values of respondent `number`, each after a comma.
    func append(respondent number: Int, to output: inout [UInt8]) {
        var random = Xoshiro256StarStar(seed: seed ^ 0xF111_E2C0_1A3B_5D77, stream: UInt64(number))
        for column in 1...names.count {
            output.append(UInt8(ascii: ","))
            switch column % 4 {
            case 1: output.append(UInt8(ascii: "1") + UInt8(random.below(5)))
            case 2: output.append(UInt8(ascii: "0") + UInt8(random.below(2)))
            case 3: output.append(UInt8(ascii: "0") + UInt8(random.below(10)))
            default:
                guard random.below(10) == 0 else { continue }
                for word in 0...random.below(3) {
                    if word > 0 { output.append(UInt8(ascii: " ")) }
                    output.append(contentsOf: Self.words[random.below(Self.words.count)])
                }
            }
        }
    }

}

extension SynthPlan {
    /// Appends `count` filler columns to every row and to the header.
    /// - Throws: `TallyError.usage` when a filler name is already a column of the definition.
    mutating func addFiller(count: Int, seed: UInt64) throws {
        let columns = try FillerColumns(count: count, seed: seed, taken: columnNames)
        header.removeLast()
        header += columns.header + [UInt8(ascii: "\n")]
        filler = columns
    }
}
