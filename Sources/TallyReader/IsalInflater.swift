import CIsal

/// An ISA-L call that failed: the raw return code and its meaning.
struct IsalError: Error, Equatable, CustomStringConvertible {
    /// The raw return code, e.g. `ISAL_INVALID_BLOCK` (-1).
    var code: Int32

    var description: String {
        "ISA-L \(IsalError.name(of: code)) (\(code)): \(IsalError.meaning(of: code))"
    }

    static func name(of code: Int32) -> String {
        switch code {
        case ISAL_INVALID_BLOCK: return "ISAL_INVALID_BLOCK"
        case ISAL_INVALID_SYMBOL: return "ISAL_INVALID_SYMBOL"
        case ISAL_INVALID_LOOKBACK: return "ISAL_INVALID_LOOKBACK"
        case ISAL_INVALID_WRAPPER: return "ISAL_INVALID_WRAPPER"
        case ISAL_UNSUPPORTED_METHOD: return "ISAL_UNSUPPORTED_METHOD"
        case ISAL_INCORRECT_CHECKSUM: return "ISAL_INCORRECT_CHECKSUM"
        case ISAL_NEED_DICT: return "ISAL_NEED_DICT"
        default: return "code"
        }
    }

    static func meaning(of code: Int32) -> String {
        switch code {
        case ISAL_INVALID_BLOCK: return "invalid deflate block"
        case ISAL_INVALID_SYMBOL: return "invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: return "invalid distance too far back"
        case ISAL_INVALID_WRAPPER: return "invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: return "unknown compression method"
        case ISAL_INCORRECT_CHECKSUM: return "incorrect data check or length"
        case ISAL_NEED_DICT: return "a preset dictionary is needed"
        default: return "inflate failed"
        }
    }
}

/// Decompresses gzip data with ISA-L's `isal_inflate`, one member at a time, as
/// `GzipInflater` does with zlib (the header and the CRC32 and length trailer
/// are checked).
///
/// The `inflate_state` lives in its own allocation, set up in `init` and freed
/// once in `deinit` (ISA-L holds no other resources); the caller's buffers are
/// handed to ISA-L only for the duration of one call.
final class IsalInflater: MemberInflater {
    private let state: UnsafeMutablePointer<inflate_state>
    private(set) var totalIn = 0
    private(set) var totalOut = 0
    /// Bytes of the current member's header passed in so far, until its flag byte is checked.
    private var headerBytes: Int? = 0

    init() {
        state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        state.initialize(to: inflate_state())
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func inflate(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(IsalError)
        -> GzipInflater.Step
    {
        try checkReservedFlags(input)
        let inCount = UInt32(clamping: input.count)
        let outCount = UInt32(clamping: output.count)
        state.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        state.pointee.avail_in = inCount
        state.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = outCount
        let code = isal_inflate(state)
        let consumed = Int(inCount - state.pointee.avail_in)
        let produced = Int(outCount - state.pointee.avail_out)
        state.pointee.next_in = nil
        state.pointee.avail_in = 0
        state.pointee.next_out = nil
        state.pointee.avail_out = 0
        totalIn += consumed
        totalOut += produced
        guard code >= ISAL_DECOMP_OK else { throw IsalError(code: code) }
        return GzipInflater.Step(
            consumed: consumed, produced: produced, endedMember: state.pointee.block_state == ISAL_BLOCK_FINISH)
    }

    func reset() {
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        headerBytes = 0
    }

    /// RFC 1952 requires an error when a reserved bit of a member's flag byte (its
    /// fourth) is set; zlib gives one, ISA-L does not look, so it is checked here.
    private func checkReservedFlags(_ input: UnsafeRawBufferPointer) throws(IsalError) {
        guard let seen = headerBytes else { return }
        let flags = 3 - seen
        guard flags < input.count else {
            headerBytes = seen + input.count
            return
        }
        headerBytes = nil
        if input[flags] & 0xE0 != 0 {
            totalIn += flags + 1  // the error is at the flag byte, as zlib reports it
            throw IsalError(code: ISAL_INVALID_WRAPPER)
        }
    }
}
