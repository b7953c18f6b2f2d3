import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// A quote left open, end to end: every respondent of the input is in exactly one of
/// the weights file and `rejects.csv`, and `rows_read` counts them all.
@Suite("Quotes left open, end to end")
struct QuoteDamageRunTests {
    /// The hand-made sample's header, and its 300 respondents as records (a record's
    /// physical lines joined, line ends kept).
    static let sample: (header: String, records: [String]) = {
        let text =
            (try? String(contentsOfFile: Repository.fixture("handmade/variants/plain.csv"), encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        lines.removeLast()
        var records: [String] = []
        var open = ""
        for line in lines.dropFirst() {
            open += line
            // A record ends on a line where its quotes balance.
            if open.filter({ $0 == "\"" }).count % 2 == 0 {
                records.append(open)
                open = ""
            }
        }
        return (String(lines[0]), records)
    }()

    /// The sample's respondent ids, in order.
    static var ids: [String] { sample.records.map { String($0.prefix(while: { $0 != "," })) } }

    /// A record whose comment opens a quote that is never closed.
    static func open(_ id: String) -> String {
        id + ",1,C,US,1980,F,4,1,1,1,1,1,50,pA,\"unterminated\n"
    }

    /// The hand-made definition with `quality.max_rejected_share` set, written into `folder`.
    static func definition(share: Double, in folder: TemporaryFolder) throws -> String {
        let text = try String(contentsOfFile: Repository.fixture("handmade/pipeline.yaml"), encoding: .utf8)
        #expect(text.contains("max_rejected_share: 0\n"))
        return try folder.write(
            "pipeline.yaml",
            text.replacingOccurrences(of: "max_rejected_share: 0\n", with: "max_rejected_share: \(share)\n"))
    }

    /// The ids of the weights file and of the rows `rejects.csv` rejects, and the manifest, of a run's output.
    static func accounted(_ output: String) throws -> (weights: [String], rejected: [String], manifest: [String: Any]) {
        let weights = String(decoding: try gunzip(output + "/weights/part-00000.csv.gz"), as: UTF8.self)
            .split(separator: "\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) }
        let rejects = try readCSV(output + "/rejects.csv")
        let action = try #require(rejects.first?.firstIndex(of: "action"))
        let rejected = rejects.dropFirst().filter { $0[action] == "row_rejected" }.map { $0[2] }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/manifest.json")))
                as? [String: Any])
        return (weights, rejected, manifest)
    }

    /// A case: files of records (a file of several parts is written as one gzip member per part).
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Per file, its parts: runs of records, the header before the first.
        var files: [[[String]]]
        /// The ids whose line opens a quote never closed, and the physical line of each.
        var opened: [(id: String, file: Int, line: Int)]
        /// The column whose field opens the quote.
        var field = "comment"
        var testDescription: String { name }
    }

    /// The sample with `open(id)` records inserted before the records at the given indices (into one list).
    static func inserting(_ insertions: [(id: String, before: Int)]) -> [String] {
        var records = sample.records
        for (id, before) in insertions.sorted(by: { $0.before > $1.before }) { records.insert(open(id), at: before) }
        return records
    }

    /// The physical line of the record at `index` in `records` (the header is line 1).
    static func line(of index: Int, in records: [String]) -> Int {
        2 + records[..<index].reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
    }

    static let cases: [Case] = {
        // The line before R00006 is line 7, as in the issue; R00024's comment runs over two lines.
        let first = inserting([("R99991", 0)])
        let middle = inserting([("R99992", 5)])
        let last = inserting([("R99993", sample.records.count)])
        let beforeTwoLines = inserting([("R99994", 23)])
        let members = inserting([("R99995", 140), ("R99996", 200)])
        var openID = sample.records
        openID.insert("\"R99998,1,C,US,1980,F,4,1,1,1,1,1,50,pA,\n", at: 40)
        return [
            Case(name: "first data line", files: [[first]], opened: [("R99991", 0, 2)]),
            Case(name: "line 7", files: [[middle]], opened: [("R99992", 0, 7)]),
            Case(name: "last line", files: [[last]], opened: [("R99993", 0, line(of: last.count - 1, in: last))]),
            Case(
                name: "before a comment of two lines", files: [[beforeTwoLines]],
                opened: [("R99994", 0, line(of: 23, in: beforeTwoLines))]),
            Case(
                name: "multi-member gzip, one member ending inside the quote",
                files: [[Array(members[..<100]), Array(members[100..<141]), Array(members[141...])]],
                opened: [("R99995", 0, line(of: 140, in: members)), ("R99996", 0, line(of: 201, in: members))]),
            Case(
                name: "two files, the quote opened in the second",
                files: [[Array(sample.records[..<150])], [Array(sample.records[150...]) + [open("R99997")]]],
                opened: [("R99997", 1, 2 + sample.records[150...].reduce(0) { $0 + $1.filter { $0 == "\n" }.count })]),
            Case(
                name: "the id field opens the quote", files: [[openID]],
                opened: [("R99998", 0, line(of: 40, in: openID))], field: "respondent_id"),
        ]
    }()

    /// Writes a case's files into `folder`: plain CSV, or gzip with one member per part.
    static func write(_ testCase: Case, in folder: TemporaryFolder) throws -> [String] {
        try testCase.files.enumerated().map { index, parts in
            let texts = parts.enumerated().map { ($0.offset == 0 ? sample.header : "") + $0.element.joined() }
            guard parts.count > 1 else { return try folder.write("d\(index).csv", texts[0]) }
            let path = folder.file("d\(index).csv.gz")
            let members = try texts.enumerated().map { part, text in
                try gzipped(try folder.write("d\(index)-\(part).csv", text))
            }
            try Data(members.joined()).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test("Every respondent is in the weights or in rejects.csv, exactly once", arguments: cases)
    func everyRespondentAccounted(_ testCase: Case) throws {
        let folder = try TemporaryFolder()
        let inputs = try Self.write(testCase, in: folder)
        for inflater in Inflater.allCases {
            let output = folder.file("out-\(inflater)")
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: try Self.definition(share: 1, in: folder), inputs: inputs,
                    outputDirectory: output, inflater: inflater))
            let (weights, rejected, manifest) = try Self.accounted(output)
            let expected = Self.ids + testCase.opened.map(\.id)
            #expect((weights + rejected).sorted() == expected.sorted(), "\(inflater)")
            #expect(rejected.sorted() == testCase.opened.map(\.id).sorted())
            #expect(manifest["rows_read"] as? Int == expected.count)
            #expect(manifest["rows_rejected"] as? Int == testCase.opened.count)
            #expect((manifest["rejects_by_rule"] as? [String: Int]) == ["unterminated_quote": testCase.opened.count])
            let rejects = try readCSV(output + "/rejects.csv").dropFirst()
            #expect(
                rejects.map { [$0[0], $0[1], $0[3], $0[4]] }
                    == testCase.opened.map {
                        [inputs[$0.file], String($0.line), "unterminated_quote", testCase.field]
                    })
        }
    }

    @Test("With the default share the run fails naming the quote and where it opens")
    func failsAtTheDefaultShare() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("d.csv", Self.sample.header + Self.inserting([("R99999", 5)]).joined())
        let error = #expect(throws: TallyError.self) {
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: try Self.definition(share: 0, in: folder), inputs: [input],
                    outputDirectory: folder.file("out")))
        }
        #expect(error?.exitCode == 65)
        let message = error?.description ?? ""
        #expect(
            message.hasPrefix(
                "\(input):7, field 'comment': unterminated quote: the quote opened in field 'comment' on line 7 is never closed"
            ), "\(message)")
        #expect(message.contains("1 of 301 rows rejected"), "\(message)")
    }
}

/// A file's bytes as one gzip member, through the system's `gzip` (an independent encoder).
func gzipped(_ path: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n", path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return compressed
}
