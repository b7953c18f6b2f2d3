import CTallyZlib

/// A zlib call that failed: the raw return code and zlib's own message.
struct ZlibError: Error, Equatable, CustomStringConvertible {
    /// The raw return code, e.g. `Z_DATA_ERROR` (-3).
    var code: Int32
    /// `z_stream.msg` where zlib set one, else `zError(code)`.
    var message: String

    var description: String {
        "zlib \(ZlibError.name(of: code)) (\(code)): \(message)"
    }

    /// The symbolic name of a zlib return code.
    static func name(of code: Int32) -> String {
        switch code {
        case Z_OK: return "Z_OK"
        case Z_STREAM_END: return "Z_STREAM_END"
        case Z_NEED_DICT: return "Z_NEED_DICT"
        case Z_ERRNO: return "Z_ERRNO"
        case Z_STREAM_ERROR: return "Z_STREAM_ERROR"
        case Z_DATA_ERROR: return "Z_DATA_ERROR"
        case Z_MEM_ERROR: return "Z_MEM_ERROR"
        case Z_BUF_ERROR: return "Z_BUF_ERROR"
        case Z_VERSION_ERROR: return "Z_VERSION_ERROR"
        default: return "code"
        }
    }
}

/// The thin wrappers every zlib call in this module goes through: each turns a
/// return code into either a result or a `ZlibError` that keeps the raw code.
enum Zlib {
    /// What a successful `inflate` call reached.
    enum InflateStatus: Equatable {
        /// Progress was made (`Z_OK`).
        case progressed
        /// The end of a gzip member, its trailer checked (`Z_STREAM_END`).
        case streamEnd
        /// No progress was possible without more input or output room (`Z_BUF_ERROR`).
        case needsBuffer
    }

    static func inflateInit2(_ stream: UnsafeMutablePointer<z_stream>, windowBits: Int32) throws(ZlibError) {
        try check(CTallyZlib_inflateInit2(stream, windowBits), stream)
    }

    static func inflate(_ stream: UnsafeMutablePointer<z_stream>) throws(ZlibError) -> InflateStatus {
        let code = CTallyZlib.inflate(stream, Z_NO_FLUSH)
        switch code {
        case Z_OK: return .progressed
        case Z_STREAM_END: return .streamEnd
        case Z_BUF_ERROR: return .needsBuffer
        default: throw error(code, stream)
        }
    }

    static func inflateReset(_ stream: UnsafeMutablePointer<z_stream>) throws(ZlibError) {
        try check(CTallyZlib.inflateReset(stream), stream)
    }

    /// Frees zlib's state; `Z_STREAM_ERROR` (an inconsistent stream) is the only
    /// failure, and there is nothing left to do about it at teardown.
    static func inflateEnd(_ stream: UnsafeMutablePointer<z_stream>) {
        _ = CTallyZlib.inflateEnd(stream)
    }

    private static func check(_ code: Int32, _ stream: UnsafeMutablePointer<z_stream>) throws(ZlibError) {
        guard code == Z_OK else { throw error(code, stream) }
    }

    private static func error(_ code: Int32, _ stream: UnsafeMutablePointer<z_stream>) -> ZlibError {
        if let message = stream.pointee.msg {
            return ZlibError(code: code, message: String(cString: message))
        }
        return ZlibError(code: code, message: String(cString: zError(code)))
    }
}
