import Foundation
import TallyTestSupport
import Testing

/// `Scripts/spark-run` in Spark's local mode. The script installs Java and pyspark
/// when missing; the test is cancelled, with the reason printed, only when they
/// cannot be installed (the script's exit 69).
@Suite("Spark job")
struct SparkRunTests {
    @Test("The Spark job in local mode writes the bytes of one run over all the shards")
    func localMode() throws {
        let script = Repository.path("Scripts/spark-run")
        let setup = try TallyCommand.run(["--setup-only"], program: script)
        if setup.status == 69 {
            let reason = "Spark job not run: Java or pyspark cannot be installed here: \(setup.stderr)"
            print(reason)
            try Test.cancel(Comment(rawValue: reason))
        }
        try #require(setup.status == 0, "\(setup.stderr)")

        let folder = try TemporaryFolder()
        let definition = "Pipelines/connected-customer-2023.yaml"
        let shards = Repository.fixture("connected-customer-2023") + "/*.csv.gz"
        let single = try TallyCommand.run(["run", definition, "--input", shards, "--output", folder.file("single")])
        try #require(single.status == 0, "\(single.stderr)")
        let spark = try TallyCommand.run(
            [definition, shards, folder.file("spark"), "--master", "local[2]"], program: script,
            environment: ["TALLY": TallyCommand.executable])
        try #require(spark.status == 0, "\(spark.stderr)")
        #expect(spark.stderr.contains("4 shards in 2 groups"), "\(spark.stderr)")
        let expected = try snapshot(folder.file("single"))
        let written = try snapshot(folder.file("spark"))
        #expect(written.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected { #expect(written[path] == bytes, "\(path) differs") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix(".tally-spark-")
        }
        #expect(leftovers.isEmpty, "work folders left: \(leftovers)")
    }
}
