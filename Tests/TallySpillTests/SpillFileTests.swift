import Foundation
import TallyDefinition
import TallyModel
import TallySpill
import TallyTestSupport
import Testing

/// What a run sets aside on disk while it reads (rejects, deferred rows), read
/// back and checked against what went in.
@Suite("Spill files")
struct SpillFileTests {
    @Test("a reject log reads its spilled and deferred parts back interleaved by line, with their counts")
    func rejectLog() throws {
        let folder = try TemporaryFolder()
        func reject(_ line: Int, _ rule: String, row: Bool) -> Reject {
            Reject(
                file: "f.csv", line: line, respondentID: "R\(line)", rule: rule, field: row ? "" : "q1",
                rawValue: "x, \"y\"", action: row ? .rowRejected : .valueExcluded, reason: "reason \(line)")
        }
        let early =
            [reject(3, "out_of_domain", row: false), reject(3, "ragged_row", row: true)]
            + (10..<30).map { reject($0, "out_of_domain", row: false) }
        let imputed = Reject(
            file: "f.csv", line: 12, respondentID: "R12", rule: "weighting_imputed", field: "gender", rawValue: "",
            action: .valueImputed, reason: "missing gender stood in for weighting")
        let deferred = [reject(2, "speeder", row: true), imputed, reject(12, "speeder", row: true)]
        let spill = try RejectSpill(path: folder.file("rejects"))
        try spill.append(Array(early.prefix(5)))
        try spill.append(Array(early.dropFirst(5)))
        var log = try spill.finish()
        log.add(RejectLog(deferred))
        let expected = (early + deferred).enumerated().sorted {
            ($0.element.line, $0.offset >= early.count ? 1 : 0, $0.offset)
                < ($1.element.line, $1.offset >= early.count ? 1 : 0, $1.offset)
        }.map(\.element)
        #expect(try log.all() == expected)
        #expect(log.count == 25)
        #expect(log.rowsRejected == 3)
        #expect(log.valuesExcluded == 21)
        #expect(log.byRule == ["out_of_domain": 21, "ragged_row": 1, "speeder": 2, "weighting_imputed": 1])
        #expect(log.firstRowRejected == deferred[0])
        #expect(log.first == Array(expected.prefix(RejectLog.firstKept)))
    }

    @Test("a batch of the 2023 edition's layout comes back from a spill file as it went in")
    func batchRoundTrip() throws {
        let folder = try TemporaryFolder()
        let definition = try DefinitionLoader.load(path: Repository.path("Pipelines/connected-customer-2023.yaml"))
        let layout = ColumnLayout(fields: definition.fields)
        var batch = ColumnBatch(layout: layout, fileIndex: 3, capacity: 3)
        for row in 0..<3 {
            batch.appendEmptyRow(line: 10 + row, id: Array("R\(row)é".utf8))
            batch.baseWeights[row] = 0.5 + Double(row)
            for slot in batch.categorical.indices where (slot + row) % 3 != 0 {
                batch.categorical[slot][row] = UInt16(slot % 5)
            }
            for slot in batch.numeric.indices where row != 1 { batch.numeric[slot][row] = Double(slot) * 1.25 }
            for slot in batch.mentioned.indices {
                batch.mentioned[slot][row] = UInt64(row + 1) << slot
                batch.answered[slot][row] = UInt64.max >> row
            }
        }
        batch.rejects = [
            Reject(
                file: "f.csv", line: 11, respondentID: "R1é", rule: "out_of_domain", field: "country",
                rawValue: "XX", action: .valueExcluded, reason: "code 'XX' is not declared")
        ]
        let spill = try FrameSpill(path: folder.file("rows"))
        var frame = BinaryWriter()
        frame.batch(batch)
        try spill.append(frame)
        try spill.append(frame)
        try spill.finish()
        let reader = try FrameSpill.Reader(path: folder.file("rows"))
        var frames = 0
        while var read = try reader.next() {
            let back = try read.batch(layout: layout)
            #expect(read.isAtEnd)
            #expect(back.fileIndex == 3 && back.count == 3)
            #expect(back.lines == batch.lines && back.idBytes == batch.idBytes && back.idEnds == batch.idEnds)
            #expect(back.baseWeights == batch.baseWeights)
            #expect(back.categorical == batch.categorical)
            #expect(zip(back.numeric.joined(), batch.numeric.joined()).allSatisfy { $0.bitPattern == $1.bitPattern })
            #expect(back.mentioned == batch.mentioned && back.answered == batch.answered)
            #expect(back.rejects == batch.rejects)
            frames += 1
        }
        #expect(frames == 2)
    }

    @Test("a spill file cut short is refused with its path")
    func truncatedSpill() throws {
        let folder = try TemporaryFolder()
        let spill = try FrameSpill(path: folder.file("rows"))
        var frame = BinaryWriter()
        frame.strings(["a", "b", "c"])
        try spill.append(frame)
        try spill.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.file("rows")))
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: folder.file("rows")))
        let reader = try FrameSpill.Reader(path: folder.file("rows"))
        #expect {
            _ = try reader.next()
        } throws: { error in
            "\(error)".contains(folder.file("rows")) && "\(error)".contains("cut short")
        }
    }
}
