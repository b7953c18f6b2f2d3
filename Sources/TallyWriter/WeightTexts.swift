/// The text of final weights (base weight × the cell's factor, as `CSVFormatting`
/// writes numbers), remembered per cell and base weight.
///
/// A run has few distinct base weights per weighting cell, and formatting a
/// `Double` in full precision costs several times more than the rest of a weights
/// line: a direct-mapped table of recent texts makes most rows a lookup. A text
/// is only ever reused for the very same cell and base weight bits, so the bytes
/// written are those of formatting every row.
struct WeightTexts {
    private static let slotBits = 12
    private static let slotSize = 32
    private let factors: [Double]
    private var bases: [UInt64]
    private var cells: [Int]
    /// Per slot: the text's length, then its bytes.
    private var texts: [UInt8]

    init(factors: [Double]) {
        self.factors = factors
        let slots = 1 << Self.slotBits
        bases = Array(repeating: 0, count: slots)
        cells = Array(repeating: -1, count: slots)
        texts = Array(repeating: 0, count: slots * Self.slotSize)
    }

    /// Appends the final weight of a row of `cell` with base weight `base`.
    mutating func append(cell: Int, base: Double, to out: inout [UInt8]) {
        let bits = base.bitPattern
        let mixed = (bits ^ UInt64(truncatingIfNeeded: cell) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.slotBits))
        let start = slot * Self.slotSize
        if cells[slot] == cell, bases[slot] == bits {
            let length = Int(texts[start])
            texts.withUnsafeBufferPointer {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start + 1..<start + 1 + length]))
            }
            return
        }
        var number = CSVFormatting.number(base * factors[cell])
        number.withUTF8 { text in
            out.append(contentsOf: text)
            guard text.count < Self.slotSize else { return }
            cells[slot] = cell
            bases[slot] = bits
            texts[start] = UInt8(text.count)
            texts.withUnsafeMutableBufferPointer { slots in
                _ = UnsafeMutableBufferPointer(rebasing: slots[start + 1..<start + 1 + text.count]).initialize(
                    from: text)
            }
        }
    }
}
