import TallyModel
import Testing

@testable import TallyWriter

/// The parts of a tab book sheet's layout that are worked out, not copied: reading
/// letters back, placing nets and cutting pages.
@Suite("Tab book layout")
struct PresentedTableTests {
    @Test("significant_over splits into the banner's letters, in column order, case kept")
    func letters() {
        #expect(SignificanceLetters.split("BCaa", letters: ["A", "B", "C", "AA"]) == ["B", "C", "aa"])
        // AAB is A then AB: AA then B would put AA before B, against column order.
        #expect(SignificanceLetters.split("AAB", letters: ["A", "B", "AA", "AB"]) == ["A", "AB"])
        #expect(SignificanceLetters.split("", letters: ["A"]) == [])
        #expect(SignificanceLetters.split("Q", letters: ["A", "B"]) == ["Q"])
    }

    @Test("A net goes after its last member's answer; nets of one place keep their order")
    func nets() {
        let table = TabBook.Table(
            name: "t", title: "t", question: "q", questionKey: "q", baseText: "All", banners: [],
            netPlaces: ["net1": .after("2"), "net2": .after("5"), "net3": .after("2")])
        let answers = ["1", "2", "3", "4", "5", "net1", "net2", "net3"].map { (code: $0, label: $0) }
        #expect(table.ordered(answers).map(\.code) == ["1", "2", "net1", "net3", "3", "4", "5", "net2"])
    }

    @Test("Nets before their first member, above and below every answer; a net without a place stays")
    func netPositions() {
        let table = TabBook.Table(
            name: "t", title: "t", question: "q", questionKey: "q", baseText: "All", banners: [],
            netPlaces: [
                "net1": .bottom, "net2": .top, "net3": .before("4"), "net4": .top, "net5": .before("4"),
                "net6": .after("9"),
            ])
        let answers = ["1", "2", "4", "5", "net1", "net2", "net3", "net4", "net5", "net6", "net7"].map {
            (code: $0, label: $0)
        }
        // net6's member is not among the answers (a code with no row): it goes last, after net1.
        #expect(
            table.ordered(answers).map(\.code) == [
                "net2", "net4", "1", "2", "net3", "net5", "4", "5", "net7", "net1", "net6",
            ])
    }

    @Test("A definition's net positions become places next to the member's row code")
    func netPlacesFromTheDefinition() {
        let categories = ["1", "2", "3", "4", "5"].map { Category(code: $0, label: $0) }
        let nets = [
            Net(label: "Top 2", members: [4, 3]), Net(label: "Bottom 2", members: [1, 0], position: .before),
            Net(label: "Any", members: [0, 4], position: .top), Net(label: "All", members: [2], position: .bottom),
        ]
        let field = Field(
            name: "q", label: "Q",
            kind: .single(CategoricalSpec(column: "q", categories: categories, nets: nets, isScale: true)))
        #expect(
            TabBook.netPlaces(of: field) == [
                "net1": .after("5"), "net2": .before("1"), "net3": .top, "net4": .bottom,
            ])
    }

    /// Label column 30 characters: (7.5 × 30 + 5) × 0.75 = 172.5 points; a page holds
    /// 784.8 points at 100%, so 784.8 / s − 172.5 of data at scale s.
    @Test("Pages: banners whole where they fit, split when wider than a page, the largest scale of the fewest pages")
    func pages() {
        let unit = PrintLayout.Unit(width: 100, columns: 2)
        // 1 + 2 + 12 units of 100 points. Two pages need 8 units a page (800 points):
        // 784.8 / 0.80 − 172.5 = 808.5 fits 8, 784.8 / 0.85 − 172.5 = 750.8 only 7.
        // Page 1: columns 1-2, 3-6 and 5 units of the last banner (7-16); page 2 from 17.
        let wide = PrintLayout(
            labelWidth: 30, groups: [[unit], [unit, unit], Array(repeating: unit, count: 12)], height: 100)
        #expect(wide.scale == 80 && wide.breaks == [17])
        // Two banners of 4 units: both fit one page at 80% (808.5 ≥ 800), not at 85%.
        let two = PrintLayout(
            labelWidth: 30, groups: [Array(repeating: unit, count: 4)] + [Array(repeating: unit, count: 4)], height: 100
        )
        #expect(two.scale == 80 && two.breaks.isEmpty)
        // Rows 1,000 points high: 503.8 / 1,000 is below the smallest scale, which is used.
        #expect(PrintLayout(labelWidth: 30, groups: [[unit]], height: 1000).scale == 55)
        // 600 points: 503.8 / 600 = 84% → 80%.
        #expect(PrintLayout(labelWidth: 30, groups: [[unit]], height: 600).scale == 80)
    }
}
