import Testing

@testable import TallyReport

/// A scale's diverging bars, worked by hand: where each answer's segment lies, and its colour.
@Suite("Diverging chart")
struct DivergingChartTests {
    /// A five-point scale in one series: 4, 6, 10, 47, 33 percent; a top-2 net of 80.
    static let data = ChartData(
        statistic: "percent", banner: "b", series: [ChartData.Series(code: "total", label: "All", letter: "")],
        categories: zip(["1", "2", "3", "4", "5", "net1"], [4.0, 6, 10, 47, 33, 80]).map { code, value in
            ChartData.Category(
                code: code, label: code, isNet: code.hasPrefix("net"),
                points: [ChartData.Point(value: value, interval: nil, letters: "", flag: nil)])
        })

    /// 1.8 points a percent (360 for 200 points).
    static let scale = 1.8

    /// Each answer's segment left to right: its left edge and its value. The centre is at
    /// 150 + 360 / 2 = 330; left of it lie 4 + 6 + 10 / 2 = 15 points.
    static let segments: [(code: String, x: Double, value: Double)] = [
        ("1", 330 - 15 * scale, 4), ("2", 330 - 11 * scale, 6), ("3", 330 - 5 * scale, 10),
        ("4", 330 + 5 * scale, 47), ("5", 330 + 52 * scale, 33),
    ]

    @Test("The lower answers and half the middle one left of the centre, the rest right")
    func segments() throws {
        let svg = DivergingChart(data: Self.data, language: .english).svg(title: "t")
        let scale = Self.scale
        for (code, x, value) in Self.segments {
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

    @Test("Right to left, the chart is mirrored: the lowest answer right of the centre, the highest left")
    func mirrored() throws {
        let svg = DivergingChart(data: Self.data, language: .arabic).svg(title: "t")
        // Each segment's left edge is 720 − (its left-to-right edge) − its width.
        for (code, x, value) in Self.segments {
            let pattern = try Regex(#"data-answer="\#(code)"><rect class="segment" x="([0-9.]+)""#)
            let match = try #require(svg.firstMatch(of: pattern), "\(code)")
            #expect(abs(Double(String(match[1].substring!))! - (720 - x - value * Self.scale)) < 0.01, "\(code)")
        }
        // Percents with the Arabic sign; the series label right of the bars (720 − 142).
        #expect(svg.contains(#"data-value="80.0">80٪</text>"#))
        #expect(svg.contains(">50٪</text>"))
        #expect(svg.contains(#"<text class="label" x="578""#))
    }
}

/// Horizontal bars, mirrored on a page read right to left.
@Suite("Bar chart")
struct BarChartTests {
    static let data = ChartData(
        statistic: "percent", banner: "b", series: [ChartData.Series(code: "total", label: "All", letter: "")],
        categories: [
            ChartData.Category(
                code: "1", label: "Yes", isNet: false,
                points: [ChartData.Point(value: 50, interval: nil, letters: "", flag: nil)])
        ])

    @Test("A 50% bar: 190 wide from the label column, left to right or mirrored")
    func bars() {
        let format = { (value: Double) in ReportLanguage.arabic.percent(value) }
        // Labels 250 wide, 380 for 100%: the bar runs from 250 to 440; its value at 445.
        let leftToRight = BarChart(data: Self.data, format: format).svg(title: "t")
        #expect(leftToRight.contains(#"<rect class="bar" x="250" y="23.5" width="190""#))
        #expect(leftToRight.contains(#"<text class="value" x="445" y="33">50٪</text>"#))
        #expect(leftToRight.contains(#"<text class="label" x="242""#))
        let mirrored = BarChart(data: Self.data, format: format, rightToLeft: true).svg(title: "t")
        #expect(mirrored.contains(#"<rect class="bar" x="280" y="23.5" width="190""#))
        #expect(mirrored.contains(#"<text class="value" x="275" y="33">50٪</text>"#))
        #expect(mirrored.contains(#"<text class="label" x="478""#))
        #expect(mirrored.contains(#"data-series="All" data-column="total" data-value="50.0""#))
    }
}
