import Foundation
import TallyTestSupport
import Testing

/// Input file names as they come: the messages that name them stay one line each.
@Suite("Input names in messages")
struct InputNamesCommandTests {
    @Test("A file name with a newline is escaped in the error, so it cannot forge a log line")
    func newlineInName() throws {
        let folder = try TemporaryFolder()
        let forged = "x.csv\ntally: connected-customer edition handmade: 300 rows read.csv"
        try folder.write("in/" + forged, "not,a,survey\n1,2,3\n")
        for format in ["human", "json"] {
            let result = try TallyCommand.run([
                "run", RunCommandTests.pipeline, "--input", folder.file("in"), "--output", folder.file("out"),
                "--log-format", format,
            ])
            #expect(result.status == 65, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            let escaped = format == "human" ? "x.csv\\ntally: connected" : "x.csv\\\\ntally: connected"
            #expect(result.stderr.contains(escaped), "\(result.stderr)")
        }
    }
}
