import Testing

@testable import TallyReader

/// The scanner splits unquoted fields a word (eight bytes) at a time; these
/// tests compare it, on many generated records, with a plain byte-by-byte
/// reading of RFC 4180 written here, so field ends at every position within a
/// word, quoted fields right after a comma, CR LF endings and records cut at
/// the end of the bytes are all covered.
@Suite("CSVScanner, word by word")
struct CSVScannerWordTests {
    /// A deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// A record of random fields (plain, empty, quoted with commas, quotes and
    /// line breaks) and the values a reader must find in it.
    static func record(_ random: inout Generator) -> (text: String, values: [String], lines: Int) {
        var values: [String] = []
        var parts: [String] = []
        var lines = 1
        for _ in 0..<(1 + random.next(14)) {
            switch random.next(6) {
            case 0:
                values.append("")
                parts.append("")
            case 1:
                var value = ""
                for _ in 0..<(1 + random.next(6)) { value += ["a", ",", "\"", "\n", "x y", "\r\n"][random.next(6)] }
                values.append(value)
                parts.append("\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                lines += value.utf8.count { $0 == 10 }
            default:
                let value = String(repeating: "7", count: 1 + random.next(12))
                values.append(value)
                parts.append(value)
            }
        }
        return (parts.joined(separator: ","), values, lines)
    }

    @Test("Every generated record splits into its values", arguments: 0..<8)
    func generatedRecords(seed: Int) {
        var random = Generator(state: UInt64(seed))
        for _ in 0..<300 {
            let (text, values, lines) = Self.record(&random)
            let ending = random.next(2) == 0 ? "\n" : "\r\n"
            // A lead-in of random length puts the record at every offset within a word.
            let lead = String(repeating: "z", count: random.next(9))
            var bytes = Array((lead + "\n" + text + ending + "next,1\n").utf8)
            let start = lead.utf8.count + 1
            var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: 16)
            let (scan, found) = bytes.withUnsafeMutableBufferPointer { bytes in
                spans.withUnsafeMutableBufferPointer { spans in
                    let scan = CSVScanner.scanRecord(
                        UnsafeBufferPointer(bytes), from: start, isFinal: false, spans: spans)
                    guard case .record(let bounds) = scan else { return (scan, [String]()) }
                    let found = (0..<bounds.fieldCount).map {
                        String(decoding: bytes[CSVScanner.unquote(bytes, spans[$0])], as: UTF8.self)
                    }
                    return (scan, found)
                }
            }
            let end = start + text.utf8.count
            #expect(
                scan
                    == .record(
                        RecordBounds(
                            end: end, next: end + ending.utf8.count, fieldCount: values.count, lineCount: lines)),
                "\(text.debugDescription)")
            #expect(found == values, "\(text.debugDescription)")
        }
    }

    @Test("A record cut anywhere needs more data, or ends at the end of final bytes", arguments: 0..<4)
    func cutRecords(seed: Int) {
        var random = Generator(state: UInt64(100 + seed))
        for _ in 0..<100 {
            let (text, values, _) = Self.record(&random)
            let whole = Array((text + "\n").utf8)
            for cut in 1..<whole.count {
                let scan = Array(whole[..<cut]).withUnsafeBufferPointer { bytes in
                    var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: 16)
                    return spans.withUnsafeMutableBufferPointer { spans in
                        CSVScanner.scanRecord(bytes, from: 0, isFinal: false, spans: spans)
                    }
                }
                #expect(scan == .needsMoreData, "\(text.debugDescription) cut at \(cut)")
            }
            let final = Array(text.utf8).withUnsafeBufferPointer { bytes -> RecordScan? in
                guard bytes.count > 0 else { return nil }
                var spans = Array(repeating: FieldSpan(start: 0, end: 0, isQuoted: false), count: 16)
                return spans.withUnsafeMutableBufferPointer { spans in
                    CSVScanner.scanRecord(bytes, from: 0, isFinal: true, spans: spans)
                }
            }
            if let final, case .record(let bounds) = final {
                #expect(bounds.fieldCount == values.count, "\(text.debugDescription)")
            } else if final != nil {
                Issue.record("no record at the end of final bytes: \(text.debugDescription)")
            }
        }
    }

    @Test("Runs of one-byte fields split and get their short codes like any field", arguments: 0..<4)
    func oneByteFieldRuns(seed: Int) {
        var random = Generator(state: UInt64(200 + seed))
        for _ in 0..<400 {
            // Mostly one-byte fields, so that words of four of them come at both alignments,
            // broken by empty, longer and quoted fields.
            var parts: [String] = []
            for _ in 0..<(1 + random.next(30)) {
                switch random.next(10) {
                case 0: parts.append("")
                case 1: parts.append("42")
                case 2: parts.append("\"a,b\"")
                default: parts.append(String(UnicodeScalar(UInt8(ascii: "0") + UInt8(random.next(10)))))
                }
            }
            let text = parts.joined(separator: ",")
            let lead = String(repeating: "z", count: random.next(9))
            var bytes = Array((lead + "\n" + text + "\n").utf8)
            let start = lead.utf8.count + 1
            // Fewer slots than fields at times: the fields beyond them are counted, not written.
            let kept = 1 + random.next(32)
            let unset = FieldSpan(start: 0, end: 0, isQuoted: false)
            var spans = Array(repeating: unset, count: kept + 8)
            var codes = Array(repeating: UInt8(ascii: "?"), count: kept + 8)
            let scan = bytes.withUnsafeBufferPointer { bytes in
                spans.withUnsafeMutableBufferPointer { spans in
                    codes.withUnsafeMutableBufferPointer { codes in
                        CSVScanner.scanRecord(
                            bytes, from: start, isFinal: false,
                            into: FieldSlots(
                                count: kept, spans: spans.baseAddress!, codes: codes.baseAddress!, stride: 1))
                    }
                }
            }
            guard case .record(let bounds) = scan else {
                Issue.record("no record: \(text.debugDescription)")
                continue
            }
            #expect(bounds.fieldCount == parts.count, "\(text.debugDescription)")
            let written = min(kept, parts.count)
            let values = bytes.withUnsafeMutableBufferPointer { bytes in
                (0..<written).map { String(decoding: bytes[CSVScanner.unquote(bytes, spans[$0])], as: UTF8.self) }
            }
            let expectedValues = parts[..<written].map { $0.replacingOccurrences(of: "\"", with: "") }
            #expect(values == expectedValues, "\(text.debugDescription)")
            let expectedCodes = parts[..<written].map { part -> UInt8 in
                part.isEmpty ? ShortCode.empty : part.utf8.count == 1 ? part.utf8.first! : ShortCode.other
            }
            #expect(Array(codes[..<written]) == expectedCodes, "\(text.debugDescription)")
            #expect(codes[written...].allSatisfy { $0 == UInt8(ascii: "?") }, "\(text.debugDescription)")
        }
    }
}
