import Foundation
import TallyAggregator
import TallyComparison
import TallyModel
import TallyPipeline
import TallyTestSupport
import Testing

/// `TrendTable` on two small hand-made run folders: the join and the statistics.
@Suite("Trend tables")
struct TrendTableTests {
    /// The standard columns, in the order `tally run` writes them.
    static let header =
        "table_name,question_key,column_code,column_label,row_code,row_label,statistic,value,unweighted_base,weighted_base,effective_base,standard_error,ci_lower,ci_upper"
    /// The same columns as runs before the tidy files' version 2 named them (`table`, `question`, `column`, `row`).
    static let legacyHeader =
        "table,question,column_code,column,row_code,row,statistic,value,unweighted_base,weighted_base,effective_base,standard_error,ci_lower,ci_upper"

    /// Two runs: `old` (edition 2018, columns in the usual order under the names runs
    /// wrote before version 2) and `new` (edition 2023, a deeper `table=` partition,
    /// columns in another order plus extra ones).
    static func runs() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("old/manifest.json", "{}")
        try folder.write(
            "old/tables/edition=2018/banner=customer/part-00000.csv",
            """
            \(legacyHeader)
            t1,q1,total,Total,1,Agree,count,120,300,300,300,,,
            t1,q1,total,Total,1,Agree,percent,40,300,300,300,3,,
            t1,q1,total,Total,2,Disagree,percent,20,300,300,300,0.6,,
            t1,q1,total,Total,3,Unsure,percent,10,300,300,300,,,
            t1,q1,total,Total,4,Other,percent,5,300,300,300,1,,
            t1,q1,total,Total,9,Old only,percent,1,300,300,300,0.5,,
            t2,q2,C,"Consumers, all",,,mean,3.5,100,100,100,0.3,,
            t3,q_old,total,Total,1,Yes,percent,50,300,300,300,2,,

            """)
        try folder.write(
            "old/tables/edition=2018/banner=gender/part-00000.csv",
            """
            \(legacyHeader)
            t1,q1,F,Women,1,Agree,percent,41,150,150,150,4,,

            """)
        try folder.write("new/manifest.json", "{}")
        try folder.write(
            "new/questions/edition=2023/part-00000.csv",
            "table_name,question_key,title,wording,field,field_kind,base_text,filter\nt1,q1,Agreement,Do you agree?,q1,single,All respondents,\n"
        )
        try folder.write(
            "new/tables/edition=2023/banner=customer/table=t1/part-00000.csv",
            """
            statistic,question_key,row_code,column_code,value,standard_error,flag,table_name,column_label,row_label,column_letter,significant_over
            count,q1,1,total,150,,,t1,Total,Agree,A,
            percent,q1,1,total,49.8,4,,t1,Total,Agree,A,
            percent,q1,2,total,17,0.8,,t1,Total,Disagree,A,
            percent,q1,3,total,12,1,,t1,Total,Unsure,A,
            percent,q1,4,total,,,,t1,Total,Other,A,

            """)
        try folder.write(
            "new/tables/edition=2023/banner=customer/table=t2/part-00000.csv",
            """
            \(header),column_letter,significant_over,flag
            t2,q2,C,"Consumers, all",,,mean,3.6,110,110,110,0.4,,,B,,
            t9,q_new,total,Total,1,Yes,percent,60,300,300,300,2,,,A,,

            """)
        return folder
    }

    static func close(_ actual: Double?, _ expected: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= tolerance * max(1, abs(expected))
    }

    @Test("Rows with the same question, banner, column, row and statistic are joined; only percent and mean")
    func join() throws {
        let folder = try Self.runs()
        let (old, new) = (folder.file("old"), folder.file("new"))
        let comparison = try TrendTable.compare(old: old, new: new)
        let keys = comparison.rows.map { "\($0.question)/\($0.banner)/\($0.columnCode)/\($0.rowCode)/\($0.statistic)" }
        // Sorted by question, banner, column code, row code, statistic; no `count` rows, no
        // row 9 (old only), no gender banner (old only), no q_old or q_new.
        #expect(
            keys == [
                "q1/customer/total/1/percent", "q1/customer/total/2/percent", "q1/customer/total/3/percent",
                "q1/customer/total/4/percent", "q2/customer/C//mean",
            ])
        #expect(comparison.rows.allSatisfy { $0.oldEdition == "2018" && $0.newEdition == "2023" })
        #expect(comparison.onlyInOld == ["q_old"])
        #expect(comparison.onlyInNew == ["q_new"])
        #expect(try TrendTable.compute(old: old, new: new) == comparison.rows)
        withExtendedLifetime(folder) {}
    }

    @Test("Difference, standard error, z, p-value and significance")
    func statistics() throws {
        let folder = try Self.runs()
        let (old, new) = (folder.file("old"), folder.file("new"))
        let rows = try TrendTable.compute(old: old, new: new)
        // q1 row 1: 49.8 − 40 = 9.8 points; SE √(3² + 4²) = 5; z = 9.8 / 5 = 1.96;
        // two-sided p = 2 (1 − Φ(1.96)) = 0.0499958 ≈ 0.05, just below: 95%.
        let agree = rows[0]
        #expect(agree.oldValue == 40 && agree.newValue == 49.8)
        #expect(Self.close(agree.difference, 9.8))
        #expect(Self.close(agree.standardError, 5))
        #expect(Self.close(agree.z, 1.96))
        #expect(Self.close(agree.pValue, 0.04999579029644087, 1e-9))
        #expect(agree.significant == "95%")
        // q1 row 2: 17 − 20 = −3; SE √(0.6² + 0.8²) = 1; z = −3; p = 2 (1 − Φ(3)) = 0.0026998: 99%.
        let disagree = rows[1]
        #expect(Self.close(disagree.difference, -3))
        #expect(Self.close(disagree.standardError, 1))
        #expect(Self.close(disagree.z, -3))
        #expect(Self.close(disagree.pValue, 0.0026997960632601913, 1e-9))
        #expect(disagree.significant == "99%")
        // q1 row 3: the old side has no standard error: a difference of 2, no test.
        let unsure = rows[2]
        #expect(Self.close(unsure.difference, 2))
        #expect(unsure.standardError == nil && unsure.z == nil && unsure.pValue == nil && unsure.significant.isEmpty)
        // q1 row 4: the new side has no value: no difference, no test.
        let other = rows[3]
        #expect(other.oldValue == 5 && other.newValue == nil)
        #expect(other.difference == nil && other.standardError == nil && other.z == nil && other.significant.isEmpty)
        // q2 mean: 3.6 − 3.5 = 0.1; SE √(0.3² + 0.4²) = 0.5; z = 0.2; p = 2 (1 − Φ(0.2)) = 0.841481: not significant.
        let mean = rows[4]
        #expect(Self.close(mean.difference, 0.1, 1e-9))
        #expect(Self.close(mean.standardError, 0.5))
        #expect(Self.close(mean.z, 0.2, 1e-9))
        #expect(Self.close(mean.pValue, 0.841480581121794, 1e-9))
        #expect(mean.significant.isEmpty)
        // The difference is new − old of the unrounded values, exactly.
        #expect(
            rows.allSatisfy { row in
                guard let a = row.oldValue, let b = row.newValue else { return row.difference == nil }
                return row.difference == b - a
            })
        withExtendedLifetime(folder) {}
    }

    @Test("The two-sided normal p-value")
    func pValue() {
        #expect(abs(ColumnTests.twoSided(1.96) - 0.05) < 1e-4)
        #expect(abs(ColumnTests.twoSided(-1.96) - 0.04999579029644087) < 1e-12)
        #expect(ColumnTests.twoSided(0) == 1)
        #expect(abs(ColumnTests.twoSided(2.5758293035489004) - 0.01) < 1e-12)
    }

    @Test("The CSV has the documented columns and numbers in full precision")
    func csv() throws {
        let folder = try Self.runs()
        let (old, new) = (folder.file("old"), folder.file("new"))
        let rows = try TrendTable.compute(old: old, new: new)
        let path = folder.file("trend.csv")
        try TrendTable.write(rows, to: path)
        let csv = try readCSV(path)
        #expect(csv.first == TrendTable.header)
        #expect(csv.count == rows.count + 1)
        // The title from the new run's questions file, the labels beside the codes.
        #expect(
            Array(csv[2][0..<15]) == [
                "q1", "Agreement", "customer", "total", "Total", "2", "Disagree", "percent", "2018", "2023", "20.0",
                "17.0", "-3.0", "1.0", "-3.0",
            ])
        #expect(csv[2][16] == "99%")
        #expect(Double(csv[2][15]) == rows[1].pValue)
        #expect(csv[4][10...] == ["5.0", "", "", "", "", "", ""])
        // The old run's label where the new run has none; no title without a questions file row.
        #expect(csv[5][0...7] == ["q2", "", "customer", "C", "Consumers, all", "", "", "mean"])
    }

    @Test("A folder without manifest.json, or missing, is exit 66 naming the folder")
    func missingManifest() throws {
        let folder = try Self.runs()
        let old = folder.file("old")
        try folder.write("bare/tables/edition=2023/banner=customer/part-00000.csv", Self.header + "\n")
        #expect {
            try TrendTable.compute(old: old, new: folder.file("bare"))
        } throws: { error in
            guard let error = error as? TallyError, error.exitCode == 66 else { return false }
            return error.description.contains(folder.file("bare")) && error.description.contains("manifest.json")
        }
        #expect {
            try TrendTable.compute(old: folder.file("absent"), new: old)
        } throws: { error in
            (error as? TallyError)?.exitCode == 66
        }
    }

    @Test(
        "An unreadable table file is exit 65 naming the file and line",
        arguments: [
            ("t1,q1,total,Total,1,Agree,percent,forty,300,300,300,3,,\n", ":3, field 'value'"),
            ("t1,q1,total,Total,1,Agree,percent,40,300,300,300,3,,,extra\n", ":3: 15 fields"),
            ("t1,\"q1,total,Total,1,Agree,percent,40,300,300,300,3,,\n", ":3: unterminated"),
            ("t1,q1,total,Total,1,Agree,percent,40,300,300,300,x,,\n", ":3, field 'standard_error'"),
        ])
    func badTable(row: String, message: String) throws {
        let folder = try Self.runs()
        let old = folder.file("old")
        try folder.write("bad/manifest.json", "{}")
        let file = try folder.write(
            "bad/tables/edition=2023/banner=customer/part-00000.csv",
            Self.header + "\nt1,q1,total,Total,2,Disagree,percent,17,300,300,300,0.8,,\n" + row)
        #expect {
            try TrendTable.compute(old: old, new: folder.file("bad"))
        } throws: { error in
            guard let error = error as? TallyError, error.exitCode == 65 else { return false }
            return error.description.contains(file + message)
        }
    }

    @Test("A table file without a needed column is exit 65")
    func missingColumn() throws {
        let folder = try Self.runs()
        let old = folder.file("old")
        try folder.write("bad/manifest.json", "{}")
        try folder.write(
            "bad/tables/edition=2023/banner=customer/part-00000.csv",
            "table,question,column_code,row_code,statistic,value\nt1,q1,total,1,percent,40\n")
        #expect {
            try TrendTable.compute(old: old, new: folder.file("bad"))
        } throws: { error in
            guard let error = error as? TallyError, error.exitCode == 65 else { return false }
            return error.description.contains("standard_error")
        }
    }

    @Test("Two rows with the same key in one run are exit 65 naming both places")
    func duplicate() throws {
        let folder = try Self.runs()
        let old = folder.file("old")
        try folder.write("dup/manifest.json", "{}")
        let row = "t1,q1,total,Total,1,Agree,percent,40,300,300,300,3,,\n"
        try folder.write("dup/tables/edition=2023/banner=customer/table=a/part-00000.csv", Self.header + "\n" + row)
        let second = try folder.write(
            "dup/tables/edition=2023/banner=customer/table=b/part-00000.csv", Self.header + "\n" + row)
        #expect {
            try TrendTable.compute(old: old, new: folder.file("dup"))
        } throws: { error in
            guard let error = error as? TallyError, error.exitCode == 65 else { return false }
            return error.description.contains(second + ":2") && error.description.contains("table=a/part-00000.csv:2")
        }
    }
}
