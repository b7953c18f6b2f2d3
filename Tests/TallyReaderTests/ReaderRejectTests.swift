import TallyModel
import TallyTestSupport
import Testing

@testable import TallyReader

@Suite("RespondentReader rejects")
struct ReaderRejectTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private func read(_ rows: [String]) throws -> ReadResult {
        let text = Survey.header + "\n" + rows.map { $0 + "\n" }.joined()
        return try readAll(folder.write("in.csv", text), displayName: "shards/in.csv")
    }

    private func reject(
        line: Int, id: String, rule: String, field: String, raw: String, action: Reject.Action = .valueExcluded,
        reason: String
    ) -> Reject {
        Reject(
            file: "shards/in.csv", line: line, respondentID: id, rule: rule, field: field, rawValue: raw,
            action: action, reason: reason)
    }

    @Test func raggedRowsAreLeftOut() throws {
        let long = "R4," + String(repeating: "é", count: 150)
        let result = try read([
            "R1,C,US,1980,4,1,0,0,10,1",
            "R2,C,US,1980,4,1,0,0,10",
            "R3,C,US,1980,4,1,0,0,10,1,extra",
            long,
            "R5,B,GB,1990,5,0,1,1,20,2",
        ])
        #expect(result.contents.ids == ["R1", "R5"])
        #expect(result.contents.lines == [2, 6])
        #expect(result.reader.rowsRead == 5)
        let rejects = result.contents.rejects
        #expect(rejects.count == 3)
        #expect(
            rejects.first
                == reject(
                    line: 3, id: "R2", rule: "ragged_row", field: "", raw: "R2,C,US,1980,4,1,0,0,10",
                    action: .rowRejected,
                    reason: "expected 10 fields, found 9"))
        #expect(rejects.dropFirst().first?.reason == "expected 10 fields, found 11")
        #expect(rejects.dropFirst().first?.line == 4)
        let cut = try #require(rejects.last)
        #expect(cut.line == 5 && cut.respondentID == "R4" && cut.reason == "expected 10 fields, found 2")
        #expect(cut.rawValue.utf8.count == 199 && long.hasPrefix(cut.rawValue))
    }

    @Test func valuesOutsideTheirDomainAreExcluded() throws {
        let result = try read([
            "R1,C,ZZ,abc,7,2,0,0,101,1",
            "R2,X,US,1900,4,1,yes,1,-1,1",
            "R3,B,GB,1990,5,0,1,1,1e1,1",
        ])
        let batch = try #require(result.batches.first)
        #expect(batch.count == 3)
        let missing = CategoryCode.missing
        #expect(batch.categorical[0] == [0, missing, 1])
        #expect(batch.categorical[1] == [missing, 0, 1])
        #expect(batch.categorical[2] == [missing, 3, 4])
        #expect(batch.numeric[0][0].isNaN && batch.numeric[0][1].isNaN && batch.numeric[0][2] == 1990)
        #expect(batch.numeric[1][0].isNaN && batch.numeric[1][1].isNaN && batch.numeric[1][2] == 10)
        #expect(batch.mentioned[0] == [0, 0b101, 0b110] && batch.answered[0] == [0b110, 0b101, 0b111])
        #expect(
            batch.rejects == [
                reject(
                    line: 2, id: "R1", rule: "out_of_domain", field: "country", raw: "ZZ",
                    reason: "code 'ZZ' is not one of the 5 codes declared for 'country'"),
                reject(
                    line: 2, id: "R1", rule: "not_a_number", field: "birth_year", raw: "abc",
                    reason: "'abc' is not a number (field 'birth_year')"),
                reject(
                    line: 2, id: "R1", rule: "out_of_domain", field: "experience", raw: "7",
                    reason: "code '7' is not one of the 6 codes declared for 'experience'"),
                reject(
                    line: 2, id: "R1", rule: "out_of_domain", field: "ch_email", raw: "2",
                    reason:
                        "'2' in option column 'ch_email' of 'channels' is not 1 (mentioned), 0 (not mentioned) or blank"
                ),
                reject(
                    line: 2, id: "R1", rule: "out_of_range", field: "share_online", raw: "101",
                    reason: "101 is outside the range 0...100 declared for 'share_online'"),
                reject(
                    line: 3, id: "R2", rule: "out_of_domain", field: "customer_type", raw: "X",
                    reason: "code 'X' is not one of the 2 codes declared for 'customer_type'"),
                reject(
                    line: 3, id: "R2", rule: "out_of_range", field: "birth_year", raw: "1900",
                    reason: "1900 is outside the range 1946...2012 declared for 'birth_year'"),
                reject(
                    line: 3, id: "R2", rule: "out_of_domain", field: "ch_phone", raw: "yes",
                    reason:
                        "'yes' in option column 'ch_phone' of 'channels' is not 1 (mentioned), 0 (not mentioned) or blank"
                ),
                reject(
                    line: 3, id: "R2", rule: "out_of_range", field: "share_online", raw: "-1",
                    reason: "-1 is outside the range 0...100 declared for 'share_online'"),
            ])
    }

    @Test func rowsWithoutAnIdAreLeftOut() throws {
        let result = try read([
            ",C,US,1980,4,1,0,0,10,1",
            "R2,C,US,1980,4,1,0,0,10,1",
            "\"\",B,XX,1980,4,1,0,0,10,0",
        ])
        #expect(result.contents.ids == ["R2"])
        #expect(result.reader.rowsRead == 3)
        #expect(
            result.contents.rejects == [
                reject(
                    line: 2, id: "", rule: "missing_id", field: "respondent_id", raw: "", action: .rowRejected,
                    reason: "the respondent id column 'respondent_id' is empty"),
                reject(
                    line: 4, id: "", rule: "missing_id", field: "respondent_id", raw: "", action: .rowRejected,
                    reason: "the respondent id column 'respondent_id' is empty"),
            ])
    }

    @Test func rowsWithoutAPositiveWeightAreLeftOut() throws {
        let weights = ["2.5", "0", "-1", "abc", "", "1e400", "1e-3"]
        let result = try read(weights.enumerated().map { "R\($0.offset),C,US,1980,4,1,0,0,10,\($0.element)" })
        #expect(result.contents.ids == ["R0", "R6"])
        #expect(result.contents.weights == [2.5, 0.001])
        let rejects = result.contents.rejects
        #expect(rejects.map(\.rawValue) == ["0", "-1", "abc", "", "1e400"])
        #expect(rejects.map(\.line) == [3, 4, 5, 6, 7])
        #expect(
            rejects.allSatisfy { $0.rule == "bad_weight" && $0.action == .rowRejected && $0.field == "design_weight" })
        #expect(rejects.first?.reason == "the base weight '0' in 'design_weight' is not a positive number")
        #expect(rejects.first?.respondentID == "R1")
    }

    @Test func baseWeightsWhoseSumsCouldOverflowAreLeftOut() throws {
        let weights = ["1e308", "1e100", "1e-100", "1e-300", "1.5e100", "0.5"]
        let result = try read(weights.enumerated().map { "R\($0.offset),C,US,1980,4,1,0,0,10,\($0.element)" })
        #expect(result.contents.ids == ["R1", "R2", "R5"])
        #expect(result.contents.weights == [1e100, 1e-100, 0.5])
        let rejects = result.contents.rejects
        #expect(rejects.map(\.rawValue) == ["1e308", "1e-300", "1.5e100"])
        #expect(rejects.map(\.line) == [2, 5, 6])
        #expect(rejects.allSatisfy { $0.rule == "bad_weight" && $0.field == "design_weight" })
        #expect(
            rejects.first?.reason
                == "the base weight '1e308' in 'design_weight' is outside 1e-100...1e100, the base weights Tally sums without overflow"
        )
    }

    @Test func rejectsTravelWithTheBatchOfTheirRecord() throws {
        let rows = (1...6).map { "R\($0),C,\($0 == 5 ? "ZZ" : "US"),1980,4,1,0,0,10,\($0 == 2 ? "0" : "1")" }
        let text = Survey.header + "\n" + rows.map { $0 + "\n" }.joined()
        let result = try readAll(folder.write("in.csv", text), batchSize: 3)
        #expect(result.batches.map(\.count) == [2, 3])
        #expect(result.batches.map { $0.rejects.map(\.rule) } == [["bad_weight"], ["out_of_domain"]])
    }

    @Test func rejectsStayInFileOrderAcrossGroups() throws {
        let rows = (1...700).map { index -> String in
            if index % 150 == 0 { return "R\(index),C,US" }
            let country = index % 100 == 0 ? "ZZ" : "US"
            let share = index % 100 == 0 ? "200" : "10"
            return "R\(index),C,\(country),1980,4,1,0,0,\(share),1"
        }
        let result = try read(rows)
        let rejects = result.contents.rejects
        let expectedLines = (1...700).flatMap { index -> [Int] in
            index % 150 == 0 ? [index + 1] : index % 100 == 0 ? [index + 1, index + 1] : []
        }
        #expect(rejects.map(\.line) == expectedLines)
        #expect(rejects.filter { $0.line == 301 }.map(\.rule) == ["ragged_row"])
        #expect(rejects.filter { $0.line == 201 }.map(\.field) == ["country", "share_online"])
        #expect(result.contents.ids.count == 700 - 4)
        #expect(result.reader.rowsRead == 700)
    }
}
