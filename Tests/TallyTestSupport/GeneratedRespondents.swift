import Foundation

/// Respondent files in the columns of the cleaning fixture
/// (`Fixtures/cleaning/pipeline.yaml`), made for tests of the whole-run rules:
/// every row is clean but for what a test puts in (a duration, a repeated id).
public enum GeneratedRespondents {
    /// One row per duration, ids `prefix0`, `prefix1`, ... on lines 2, 3, ...
    public static func file(_ prefix: String, durations: [Int]) -> String {
        var text = "respondent_id,customer_type,country,interview_seconds,q1,q2,q3,q4,bb_vendors,gender\n"
        for (index, duration) in durations.enumerated() {
            let business = index % 2 == 1
            text +=
                "\(prefix)\(index),\(business ? "B" : "C"),\(index % 3 == 0 ? "DE" : "US"),\(duration),1,2,\(1 + index % 5),4,\(business ? "1" : ""),\(index % 4 == 0 ? "F" : "M")\n"
        }
        return text
    }

    /// Writes one file per list of durations into `in/` of `folder` (ids
    /// `F<file>-<row>`), with each of `repeats` (file, row) taking the id of file
    /// 0's row of the same number; returns their paths.
    public static func write(
        _ files: [[Int]], repeats: [(file: Int, row: Int)] = [], in folder: TemporaryFolder
    ) throws -> [String] {
        try files.enumerated().map { index, durations in
            var text = file("F\(index)-", durations: durations)
            for (file, row) in repeats where file == index {
                text = text.replacingOccurrences(of: "\nF\(file)-\(row),", with: "\nF0-\(row),")
            }
            return try folder.write("in/file\(index).csv", text)
        }
    }

    /// Deterministic durations spread over 300 to 1,499 s with a short one every 37th row.
    public static func spread(_ count: Int, seed: Int) -> [Int] {
        (0..<count).map { index in
            let mixed = (index &* 7919 &+ seed &* 104_729) % 1200
            return index % 37 == 5 ? 20 + index % 500 : 300 + mixed
        }
    }

    /// Per file, the lines (2 for the first respondent) whose duration is below
    /// the cleaning fixture's threshold, `max(60, 0.5 × median)` of every duration.
    public static func expectedSpeeders(_ files: [[Int]]) -> [[Int]] {
        let sorted = files.flatMap { $0 }.sorted()
        let median = Double(sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        let threshold = max(60, 0.5 * median)
        return files.map { durations in
            durations.indices.filter { Double(durations[$0]) < threshold }.map { $0 + 2 }
        }
    }

    /// A first file whose first 1,000 durations are short: its bound (62.5 s) lets
    /// its later 100 s rows through early, but with `misledPartner` the run's
    /// median is 1,000 s, so they are speeders and every file is read again.
    public static let misled = Array(repeating: 100, count: 1000) + Array(repeating: 1000, count: 2000) + [100, 100]
    /// The other file of the `misled` run.
    public static let misledPartner = Array(repeating: 1000, count: 600)
}
