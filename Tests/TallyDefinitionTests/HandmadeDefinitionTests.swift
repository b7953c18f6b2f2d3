import TallyDefinition
import TallyModel
import TallyTestSupport
import Testing

/// The bundled hand-made definition loads into exactly the model its YAML describes.
@Suite("Fixtures/handmade/pipeline.yaml")
struct HandmadeDefinitionTests {
    let path = Repository.fixture("handmade/pipeline.yaml")

    @Test func header() throws {
        let definition = try DefinitionLoader.load(path: path)
        #expect(definition.sourcePath == path)
        #expect(definition.survey == "connected-customer")
        #expect(definition.edition == "handmade")
        #expect(definition.title == "Hand-made sample of the Connected Customer survey")
        #expect(definition.fieldwork == Fieldwork(start: "2023-05-03", end: "2023-07-14"))
        #expect(
            definition.input
                == InputSpec(
                    files: ["shards/*.csv.gz"], format: .csv, idColumn: "respondent_id",
                    weightColumn: "design_weight"))
        #expect(definition.output == OutputSpec(partitionBy: [.banner]))
        #expect(definition.quality == QualitySpec(maxRejectedShare: 0))
    }

    @Test func fieldsInOrderWithDerivedLast() throws {
        let definition = try DefinitionLoader.load(path: path)
        #expect(
            definition.fields.map(\.name) == [
                "customer_type", "country", "birth_year", "gender", "experience", "channels", "share_online",
                "generation",
            ])
        #expect(
            definition.fields.map(\.kind.name) == [
                "single", "single", "numeric", "single", "scale", "multi", "numeric", "bins",
            ])
    }

    @Test func singleChoiceFields() throws {
        let definition = try DefinitionLoader.load(path: path)
        let customer = try #require(definition.field(named: "customer_type"))
        #expect(customer.label == "Customer type")
        let customerSpec = try #require(customer.kind.categorical)
        #expect(customerSpec.column == "customer_type")
        #expect(!customerSpec.isScale)
        #expect(customerSpec.nets.isEmpty)
        #expect(
            customerSpec.categories == [
                Category(code: "C", label: "Consumers"), Category(code: "B", label: "Business buyers"),
            ])

        let country = try #require(definition.field(named: "country")?.kind.categorical)
        #expect(country.categories.map(\.code) == ["US", "GB", "DE", "IN", "JP"])
        #expect(
            country.categories.map(\.label) == [
                "United States", "United Kingdom", "Germany", "India", "Japan",
            ])
        #expect(country.categories.allSatisfy { $0.inBase })

        let gender = try #require(definition.field(named: "gender")?.kind.categorical)
        #expect(
            gender.categories == [
                Category(code: "M", label: "Male"), Category(code: "F", label: "Female"),
                Category(code: "X", label: "Other"),
            ])
    }

    @Test func scaleWithNotRatedAndNets() throws {
        let definition = try DefinitionLoader.load(path: path)
        let field = try #require(definition.field(named: "experience"))
        #expect(field.label == "The experience a company provides is as important as its products and services")
        let spec = try #require(field.kind.categorical)
        #expect(spec.isScale)
        #expect(spec.column == "experience")
        #expect(
            spec.categories == [
                Category(code: "1", label: "Strongly disagree", score: 1),
                Category(code: "2", label: "Disagree", score: 2),
                Category(code: "3", label: "Neither agree nor disagree", score: 3),
                Category(code: "4", label: "Agree", score: 4), Category(code: "5", label: "Strongly agree", score: 5),
                Category(code: "9", label: "Not rated", inBase: false, score: 9),
            ])
        #expect(
            spec.nets == [
                Net(label: "Agree (top 2 box)", members: [3, 4]),
                Net(label: "Disagree (bottom 2 box)", members: [0, 1]),
            ])
    }

    @Test func multiSelectWithNet() throws {
        let definition = try DefinitionLoader.load(path: path)
        let field = try #require(definition.field(named: "channels"))
        #expect(field.label == "Channels used to engage with companies")
        guard case .multi(let spec) = field.kind else {
            Issue.record("channels is not multi-select")
            return
        }
        #expect(
            spec.options == [
                MultiSelectOption(column: "ch_email", label: "Email"),
                MultiSelectOption(column: "ch_phone", label: "Phone"),
                MultiSelectOption(column: "ch_web", label: "Website"),
                MultiSelectOption(column: "ch_app", label: "Mobile app"),
                MultiSelectOption(column: "ch_social", label: "Social media"),
            ])
        #expect(spec.nets == [Net(label: "Any digital channel", members: [0, 2, 3, 4])])
    }

    @Test func numericFieldsWithRanges() throws {
        let definition = try DefinitionLoader.load(path: path)
        guard case .numeric(let birth)? = definition.field(named: "birth_year")?.kind,
            case .numeric(let share)? = definition.field(named: "share_online")?.kind
        else {
            Issue.record("birth_year and share_online should be numeric")
            return
        }
        #expect(birth.column == "birth_year")
        #expect(birth.range == 1946...2012)
        #expect(share.column == "share_online")
        #expect(share.range == 0...100)
        #expect(
            definition.field(named: "share_online")?.label == "Estimated share of interactions taking place online (%)")
    }

    @Test func derivedGenerationBins() throws {
        let definition = try DefinitionLoader.load(path: path)
        let field = try #require(definition.field(named: "generation"))
        #expect(field.label == "Generation")
        guard case .bins(let spec) = field.kind else {
            Issue.record("generation is not binned")
            return
        }
        #expect(spec.source == "birth_year")
        #expect(
            spec.bins == [
                Bin(category: Category(code: "boomers", label: "Baby boomers"), lower: 1946, upper: 1964),
                Bin(category: Category(code: "genx", label: "Gen X"), lower: 1965, upper: 1980),
                Bin(category: Category(code: "millennials", label: "Millennials"), lower: 1981, upper: 1996),
                Bin(category: Category(code: "genz", label: "Gen Z"), lower: 1997, upper: 2012),
            ])
        #expect(field.categories.map(\.code) == ["boomers", "genx", "millennials", "genz"])
    }

    @Test func banners() throws {
        let definition = try DefinitionLoader.load(path: path)
        #expect(definition.banners.map(\.name) == ["customer", "generation", "country"])
        #expect(definition.banners.map(\.totalLabel) == ["Customers", "Customers", nil])
        #expect(definition.banners.map(\.field) == ["customer_type", "generation", "country"])
    }

    @Test func tablesWithDefaults() throws {
        let definition = try DefinitionLoader.load(path: path)
        let tables = definition.tables
        #expect(tables.map(\.name) == ["experience", "gender", "channels", "share_online"])
        #expect(
            tables.map(\.title) == [
                "Experience is as important as products and services", "Gender of respondents",
                "Channels used to engage with companies", "Share of interactions online",
            ])
        // Only `experience` names its question; the others default to the field's name.
        #expect(tables.map(\.questionKey) == ["experience_vs_products", "gender", "channels", "share_online"])
        #expect(tables.map(\.field) == ["experience", "gender", "channels", "share_online"])
        #expect(
            tables.map(\.banners) == [
                ["customer", "generation", "country"], ["customer"], ["customer", "country"],
                ["customer", "generation"],
            ])
        #expect(
            tables.map(\.statistics) == [
                [.count, .weightedCount, .percent], [.count, .percent], [.count, .weightedCount, .percent],
                [.mean, .standardDeviation],
            ])
    }
}

extension FieldKind {
    /// The spec of a single-choice or scale field.
    var categorical: CategoricalSpec? {
        if case .single(let spec) = self { return spec }
        return nil
    }
}
