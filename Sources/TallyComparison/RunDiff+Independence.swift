import TallyModel
import TallyWriter

extension RunDiff {
    /// A test of independence (a table by a banner, in an edition) whose outcome differs
    /// between the runs: present in one run only, tested in one and undefined in the
    /// other, significant at another level, or with a second-order p-value that moved
    /// by more than the tolerance.
    public struct IndependenceChange: Sendable, Equatable, Encodable {
        public var edition: String
        public var banner: String
        public var table: String
        /// `tested` or `undefined`; nil where the run has no such test.
        public var oldStatus: String?
        public var newStatus: String?
        /// The second-order (F) test's p-value; nil where there is none.
        public var oldP: Double?
        public var newP: Double?
        /// The highest level the test is significant at (`95%`; empty for none).
        public var oldSignificantAt: String?
        public var newSignificantAt: String?

        /// Whether the test's verdict changed: its status or its level of significance.
        public var verdictChanged: Bool { oldStatus != newStatus || oldSignificantAt != newSignificantAt }
    }

    /// One test as a run's independence file holds it.
    struct IndependenceOutcome: Equatable {
        var status: String
        var p: Double?
        var significantAt: String
    }

    /// A run's tests of independence by edition, banner and table (the partitions' values).
    /// - Throws: `TallyError.badData` for a file that cannot be read, or a p-value that
    ///   is not a number (naming the file, line and column).
    static func independence(folder: String) throws -> [String: IndependenceOutcome] {
        var outcomes: [String: IndependenceOutcome] = [:]
        for file in try RunFolder.tableFiles(in: folder, tree: "independence") {
            let csv = try CSVRecords.table(file: file.path, required: IndependenceFiles.columns)
            for record in csv.records {
                let field = { (name: String) in record.fields[csv.index[name]!] }
                let key = [file.partitions["edition"] ?? "", file.partitions["banner"] ?? "", field("table_name")]
                let p = field("p_f")
                guard p.isEmpty || Double(p) != nil else {
                    throw TallyError.badData(
                        DataLocation(file: file.path, line: record.line, field: "p_f"), "'\(p)' is not a number")
                }
                outcomes[key.joined(separator: "\u{1}")] = IndependenceOutcome(
                    status: field("status"), p: Double(p), significantAt: field("significant_at"))
            }
        }
        return outcomes
    }

    /// The tests of independence that differ between two runs, by edition, banner and
    /// table.
    static func independenceChanges(
        old: [String: IndependenceOutcome], new: [String: IndependenceOutcome], tolerance: Double
    ) -> [IndependenceChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { key in
            let (a, b) = (old[key], new[key])
            var moved = (a?.p == nil) != (b?.p == nil)
            if let x = a?.p, let y = b?.p { moved = abs(x - y) > tolerance }
            guard
                a?.status != b?.status || a?.significantAt != b?.significantAt || moved
            else { return nil }
            let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            return IndependenceChange(
                edition: parts[0], banner: parts[1], table: parts[2], oldStatus: a?.status, newStatus: b?.status,
                oldP: a?.p, newP: b?.p, oldSignificantAt: a?.significantAt, newSignificantAt: b?.significantAt)
        }
    }

    /// The account of the tests of independence that changed: a count, then a line for
    /// each whose verdict changed.
    var independenceReport: [String] {
        guard !independence.isEmpty else { return [] }
        let named = editions.count > 1
        var lines = ["tests of independence: \(independence.count) of \(independenceCompared) changed"]
        for change in independence where change.verdictChanged {
            let edition = named ? "edition \(change.edition), " : ""
            func verdict(_ status: String?, _ p: Double?, _ level: String?) -> String {
                guard let status else { return "absent" }
                guard status == "tested", let p else { return status }
                return "p \(Self.number(p)), "
                    + (level.map { $0.isEmpty ? "not significant" : "significant at \($0)" } ?? "")
            }
            lines.append(
                "  \(edition)\(change.table) by \(change.banner): "
                    + "\(verdict(change.oldStatus, change.oldP, change.oldSignificantAt)) -> "
                    + verdict(change.newStatus, change.newP, change.newSignificantAt))
        }
        return lines
    }
}
