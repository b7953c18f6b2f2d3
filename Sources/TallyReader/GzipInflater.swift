import CTallyZlib

/// A gzip decoder behind `GzipChunkSource`: one `inflate` call at a time, stopping
/// at the end of each member (trailer checked), and `reset` for the next member.
protocol MemberInflater: AnyObject {
    /// Compressed bytes consumed so far, over all members.
    var totalIn: Int { get }
    /// Decompressed bytes produced so far, over all members.
    var totalOut: Int { get }
    /// Inflates as much of `input` into `output` as one call does.
    func inflate(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws
        -> GzipInflater.Step
    /// Prepares for the next member of a multi-member file.
    func reset() throws
}

/// Decompresses gzip data with zlib's inflate, one member at a time.
///
/// The `z_stream` lives in its own allocation because zlib keeps its address:
/// it is set up in `init` and torn down exactly once in `deinit`. The caller's
/// buffers are handed to zlib only for the duration of one `inflate` call.
final class GzipInflater: MemberInflater {
    /// What one `inflate` call did.
    struct Step: Equatable {
        /// Compressed bytes consumed from the input.
        var consumed: Int
        /// Decompressed bytes written to the output.
        var produced: Int
        /// Whether a gzip member ended (its CRC32 and length trailer checked).
        var endedMember: Bool
    }

    private let stream: UnsafeMutablePointer<z_stream>
    /// Compressed bytes consumed so far, over all members.
    private(set) var totalIn = 0
    /// Decompressed bytes produced so far, over all members.
    private(set) var totalOut = 0

    /// Sets up a stream that expects gzip framing.
    /// - Parameter windowBits: zlib's window size; `15 + 16` (the default) selects gzip.
    /// - Throws: `ZlibError` when zlib refuses to initialise.
    init(windowBits: Int32 = 15 + 16) throws(ZlibError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        do {
            try Zlib.inflateInit2(stream, windowBits: windowBits)
        } catch {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
        self.stream = stream
    }

    deinit {
        Zlib.inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates as much of `input` into `output` as one zlib call does.
    /// - Returns: the bytes consumed and produced, and whether a member ended.
    /// - Throws: `ZlibError` for damaged data, a bad header or a trailer mismatch.
    func inflate(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(ZlibError)
        -> Step
    {
        let inCount = UInt32(clamping: input.count)
        let outCount = UInt32(clamping: output.count)
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = inCount
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = outCount
        defer {
            totalIn += Int(inCount - stream.pointee.avail_in)
            totalOut += Int(outCount - stream.pointee.avail_out)
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            stream.pointee.next_out = nil
            stream.pointee.avail_out = 0
        }
        let status = try Zlib.inflate(stream)
        return Step(
            consumed: Int(inCount - stream.pointee.avail_in), produced: Int(outCount - stream.pointee.avail_out),
            endedMember: status == .streamEnd)
    }

    /// Prepares for the next member of a multi-member file.
    func reset() throws(ZlibError) {
        try Zlib.inflateReset(stream)
    }
}
