import TallyModel

extension BinaryWriter {
    /// A batch: its rows' lines, ids, base weights and every value buffer, then its rejects.
    package mutating func batch(_ batch: ColumnBatch) {
        int(batch.fileIndex)
        ints(batch.lines)
        blob(batch.idBytes[...])
        ints(batch.idEnds)
        doubles(batch.baseWeights)
        for codes in batch.categorical {
            blob(codes.map { $0.littleEndian }.withUnsafeBytes { ArraySlice($0) })
        }
        for numbers in batch.numeric { doubles(numbers) }
        for (mentioned, answered) in zip(batch.mentioned, batch.answered) {
            u64s(mentioned)
            u64s(answered)
        }
        rejects(batch.rejects)
    }
}

extension BinaryReader {
    /// A batch written by `BinaryWriter.batch`, of a batch shaped for `layout`.
    package mutating func batch(layout: ColumnLayout) throws -> ColumnBatch {
        var batch = ColumnBatch(layout: layout, fileIndex: try int(), capacity: 0)
        let lines = try ints()
        batch.appendEmptyRows(lines.count)
        batch.lines = lines
        batch.idBytes = Array(try blob())
        batch.idEnds = try ints()
        batch.baseWeights = try doubles()
        for slot in batch.categorical.indices {
            let raw = try blob()
            guard raw.count == 2 * lines.count else { throw damaged("a code buffer of \(raw.count) bytes") }
            batch.categorical[slot] = raw.withUnsafeBytes { bytes in
                (0..<lines.count).map {
                    UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
                }
            }
        }
        for slot in batch.numeric.indices { batch.numeric[slot] = try doubles() }
        for slot in batch.mentioned.indices {
            batch.mentioned[slot] = try u64s()
            batch.answered[slot] = try u64s()
        }
        let buffers =
            [batch.idEnds.count, batch.baseWeights.count] + batch.numeric.map(\.count) + batch.mentioned.map(\.count)
            + batch.answered.map(\.count)
        guard buffers.allSatisfy({ $0 == lines.count }), batch.idEnds.last ?? 0 == batch.idBytes.count else {
            throw damaged("a batch whose buffers do not hold \(lines.count) rows each")
        }
        batch.rejects = try rejects()
        return batch
    }
}

extension FrameSpill {
    /// The first row id in a spill of batches (deferred rows) for which `matches`
    /// holds, for messages naming a respondent; nil when none does.
    package static func firstID(
        in path: String, layout: ColumnLayout, where matches: (ArraySlice<UInt8>) -> Bool
    ) throws -> String? {
        let reader = try Reader(path: path)
        while var frame = try reader.next() {
            let batch = try frame.batch(layout: layout)
            for row in 0..<batch.count {
                let id = batch.idBytes[(row == 0 ? 0 : batch.idEnds[row - 1])..<batch.idEnds[row]]
                if matches(id) { return String(decoding: id, as: UTF8.self) }
            }
        }
        return nil
    }
}
