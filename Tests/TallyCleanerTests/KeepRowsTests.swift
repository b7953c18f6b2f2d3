import TallyModel
import Testing

/// `ColumnBatch.keepRows`, which the cleaner drops its rejected rows with.
@Suite("Dropping rows from a batch")
struct KeepRowsTests {
    /// Ten rows whose ids have different lengths (and one is empty) and whose
    /// values say which row they came from.
    func batch() -> ColumnBatch {
        var batch = ColumnBatch(layout: Survey.layout, fileIndex: 0, capacity: 10)
        let ids = ["a", "bb", "", "dddd", "e", "ffffff", "g", "hh", "iii", "j"]
        for (row, id) in ids.enumerated() {
            batch.appendEmptyRow(line: 100 + row, id: Array(id.utf8))
            batch.baseWeights[row] = Double(row) + 0.5
            batch.categorical[1][row] = UInt16(row)
            batch.numeric[2][row] = Double(row * 10)
            batch.mentioned[0][row] = UInt64(row)
            batch.answered[0][row] = UInt64(row) + 1
        }
        return batch
    }

    @Test("Runs of kept rows with dropped rows between them, first and last rows dropped too")
    func runs() {
        var batch = batch()
        let kept = [1, 3, 4, 5, 8]
        batch.keepRows((0..<10).map(kept.contains))
        #expect(batch.count == 5)
        #expect((0..<5).map(batch.id(at:)) == ["bb", "dddd", "e", "ffffff", "iii"])
        #expect(batch.idBytes == Array("bbdddde".utf8) + Array("ffffffiii".utf8))
        #expect(batch.idEnds == [2, 6, 7, 13, 16])
        #expect(batch.lines == [101, 103, 104, 105, 108])
        #expect(batch.baseWeights == [1.5, 3.5, 4.5, 5.5, 8.5])
        #expect(batch.categorical[1] == [1, 3, 4, 5, 8])
        #expect(batch.categorical[0] == Array(repeating: CategoryCode.missing, count: 5))
        #expect(batch.numeric[2] == [10, 30, 40, 50, 80])
        #expect(batch.mentioned[0] == [1, 3, 4, 5, 8])
        #expect(batch.answered[0] == [2, 4, 5, 6, 9])
    }

    @Test("An empty id among the kept rows, a first run that starts at row 0, and every row dropped")
    func edges() {
        var batch = batch()
        batch.keepRows([true, true, true, false, false, false, false, false, false, true])
        #expect((0..<batch.count).map(batch.id(at:)) == ["a", "bb", "", "j"])
        #expect(batch.idEnds == [1, 3, 3, 4])
        #expect(batch.lines == [100, 101, 102, 109])
        batch.keepRows([false, false, false, false])
        #expect(batch.count == 0)
        #expect(batch.idBytes.isEmpty && batch.idEnds.isEmpty && batch.numeric[2].isEmpty)
    }
}
