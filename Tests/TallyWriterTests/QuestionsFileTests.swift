import Foundation
import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

@testable import TallyWriter

/// `questions/edition=E/part-00000.csv` of the 2023 edition: the base texts are the
/// ones a reader of the definition would write by hand.
@Suite("The questions dimension file")
struct QuestionsFileTests {
    /// The file's rows by table name.
    static func rows() throws -> (header: [String], rows: [String: [String: String]]) {
        let definition = try DefinitionLoader.load(path: Repository.path("Pipelines/connected-customer-2023.yaml"))
        let folder = try TemporaryFolder()
        let written = try QuestionsFile.write(definition, under: folder.path)
        #expect(written == WrittenFile(path: "questions/edition=2023/part-00000.csv", rows: 40))
        let csv = try readCSV(folder.file(written.path))
        let header = try #require(csv.first)
        var rows: [String: [String: String]] = [:]
        for line in csv.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, line))
            rows[row["table_name"]!] = row
        }
        return (header, rows)
    }

    @Test("One row per table, joined to the tidy rows on table_name")
    func columns() throws {
        let (header, rows) = try Self.rows()
        #expect(
            header == [
                "table_name", "question_key", "title", "wording", "field", "field_kind", "base_text", "filter",
                "banners",
            ])
        #expect(rows.count == 40)
        let experience = try #require(rows["experience"])
        #expect(experience["title"] == "Experience is as important as products and services")
        #expect(experience["question_key"] == "experience_vs_products")
        #expect(experience["field_kind"] == "scale")
        #expect(rows["channels"]?["field_kind"] == "multi")
        #expect(rows["channel_count"]?["field_kind"] == "count")
        #expect(rows["experience"]?["banners"] == "customer generation market gender")
        #expect(rows["customer_type"]?["banners"] == "customer")
    }

    @Test("Base texts come from the filter, else the routing, else everyone; answers outside the base are named")
    func baseTexts() throws {
        let (_, rows) = try Self.rows()
        // routing: bb_transactional is asked of customer_type B (Business buyers) only.
        #expect(rows["bb_transactional"]?["base_text"] == "Business buyers")
        #expect(rows["bb_transactional"]?["filter"] == "")
        // routing: reassessed_priorities is asked of customer_type C (Consumers) only.
        #expect(rows["reassessed_priorities"]?["base_text"] == "Consumers")
        // A filter's own label (routed too, but the filter says more).
        #expect(rows["switch_reasons"]?["base_text"] == "Consumers who switched brands in the past year")
        #expect(rows["switch_reasons"]?["filter"] == "switched_brands in (1)")
        // Code 9, "Not rated", is declared with base: false.
        #expect(rows["human_validation_important"]?["base_text"] == "All respondents (excluding Not rated)")
        #expect(rows["experience"]?["base_text"] == "All respondents")
    }
}
