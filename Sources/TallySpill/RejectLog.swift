import TallyModel

/// One input file's rejects in line order, with their counts.
///
/// A run writes a file's rejects to a spill file as its batches are read (see
/// `RejectSpill`), so memory does not grow with their number; the counts, the first
/// few and the first row rejected stay in memory for the manifest, the quality
/// check and the terminal. A log may have several parts, each in line order and on
/// lines of its own (the rows read at once, the rows deferred to the end of the
/// run); reading the log interleaves them by line.
package struct RejectLog: Sendable {
    /// A run of rejects in line order: held in memory, or in a spill file.
    package enum Part: Sendable {
        case memory([Reject])
        case spill(String)
    }

    /// How many of its first rejects a log keeps in memory.
    package static let firstKept = 10

    package private(set) var parts: [Part] = []
    package private(set) var count = 0
    package private(set) var rowsRejected = 0
    package private(set) var valuesExcluded = 0
    /// Rejects per rule.
    package private(set) var byRule: [String: Int] = [:]
    /// Rejects per action (`row_rejected`, `value_excluded`, `value_imputed`), then per rule.
    package private(set) var byAction: [String: [String: Int]] = [:]
    /// The log's first `firstKept` rejects, in line order.
    package private(set) var first: [Reject] = []
    /// The row rejected on the earliest line.
    package private(set) var firstRowRejected: Reject?

    /// An empty log.
    package init() {}

    /// A log of rejects held in memory, in line order.
    package init(_ rejects: [Reject]) {
        count(rejects)
        add(.memory(rejects))
    }

    /// Adds a part; its rejects are counted with `count`.
    package mutating func add(_ part: Part) {
        parts.append(part)
    }

    /// Counts rejects of one part, given in line order after those of the part counted before.
    package mutating func count(_ rejects: [Reject]) {
        for reject in rejects {
            count += 1
            byRule[reject.rule, default: 0] += 1
            byAction[reject.action.rawValue, default: [:]][reject.rule, default: 0] += 1
            switch reject.action {
            case .rowRejected:
                rowsRejected += 1
                if firstRowRejected.map({ reject.line < $0.line }) ?? true { firstRowRejected = reject }
            case .valueExcluded: valuesExcluded += 1
            case .valueImputed: break
            }
        }
        first = Self.interleaved([first, Array(rejects.prefix(Self.firstKept))])
    }

    /// Adds the parts and counts of another log of the same file.
    package mutating func add(_ other: RejectLog) {
        parts += other.parts
        count += other.count
        rowsRejected += other.rowsRejected
        valuesExcluded += other.valuesExcluded
        byRule.merge(other.byRule, uniquingKeysWith: +)
        byAction.merge(other.byAction) { $0.merging($1, uniquingKeysWith: +) }
        first = Self.interleaved([first, other.first])
        if let theirs = other.firstRowRejected, firstRowRejected.map({ theirs.line < $0.line }) ?? true {
            firstRowRejected = theirs
        }
    }

    /// Runs `body` on every reject in line order (parts interleaved by line, an
    /// earlier part first on the same line), reading spills back as it goes.
    package func forEach(_ body: (Reject) throws -> Void) throws {
        var cursors = try parts.map(Cursor.init)
        var heads = try cursors.indices.map { try cursors[$0].next() }
        while true {
            // The earliest line among the parts' next rejects; the first part on a tie.
            var first: Int?
            for part in heads.indices {
                guard let head = heads[part] else { continue }
                if first.map({ head.line < heads[$0]!.line }) ?? true { first = part }
            }
            guard let part = first else { return }
            try body(heads[part]!)
            heads[part] = try cursors[part].next()
        }
    }

    /// Every reject, in line order.
    package func all() throws -> [Reject] {
        var rejects: [Reject] = []
        try forEach { rejects.append($0) }
        return rejects
    }

    /// The first `firstKept` of lists each in line order, an earlier list first on the same line.
    private static func interleaved(_ lists: [[Reject]]) -> [Reject] {
        let tagged = lists.enumerated().flatMap { list, rejects in rejects.enumerated().map { (list, $0, $1) } }
        return tagged.sorted { ($0.2.line, $0.0, $0.1) < ($1.2.line, $1.0, $1.1) }.prefix(firstKept).map(\.2)
    }

    /// Reads a part one reject at a time.
    private struct Cursor {
        private var held: IndexingIterator<[Reject]>?
        private let spill: FrameSpill.Reader?
        private var frame: [Reject] = []
        private var position = 0

        init(_ part: Part) throws {
            switch part {
            case .memory(let rejects):
                held = rejects.makeIterator()
                spill = nil
            case .spill(let path):
                spill = try FrameSpill.Reader(path: path)
            }
        }

        mutating func next() throws -> Reject? {
            if held != nil { return held!.next() }
            while position == frame.count {
                guard var reader = try spill?.next() else { return nil }
                frame = try reader.rejects()
                guard reader.isAtEnd else { throw reader.damaged("bytes after a frame of rejects") }
                position = 0
            }
            defer { position += 1 }
            return frame[position]
        }
    }
}

/// Writes one file's rejects to a spill file as batches are read.
package final class RejectSpill {
    private let spill: FrameSpill
    private var log = RejectLog()

    /// Creates (or empties) the spill file at `path`.
    package init(path: String) throws {
        spill = try FrameSpill(path: path)
    }

    /// Appends rejects that follow, in line order, those appended before.
    package func append(_ rejects: [Reject]) throws {
        guard !rejects.isEmpty else { return }
        var frame = BinaryWriter()
        frame.rejects(rejects)
        try spill.append(frame)
        log.count(rejects)
    }

    /// Closes the spill; the log of what it holds.
    package func finish() throws -> RejectLog {
        try spill.finish()
        var finished = log
        finished.add(.spill(spill.path))
        return finished
    }
}

extension BinaryWriter {
    /// A count, then each reject's texts, line, action and reason.
    package mutating func rejects(_ rejects: [Reject]) {
        int(rejects.count)
        for reject in rejects {
            strings([reject.file, reject.respondentID, reject.rule, reject.field, reject.rawValue])
            int(reject.line)
            string(reject.action.rawValue)
            string(reject.reason)
        }
    }
}

extension BinaryReader {
    /// Rejects written by `BinaryWriter.rejects`.
    package mutating func rejects() throws -> [Reject] {
        var rejects: [Reject] = []
        for _ in 0..<max(try int(), 0) {
            let texts = try strings()
            guard texts.count == 5 else { throw damaged("a reject has \(texts.count) texts, not 5") }
            let line = try int()
            let actionName = try string()
            guard let action = Reject.Action(rawValue: actionName) else {
                throw damaged("unknown reject action '\(actionName)'")
            }
            rejects.append(
                Reject(
                    file: texts[0], line: line, respondentID: texts[1], rule: texts[2], field: texts[3],
                    rawValue: texts[4], action: action, reason: try string()))
        }
        return rejects
    }
}
