import Foundation
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// Whole runs give byte-identical outputs whatever the inflater and the number of jobs.
@Suite("Inflaters and jobs, end to end")
struct InflaterRunTests {
    @Test(
        "zlib and ISA-L, 1, 2 and 4 jobs: identical outputs",
        arguments: ["Pipelines/connected-customer-2023.yaml", "Fixtures/handmade/pipeline.yaml"])
    func identical(definition: String) throws {
        let folder = try TemporaryFolder()
        var reference: [String: Data]?
        for (inflater, jobs) in [(Inflater.zlib, 1), (.isal, 2), (.isal, 4), (.zlib, 4)] {
            let output = folder.file("\(inflater)-\(jobs)")
            _ = try PipelineRunner.run(
                RunOptions(
                    definitionPath: Repository.path(definition), outputDirectory: output, jobs: jobs,
                    inflater: inflater))
            let files = try snapshot(output)
            #expect(files["weights/part-00000.csv.gz"] != nil)
            if let reference {
                #expect(files == reference, "\(inflater), \(jobs) jobs")
            } else {
                reference = files
            }
        }
    }
}
