import Testing

@testable import TallyReport

/// A scale's diverging bars, worked by hand: where each answer's segment lies, and its colour.
@Suite("Diverging chart")
struct DivergingChartTests {
    /// A five-point scale in one series: 4, 6, 10, 47, 33 percent; a top-2 net of 80.
    static let data = ChartData(
        statistic: "percent", banner: "b", series: [ChartData.Series(label: "All", letter: "")],
        categories: zip(["1", "2", "3", "4", "5", "net1"], [4.0, 6, 10, 47, 33, 80]).map { code, value in
            ChartData.Category(
                code: code, label: code, isNet: code.hasPrefix("net"),
                points: [ChartData.Point(value: value, interval: nil, letters: "", flag: nil)])
        })

    @Test("The lower answers and half the middle one left of the centre, the rest right")
    func segments() throws {
        let svg = DivergingChart(data: Self.data).svg(title: "t")
        // Centre 150 + 360 / 2 = 330; 1.8 points a percent. Left of the centre: 4 + 6 + 10 / 2 = 15.
        let scale = 1.8
        let expected: [(code: String, x: Double, value: Double)] = [
            ("1", 330 - 15 * scale, 4), ("2", 330 - 11 * scale, 6), ("3", 330 - 5 * scale, 10),
            ("4", 330 + 5 * scale, 47), ("5", 330 + 52 * scale, 33),
        ]
        for (code, x, value) in expected {
            let pattern = try Regex(
                #"data-answer="\#(code)"><rect class="segment" x="([0-9.]+)"[^>]*width="([0-9.]+)""#)
            let match = try #require(svg.firstMatch(of: pattern), "\(code)")
            #expect(abs(Double(String(match[1].substring!))! - x) < 0.01, "\(code)")
            #expect(abs(Double(String(match[2].substring!))! - value * scale) < 0.01, "\(code)")
        }
        // The net is the headline beside the bar, not a segment.
        #expect(svg.contains(#"data-answer="net1"><text class="headline""#))
        #expect(svg.contains(#"data-value="80.0">80%</text>"#))
    }

    @Test("Colours: the ends darkest, the middle grey")
    func colours() {
        let five = (0..<5).map { DivergingChart.colour($0, of: 5) }
        #expect(five == ["#b2475d", "#d98c8c", "#c9cdd2", "#5b8fc7", "#1f5b99"])
        let four = (0..<4).map { DivergingChart.colour($0, of: 4) }
        #expect(four == ["#b2475d", "#d98c8c", "#5b8fc7", "#1f5b99"])
    }
}
