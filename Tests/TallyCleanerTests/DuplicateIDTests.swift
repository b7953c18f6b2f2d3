import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyCleaner

/// The duplicate check's ids kept on disk (runs of hashes) and compared across
/// files, checked against the same work done in memory with the standard library.
@Suite("Duplicate respondent ids")
struct DuplicateIDTests {
    /// A batch of rows with these ids on lines 2, 3, ... and no value columns.
    static func batch(ids: [String], firstLine: Int) -> ColumnBatch {
        var batch = ColumnBatch(layout: ColumnLayout(fields: []), fileIndex: 0, capacity: ids.count)
        for (offset, id) in ids.enumerated() { batch.appendEmptyRow(line: firstLine + offset, id: Array(id.utf8)) }
        return batch
    }

    /// Ids drawn from a small range, so many repeat, far apart and close together.
    static func ids(_ count: Int, range: UInt64, seed: UInt64) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "R\((state >> 33) % range)"
        }
    }

    @Test("the duplicate check writing runs of 64 ids rejects exactly the repeats a Set finds, and keeps every first")
    func duplicateFilterAcrossRuns() throws {
        let folder = try TemporaryFolder()
        var filter = try DuplicateFilter(earlier: [], spillPath: folder.file("ids"), runCapacity: 64)
        let ids = Self.ids(5_000, range: 3_000, seed: 7)
        var seen = Set<String>()
        let expectedKept = ids.filter { seen.insert($0).inserted }
        var kept: [String] = []
        var rejectedLines: [Int] = []
        for start in stride(from: 0, to: ids.count, by: 700) {
            var batch = Self.batch(ids: Array(ids[start..<min(start + 700, ids.count)]), firstLine: start + 2)
            try filter.filter(&batch, fileName: "f.csv")
            kept += (0..<batch.count).map { batch.id(at: $0) }
            rejectedLines += batch.rejects.map(\.line)
            #expect(batch.rejects.allSatisfy { $0.rule == "duplicate_id" && $0.action == .rowRejected })
        }
        #expect(kept == expectedKept)
        #expect(rejectedLines.count == ids.count - expectedKept.count)
        let runs = try filter.finish()
        #expect(runs.count == expectedKept.count)
        #expect(runs.cursors().count == expectedKept.count / 64 + 1)
        let hashes = expectedKept.map { RespondentIDs.hash(ArraySlice($0.utf8)) }
        #expect(try runs.sorted() == hashes.sorted())
        #expect(try hashes.allSatisfy { try runs.contains($0) })
        #expect(try !runs.contains(RespondentIDs.hash(ArraySlice("R999999".utf8))))
    }

    @Test("ids of an earlier file are rejected as such, the rest as repeats within the file")
    func earlierFileIDs() throws {
        let folder = try TemporaryFolder()
        let earlier: Set<UInt64> = [RespondentIDs.hash(ArraySlice("R2".utf8))]
        var filter = try DuplicateFilter(earlier: earlier, spillPath: folder.file("ids"), runCapacity: 2)
        var batch = Self.batch(ids: ["R1", "R2", "R3", "R4", "R1", "R5"], firstLine: 2)
        try filter.filter(&batch, fileName: "f.csv")
        #expect((0..<batch.count).map { batch.id(at: $0) } == ["R1", "R3", "R4", "R5"])
        #expect(batch.rejects.map(\.line) == [3, 6])
        #expect(batch.rejects[0].reason.contains("in an earlier file"))
        #expect(batch.rejects[1].reason.contains("earlier in this file"))
    }

    @Test("files holding an earlier file's respondents are found with the ids they repeat, the first file never")
    func crossFileRepeats() throws {
        let folder = try TemporaryFolder()
        let files: [[UInt64]] = [[5, 9, 1, 40, 77], [2, 9, 3, 4, 6, 8], [100, 5, 2, 7], [11, 12]]
        var runs: [IDRuns] = []
        for (index, ids) in files.enumerated() {
            let fileRuns = try IDRuns(path: folder.file("ids-\(index)"))
            // Two runs per file, as a large file writes them.
            try fileRuns.append(sorted: ids.prefix(2).sorted())
            try fileRuns.append(sorted: ids.dropFirst(2).sorted())
            runs.append(fileRuns)
        }
        var expected: [Int: Set<UInt64>] = [:]
        for (index, ids) in files.enumerated() {
            let before = Set(files[..<index].joined())
            let repeated = Set(ids).intersection(before)
            if !repeated.isEmpty { expected[index] = repeated }
        }
        #expect(expected == [1: [9], 2: [5, 2]])
        #expect(try CrossFileRepeats.find(in: runs) == expected)
    }

    @Test(
        "merges over shares of the hashes' range find the repeats a Set finds, for runs of many blocks",
        arguments: [1, 2, 3, 7])
    func crossFileRepeatsInParts(parts: Int) throws {
        let folder = try TemporaryFolder()
        // Hashes spread over the whole range (SplitMix64 of 0, 1, 2…), with every
        // seventh id of a file also in the next file, and the range's two ends.
        func mixed(_ value: UInt64) -> UInt64 {
            var z = value &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var files: [[UInt64]] = (0..<3).map { file in (0..<3000).map { mixed(UInt64(file * 3000 + $0)) } }
        for file in 1..<files.count { files[file] += stride(from: 0, to: 3000, by: 7).map { files[file - 1][$0] } }
        files[0] += [0, UInt64.max]
        files[2] += [0, UInt64.max]
        var expected: [Int: Set<UInt64>] = [:]
        var runs: [IDRuns] = []
        for (index, ids) in files.enumerated() {
            let fileRuns = try IDRuns(path: folder.file("ids-\(index)"))
            // Runs of several blocks each (`IDRuns.blockSize` hashes), as a large file writes them.
            for start in stride(from: 0, to: ids.count, by: 1500) {
                try fileRuns.append(sorted: ids[start..<min(start + 1500, ids.count)].sorted())
            }
            runs.append(fileRuns)
            let repeated = Set(ids).intersection(Set(files[..<index].joined()))
            if !repeated.isEmpty { expected[index] = repeated }
        }
        #expect(expected[1]?.count == 429 && expected[2]?.count == 431)
        #expect(try CrossFileRepeats.find(in: runs, parts: parts) == expected)
    }
}
