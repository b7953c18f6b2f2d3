import TallyModel

/// Finds a value among a categorical field's declared codes, comparing bytes.
///
/// When every code is a small non-negative integer written plainly (`1`, `9`,
/// `10`), the value's digits index a table; otherwise the value is compared with
/// each code's bytes in turn.
struct CodeLookup {
    /// Integer codes at most this large use the table.
    static let largestTableCode = 1023

    private enum Strategy {
        /// Category index (or `CategoryCode.missing`) by integer code.
        case table([UInt16])
        /// The codes' bytes, concatenated; code `i` is `bytes[starts[i]..<starts[i + 1]]`.
        case bytes([UInt8], starts: [Int])
    }

    private let strategy: Strategy

    init(codes: [String]) {
        let values = codes.compactMap(CodeLookup.plainInteger)
        if !codes.isEmpty, values.count == codes.count, values.allSatisfy({ $0 <= CodeLookup.largestTableCode }) {
            var table = [UInt16](repeating: CategoryCode.missing, count: values.max()! + 1)
            for (index, value) in values.enumerated().reversed() { table[value] = UInt16(index) }
            strategy = .table(table)
        } else {
            var bytes: [UInt8] = []
            var starts = [0]
            for code in codes {
                bytes.append(contentsOf: code.utf8)
                starts.append(bytes.count)
            }
            strategy = .bytes(bytes, starts: starts)
        }
    }

    /// The index of the category whose code is exactly `value`, or nil.
    func category(of value: UnsafeBufferPointer<UInt8>) -> UInt16? {
        switch strategy {
        case .table(let table):
            guard let number = CodeLookup.plainInteger(value), number < table.count else { return nil }
            let category = table[number]
            return category == CategoryCode.missing ? nil : category
        case .bytes(let bytes, let starts):
            return bytes.withUnsafeBufferPointer { bytes in
                for index in 0..<starts.count - 1 {
                    let start = starts[index]
                    guard starts[index + 1] - start == value.count else { continue }
                    var offset = 0
                    while offset < value.count, bytes[start + offset] == value[offset] { offset += 1 }
                    if offset == value.count { return UInt16(index) }
                }
                return nil
            }
        }
    }

    /// The value of up to four decimal digits without a leading zero (`0` itself aside).
    private static func plainInteger(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...4).contains(value.count), value.count == 1 || value[0] != UInt8(ascii: "0") else { return nil }
        var number = 0
        for byte in value {
            let digit = Int(byte) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            number = number * 10 + digit
        }
        return number
    }

    private static func plainInteger(_ code: String) -> Int? {
        Array(code.utf8).withUnsafeBufferPointer(plainInteger)
    }
}
