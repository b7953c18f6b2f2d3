import Testing

@testable import TallyWriter

/// The remembered weight texts must be exactly the texts of formatting every row.
@Suite("Weight texts")
struct WeightTextsTests {
    @Test("repeated, colliding and new cells and base weights give each row's own full-precision text")
    func sameAsFormatting() {
        let factors = (0..<50).map { 0.5 + Double($0) / 7 }
        var texts = WeightTexts(factors: factors)
        var state: UInt64 = 12_345
        var out: [UInt8] = []
        var expected = ""
        // 20,000 distinct (cell, base) pairs, far more than the table's slots, each seen several times.
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let cell = Int(state >> 58) % factors.count
            let base = Double(state >> 33 % 400 + 1) / 3
            texts.append(cell: cell, base: base, to: &out)
            out.append(UInt8(ascii: ";"))
            expected += "\(base * factors[cell]);"
        }
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test("signs, tiny and huge values keep their exponent form")
    func extremes() {
        let factors = [1.0, -2.5]
        var texts = WeightTexts(factors: factors)
        var out: [UInt8] = []
        for base in [1e-300, 1.7976931348623157e308, 5e-324, 0.1, 3] {
            for cell in [0, 1, 0] {
                texts.append(cell: cell, base: base, to: &out)
                out.append(UInt8(ascii: ";"))
            }
        }
        let expected = [1e-300, 1.7976931348623157e308, 5e-324, 0.1, 3].map { base in
            [0, 1, 0].map { "\(base * factors[$0]);" }.joined()
        }.joined()
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }
}
