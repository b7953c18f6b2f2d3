import CTallyZlib
import Testing

@testable import TallyReader

@Suite("GzipInflater")
struct GzipInflaterTests {
    /// Inflates all of `input` in one call into a generous buffer.
    private func inflate(
        _ inflater: GzipInflater, _ input: [UInt8], capacity: Int = 4096
    ) throws
        -> (GzipInflater.Step, [UInt8])
    {
        var output = [UInt8](repeating: 0, count: capacity)
        let step = try input.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { output in try inflater.inflate(input, into: output) }
        }
        return (step, Array(output[..<step.produced]))
    }

    @Test func inflatesOneMemberAndChecksItsTrailer() throws {
        let text = Array(String(repeating: "respondent,answer\n", count: 40).utf8)
        let compressed = gzip(text)
        let inflater = try GzipInflater()
        let (step, output) = try inflate(inflater, compressed)
        #expect(step == GzipInflater.Step(consumed: compressed.count, produced: text.count, endedMember: true))
        #expect(output == text)
        #expect(inflater.totalIn == compressed.count)
        #expect(inflater.totalOut == text.count)
    }

    @Test func resetsForTheNextMember() throws {
        let first = gzip(Array("first\n".utf8))
        let second = gzip(Array("second\n".utf8))
        let inflater = try GzipInflater()
        let (step1, output1) = try inflate(inflater, first + second)
        #expect(step1.endedMember && step1.consumed == first.count && output1 == Array("first\n".utf8))
        try inflater.reset()
        let (step2, output2) = try inflate(inflater, second)
        #expect(step2.endedMember && output2 == Array("second\n".utf8))
        #expect(inflater.totalIn == first.count + second.count)
    }

    @Test func stopsWhenTheOutputIsFull() throws {
        let text = Array(String(repeating: "x", count: 1000).utf8)
        let inflater = try GzipInflater()
        let (step, output) = try inflate(inflater, gzip(text), capacity: 100)
        #expect(step.produced == 100 && !step.endedMember)
        #expect(output == Array(text[..<100]))
    }

    @Test func failedInitKeepsZlibsCode() {
        #expect(throws: ZlibError(code: Z_STREAM_ERROR, message: "stream error")) {
            _ = try GzipInflater(windowBits: 99)
        }
    }

    @Test func damagedInputThrowsEveryTimeAndTearsDownCleanly() throws {
        var inflater: GzipInflater? = try GzipInflater()
        let notGzip = Array("plain text, not gzip".utf8)
        for _ in 0..<2 {
            let error = #expect(throws: ZlibError.self) { _ = try inflate(inflater!, notGzip) }
            #expect(error?.code == Z_DATA_ERROR)
            #expect(error?.message == "incorrect header check")
        }
        inflater = nil
        #expect(inflater == nil)
    }

    @Test func describesErrorsWithCodeNameAndMessage() {
        let error = ZlibError(code: Z_DATA_ERROR, message: "incorrect data check")
        #expect(error.description == "zlib Z_DATA_ERROR (-3): incorrect data check")
    }
}
