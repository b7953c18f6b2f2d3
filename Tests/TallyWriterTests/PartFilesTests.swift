import Foundation
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyAggregator
@testable import TallyWriter

/// Table and difference files are formatted table by table, then joined per part file.
@Suite("Table and difference part files")
struct PartFilesTests {
    static func row(_ table: String, _ banner: String, _ answer: (code: String, label: String)) -> ResultRow {
        TabBookTests.row(
            table: table, banner: banner, column: (code: "C", label: "Consumers", letter: "A", base: 250),
            answer: answer, statistic: "percent", value: .real(12.5), over: "B")
    }

    @Test func tablesFormattedApartAreJoinedPerPartitionInTableOrder() throws {
        let files = TableFiles(edition: "2023", partitionBy: [.banner])
        var withEffect = Self.row("t1", "all", ("2", "Agree, \"fully\""))
        withEffect.designEffect = 1.25
        let first = [Self.row("t1", "all", ("1", "Yes")), Self.row("t1", "region", ("1", "Yes")), withEffect]
        let second = [Self.row("t2", "all", ("1", "Yes"))]
        let folder = try TemporaryFolder()
        let written = try files.write([files.format(first), files.format(second)], under: folder.path)
        #expect(
            written == [
                WrittenFile(path: "tables/edition=2023/banner=all/part-00000.csv", rows: 3),
                WrittenFile(path: "tables/edition=2023/banner=region/part-00000.csv", rows: 1),
            ])
        let header =
            "table_name,question_key,column_code,column_label,row_code,row_label,statistic,value,unweighted_base,weighted_base,"
            + "effective_base,standard_error,ci_lower,ci_upper,column_letter,significant_over,flag,design_effect"
        // Bases: 250 respondents, 312.5 weighted (× 1.25), 200 effective (× 0.8).
        let all = try String(contentsOfFile: folder.file(written[0].path), encoding: .utf8)
        #expect(
            all == #"""
                \#(header)
                t1,q,C,"Consumers",1,"Yes",percent,12.5,250,312.5,200.0,,,,A,B,,
                t1,q,C,"Consumers",2,"Agree, ""fully""",percent,12.5,250,312.5,200.0,,,,A,B,,1.25
                t2,q,C,"Consumers",1,"Yes",percent,12.5,250,312.5,200.0,,,,A,B,,

                """#)
        let region = try String(contentsOfFile: folder.file(written[1].path), encoding: .utf8)
        // Labels are quoted in every row, so that CSV sniffers learn the quote character.
        #expect(region == header + "\nt1,q,C,\"Consumers\",1,\"Yes\",percent,12.5,250,312.5,200.0,,,,A,B,,\n")
    }

    @Test func differencesAreJoinedPerBannerWithTheirLevels() throws {
        func difference(_ table: String, _ banner: String, level: Double?) -> ColumnDifference {
            ColumnDifference(
                banner: banner, table: table, question: "q", rowCode: "1", row: "Yes", statistic: "percent",
                column: "A", other: "B", difference: 2.5, z: 1.25, p: 0.5, adjustedP: 1, level: level)
        }
        let folder = try TemporaryFolder()
        let written = try DifferenceFiles.write(
            [
                DifferenceFiles.format([difference("t1", "all", level: 0.05)], edition: "2023"),
                DifferenceFiles.format(
                    [difference("t2", "region", level: nil), difference("t2", "all", level: 0.1)], edition: "2023"),
            ], under: folder.path)
        #expect(written.map(\.rows) == [2, 1])
        let all = try String(contentsOfFile: folder.file(written[0].path), encoding: .utf8)
        #expect(
            all == """
                table_name,question_key,row_code,row_label,statistic,column_code,other_column_code,difference,z,p_value,p_adjusted,significant_at
                t1,q,1,"Yes",percent,A,B,2.5,1.25,0.5,1.0,5%
                t2,q,1,"Yes",percent,A,B,2.5,1.25,0.5,1.0,10%

                """)
        #expect(written[1].path == "differences/edition=2023/banner=region/part-00000.csv")
    }
}
