import Foundation
import TallyModel
import TallyPartials
import TallyPipeline
import TallyTestSupport
import Testing

/// A merge settles the whole-run rules as one run does, reading again only the
/// inputs they ask for: the opens of each input are counted by the kernel over the
/// partial runs and the merge, and the merge's files are compared with one run's.
@Suite("Merges that read inputs again")
struct MergeRereadTests {
    static let definition = Repository.fixture("cleaning/pipeline.yaml")

    /// One partial per input, then a merge (partials named in reverse): the opens
    /// of each input by the partial runs and by the merge, and the merge's files.
    static func partialsAndMerge(
        _ inputs: [String], in folder: TemporaryFolder
    ) throws
        -> (partialOpens: [Int], mergeOpens: [Int], merged: [String: Data])
    {
        let counter = try OpenCounter(watching: inputs)
        let partials = try PartialMergeTests.partials(definition, inputs.map { [$0] }, in: folder, name: "p")
        let first = try counter.opens()
        let merged = try PartialMergeTests.merge(definition, partials.reversed(), in: folder, name: "merged")
        let second = try counter.opens()
        return (inputs.map { first[$0]! }, inputs.map { second[$0]! - first[$0]! }, merged)
    }

    @Test("Nothing to settle across inputs: each input is read once, by its partial, and never by the merge")
    func commonCase() throws {
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(
            [GeneratedRespondents.spread(1500, seed: 1), GeneratedRespondents.spread(1200, seed: 2)], in: folder)
        let expected = try PartialMergeTests.single(Self.definition, inputs, in: folder)
        let (partialOpens, mergeOpens, merged) = try Self.partialsAndMerge(inputs, in: folder)
        #expect(partialOpens == [1, 1] && mergeOpens == [0, 0])
        #expect(merged == expected)
    }

    @Test("An input repeating an earlier input's respondents is the only one the merge reads again")
    func repeats() throws {
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(
            [GeneratedRespondents.spread(1500, seed: 1), GeneratedRespondents.spread(1200, seed: 2)],
            repeats: [(1, 7)], in: folder)
        let expected = try PartialMergeTests.single(Self.definition, inputs, in: folder)
        let (partialOpens, mergeOpens, merged) = try Self.partialsAndMerge(inputs, in: folder)
        #expect(partialOpens == [1, 1] && mergeOpens == [0, 1])
        #expect(merged == expected)
        let manifest = try JSONSerialization.jsonObject(with: try #require(merged["manifest.json"])) as? [String: Any]
        #expect(manifest?["reprocessed_files"] as? [String] == [inputs[1]])
    }

    @Test("A misled speeder bound: the merge reads every input again, once, into the bytes of one run")
    func misled() throws {
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(
            [GeneratedRespondents.misled, GeneratedRespondents.misledPartner], repeats: [(1, 10)], in: folder)
        let expected = try PartialMergeTests.single(Self.definition, inputs, in: folder)
        let (partialOpens, mergeOpens, merged) = try Self.partialsAndMerge(inputs, in: folder)
        #expect(partialOpens == [1, 1] && mergeOpens == [1, 1])
        #expect(merged == expected)
        let rejects = try readCSV(folder.file("merged/rejects.csv")).dropFirst()
        #expect(rejects.filter { $0[3] == "speeder" }.count == 1002)
    }

    @Test("An input the merge must read again but cannot, or that changed, fails and names why")
    func unreadableOrChanged() throws {
        let folder = try TemporaryFolder()
        let inputs = try GeneratedRespondents.write(
            [GeneratedRespondents.misled, GeneratedRespondents.misledPartner], in: folder)
        let partials = try PartialMergeTests.partials(Self.definition, inputs.map { [$0] }, in: folder, name: "p")
        let text = try String(contentsOfFile: inputs[1], encoding: .utf8)
        try FileManager.default.removeItem(atPath: inputs[1])
        let missing = try #require(
            PartialMergeTests.tallyError {
                _ = try PartialMergeTests.merge(Self.definition, partials, in: folder, name: "out")
            })
        #expect(missing.exitCode == 65)
        #expect(missing.description.contains("speeder bound") && missing.description.contains(inputs[1]), "\(missing)")
        _ = try folder.write("in/file1.csv", text + "Z9,C,US,1000,1,2,3,4,,M\n")
        let changed = try #require(
            PartialMergeTests.tallyError {
                _ = try PartialMergeTests.merge(Self.definition, partials, in: folder, name: "out")
            })
        #expect(changed.exitCode == 65)
        #expect(changed.description.contains("changed since partial"), "\(changed)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }
}
