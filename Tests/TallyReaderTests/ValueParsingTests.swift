import Testing

@testable import TallyReader

@Suite("Value parsing")
struct ValueParsingTests {
    private func number(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer(DecimalParser.parse)
    }

    private func category(_ text: String, in codes: [String]) -> UInt16? {
        let lookup = CodeLookup(codes: codes)
        return Array(text.utf8).withUnsafeBufferPointer(lookup.category)
    }

    @Test(arguments: [
        ("12", 12.0), ("-3.5", -3.5), ("+.5", 0.5), ("7.", 7.0), ("0.1", 0.1), ("1e3", 1000.0),
        ("2.5E-2", 0.025), ("123456789012345678", 123456789012345678.0), ("-0", -0.0), ("1946", 1946.0),
    ])
    func parsesNumbers(text: String, value: Double) {
        #expect(number(text) == value)
    }

    @Test(arguments: ["", "-", ".", "abc", "1.2.3", "12a", "1e", "nan", "inf", "0x10", "1e999", "1,5", " 1"])
    func rejectsWhatIsNotAFiniteNumber(text: String) {
        #expect(number(text) == nil)
    }

    @Test func plainDecimalsRoundLikeTheStandardLibrary() {
        for text in ["0.3", "123.456", "99999.99999", "0.000001", "314159265358979"] {
            #expect(number(text) == Double(text), "\(text)")
        }
    }

    @Test func smallIntegerCodesIndexATable() {
        let codes = ["1", "2", "3", "4", "5", "9"]
        #expect(category("1", in: codes) == 0)
        #expect(category("9", in: codes) == 5)
        for text in ["6", "0", "01", "10", "", "x", "1.0", "10000"] {
            #expect(category(text, in: codes) == nil, "\(text)")
        }
    }

    @Test func textCodesMatchExactBytes() {
        let codes = ["US", "GB", "DE"]
        #expect(category("GB", in: codes) == 1)
        #expect(category("DE", in: codes) == 2)
        for text in ["G", "GBR", "gb", ""] {
            #expect(category(text, in: codes) == nil, "\(text)")
        }
    }

    @Test func codesThatAreNotPlainIntegersCompareAsText() {
        #expect(category("01", in: ["01", "02"]) == 0)
        #expect(category("1", in: ["01", "02"]) == nil)
        #expect(category("2000", in: ["1999", "2000"]) == 1)
        #expect(category("A", in: ["1", "A"]) == 1)
    }
}
