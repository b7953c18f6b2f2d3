import Testing

@testable import TallyReport

/// Numbers as a report's sentences say them, checked against values worked by hand.
@Suite("Readable numbers")
struct ReadableNumbersTests {
    @Test("Percents rounded and spelled out at a sentence start")
    func percents() {
        #expect(ReportLanguage.english.percent(80.6) == "81%")
        #expect(ReadableNumbers.spelledPercent(80.6) == "Eighty-one percent")
        #expect(ReadableNumbers.spelledPercent(50.2) == "Fifty percent")
        #expect(ReadableNumbers.spelledPercent(7) == "Seven percent")
        #expect(ReadableNumbers.spelledPercent(14.4) == "Fourteen percent")
        #expect(ReadableNumbers.spelledPercent(100) == "One hundred percent")
    }

    @Test("A natural frequency: the simplest fraction inside the interval, the closest among equals")
    func frequencies() {
        // 80% (78-82): 4/5 = 80% is the first fraction inside (1/2, 2/3, 3/4 are outside).
        #expect(ReportLanguage.english.frequency(80.4, within: 78...82) == "4 out of 5")
        #expect(ReadableNumbers.spelledFrequency(80.4, within: 78...82) == "Four out of five")
        // 76% (74.5-77.5): 3/4 = 75% is inside; 4/5 is not.
        #expect(ReportLanguage.english.frequency(76, within: 74.5...77.5) == "3 out of 4")
        // 50.3% (48.9-51.7): one half.
        #expect(ReportLanguage.english.frequency(50.3, within: 48.9...51.7) == "1 out of 2")
        // 72% (71-73): no fraction with a denominator up to 10 is inside (5/7 = 71.4% is): 5 out of 7.
        #expect(ReportLanguage.english.frequency(72, within: 71...73) == "5 out of 7")
        // 62.5% (61.5-63.5): 5/8. 62% (61.6-62.4): none inside (5/8 = 62.5%, 3/5 = 60%), so the percent.
        #expect(ReportLanguage.english.frequency(62.5, within: 61.5...63.5) == "5 out of 8")
        #expect(ReportLanguage.english.frequency(62, within: 61.6...62.4) == "62%")
        #expect(ReportLanguage.english.frequency(62, within: nil) == "62%")
    }
}

/// A mean chart's axis: four round steps above the largest value drawn.
@Suite("Chart axis")
struct ChartAxisTests {
    static func axis(largest: Double) -> Double {
        let point = ChartData.Point(value: largest, interval: nil, letters: "", flag: nil)
        let data = ChartData(
            statistic: "mean", banner: "b", series: [ChartData.Series(code: "total", label: "All", letter: "")],
            categories: [ChartData.Category(code: "", label: "Mean", isNet: false, points: [point])])
        return BarChart(data: data, format: { "\($0)" }).maximum
    }

    @Test("Steps of 1, 2, 2.5 or 5 times a power of ten")
    func steps() {
        #expect(Self.axis(largest: 10.9) == 20)  // 2.725 a quarter: steps of 5
        #expect(Self.axis(largest: 3.9) == 4)  // 0.975: steps of 1
        #expect(Self.axis(largest: 8) == 8)  // 2: steps of 2
        #expect(Self.axis(largest: 9.5) == 10)  // 2.375: steps of 2.5
        #expect(Self.axis(largest: 0.3) == 0.4)  // 0.075: steps of 0.1
        #expect(Self.axis(largest: 150) == 200)  // 37.5: steps of 50
    }
}
