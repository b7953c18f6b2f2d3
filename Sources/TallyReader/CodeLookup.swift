import TallyModel

/// Finds a value among a categorical field's declared codes, comparing bytes.
///
/// When every code is a small non-negative integer written plainly (`1`, `9`,
/// `10`), the value's digits index a table. Otherwise each code is known by a
/// key, its first seven bytes and its length packed in a `UInt64`; a value is
/// compared with the keys, and with the rest of the code where keys match.
struct CodeLookup {
    /// Integer codes at most this large use the table.
    static let largestTableCode = 1023

    private enum Strategy {
        /// Category index (or `CategoryCode.missing`) by integer code.
        case table([UInt16])
        /// The codes' keys, and their bytes concatenated: code `i` is `bytes[starts[i]..<starts[i + 1]]`.
        case text(keys: [UInt64], bytes: [UInt8], starts: [Int])
    }

    private let strategy: Strategy
    /// The category of every one-byte code by its byte, `CategoryCode.missing` for none.
    private let byByte: [UInt16]

    init(codes: [String]) {
        var byByte = [UInt16](repeating: CategoryCode.missing, count: 256)
        for (index, code) in codes.enumerated().reversed() where code.utf8.count == 1 {
            byByte[Int(code.utf8.first!)] = UInt16(index)
        }
        self.byByte = byByte
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
            let keys = codes.map { Array($0.utf8).withUnsafeBufferPointer(CodeLookup.key) }
            strategy = .text(keys: keys, bytes: bytes, starts: starts)
        }
    }

    /// The index of the category whose code is exactly `value`, or nil.
    @inline(__always)
    func category(of value: UnsafeBufferPointer<UInt8>) -> UInt16? {
        switch strategy {
        case .table(let table):
            guard let number = CodeLookup.plainInteger(value), number < table.count else { return nil }
            let category = table[number]
            return category == CategoryCode.missing ? nil : category
        case .text(let keys, let bytes, let starts):
            let key = CodeLookup.key(value)
            for index in keys.indices where keys[index] == key {
                if value.count <= 7 || value.elementsEqual(bytes[starts[index]..<starts[index + 1]]) {
                    return UInt16(index)
                }
            }
            return nil
        }
    }

    /// The category whose code is the one byte `byte`, or `CategoryCode.missing`;
    /// the same answer as `category(of:)` for every code it finds.
    @inline(__always)
    func category(ofByte byte: UInt8) -> UInt16 {
        byByte.withUnsafeBufferPointer { $0[Int(byte)] }
    }

    /// The first seven bytes and the length (up to 255) of a value, packed.
    @inline(__always)
    private static func key(_ value: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key = UInt64(min(value.count, 255)) << 56
        for offset in 0..<min(value.count, 7) { key |= UInt64(value[offset]) << (8 * UInt64(offset)) }
        return key
    }

    /// The value of up to four decimal digits without a leading zero (`0` itself aside).
    @inline(__always)
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
