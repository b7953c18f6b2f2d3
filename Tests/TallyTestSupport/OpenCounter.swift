#if canImport(Glibc)
    import Glibc

    /// Counts the times files are opened, as the kernel sees it (Linux inotify,
    /// `IN_OPEN`): whatever code opens them, each open is counted, so a test can
    /// check how many times a run read its inputs without any hook in the code.
    ///
    /// Watch files of the test's own (in a temporary folder): an open by another
    /// test running at the same time would count too.
    public final class OpenCounter {
        private let descriptor: Int32
        private var paths: [Int32: String] = [:]
        private var counted: [String: Int] = [:]

        /// Starts counting the opens of `files`.
        public init(watching files: [String]) throws {
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else { throw OpenCounterError(call: "inotify_init1", code: errno) }
            for file in files {
                // Closes are watched too: inotify merges an event with an identical one still
                // unread, so two opens of a file with nothing between them would count once.
                let watch = inotify_add_watch(descriptor, file, UInt32(IN_OPEN | IN_CLOSE))
                guard watch >= 0 else { throw OpenCounterError(call: "inotify_add_watch \(file)", code: errno) }
                paths[watch] = file
                counted[file] = 0
            }
        }

        deinit { close(descriptor) }

        /// The opens of each file watched since the counter started.
        public func opens() throws -> [String: Int] {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EAGAIN { break }
                    throw OpenCounterError(call: "read", code: errno)
                }
                if count == 0 { break }
                tally(buffer[..<count])
            }
            return counted
        }

        /// Adds up a buffer of `inotify_event`s: a watch (Int32), a mask, a cookie,
        /// a name's length (UInt32 each), then the name.
        private func tally(_ events: ArraySlice<UInt8>) {
            var offset = events.startIndex
            while offset + 16 <= events.endIndex {
                func word(_ at: Int) -> UInt32 {
                    (0..<4).reduce(0) { $0 | UInt32(events[offset + at + $1]) << (8 * $1) }
                }
                let watch = Int32(bitPattern: word(0))
                if word(4) & UInt32(IN_OPEN) != 0, let path = paths[watch] { counted[path, default: 0] += 1 }
                offset += 16 + Int(word(12))
            }
        }
    }

    /// A system call of `OpenCounter` that failed.
    public struct OpenCounterError: Error, CustomStringConvertible {
        public var call: String
        public var code: Int32
        public var description: String { "\(call): \(String(cString: strerror(code)))" }
    }
#endif
