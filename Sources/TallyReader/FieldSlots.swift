/// A field reduced to one byte by the scanner, so that decoding the one-byte
/// answers most survey columns hold reads one byte per field.
///
/// A one-byte unquoted field is that byte (a space too: readers trim it away).
/// `empty`, a comma (never a one-byte field), stands for an empty field;
/// `other`, a quote (a field that starts with one is always quoted), for a
/// quoted field or one of two bytes or more, whose value must be read in full.
enum ShortCode {
    /// An empty field.
    static let empty = UInt8(ascii: ",")
    /// A quoted field, or one of two bytes or more.
    static let other = UInt8(ascii: "\"")
}

/// Where the scanner writes the fields of one record: field `i`'s span at
/// `spans[i * stride]` and its short code at `codes[i * stride]`, so that tables
/// holding many records can keep each column's fields together.
struct FieldSlots {
    /// The fields kept; later fields are counted but not written.
    let count: Int
    private let spans: UnsafeMutablePointer<FieldSpan>
    private let codes: UnsafeMutablePointer<UInt8>
    private let stride: Int

    /// Slots for `count` fields, `stride` elements apart in both tables.
    init(count: Int, spans: UnsafeMutablePointer<FieldSpan>, codes: UnsafeMutablePointer<UInt8>, stride: Int) {
        self.count = count
        self.spans = spans
        self.codes = codes
        self.stride = stride
    }

    /// Stores the span and code of an unquoted field, unless `field` is beyond `count`.
    /// - Parameter first: the field's first byte, any byte when the field is empty.
    @inline(__always)
    func setUnquoted(_ field: Int, start: Int, end: Int, first: UInt8) {
        guard field < count else { return }
        let length = end &- start
        let code = length == 1 ? first : length == 0 ? ShortCode.empty : ShortCode.other
        let index = field &* stride
        spans[index] = FieldSpan(start: start, end: end, isQuoted: false)
        codes[index] = code
    }

    /// Stores four unquoted one-byte fields, at `start`, `start + 2`, `start + 4`
    /// and `start + 6`; `field + 4` must not exceed `count`.
    /// - Parameter bytes: the 8 bytes from `start`, little-endian (the fields' bytes
    ///   are its bytes 0, 2, 4 and 6).
    @inline(__always)
    func setFourOneByteFields(_ field: Int, at start: Int, bytes: UInt64) {
        var index = field &* stride
        for offset in Swift.stride(from: 0, to: 8, by: 2) {
            spans[index] = FieldSpan(start: start &+ offset, end: start &+ offset &+ 1, isQuoted: false)
            codes[index] = UInt8(truncatingIfNeeded: bytes &>> UInt64(8 &* offset))
            index &+= stride
        }
    }

    /// Stores the span and code of a quoted field, unless `field` is beyond `count`.
    func setQuoted(_ field: Int, start: Int, end: Int) {
        guard field < count else { return }
        spans[field &* stride] = FieldSpan(start: start, end: end, isQuoted: true)
        codes[field &* stride] = ShortCode.other
    }

    /// The span stored for field `field`.
    func span(_ field: Int) -> FieldSpan { spans[field &* stride] }
}
