/// A scale drawn as diverging stacked bars: one bar per series, its answers in
/// order from the lowest (left of the centre line) to the highest (right), the
/// middle answer of an odd scale split across the centre, and the nets (top-2 box)
/// written beside each bar as the headline. Every drawn value carries its number in
/// `data-` attributes, grouped by answer as in `BarChart`.
struct DivergingChart {
    let data: ChartData
    /// The page's language: its percent sign and direction (mirrored right to left).
    let language: ReportLanguage

    private var mirror: ChartMirror { ChartMirror(width: Self.width, rightToLeft: language.rightToLeft) }

    static let width = 720.0
    static let labelWidth = 150.0
    static let plotWidth = 360.0
    static let rowHeight = 26.0
    static let axisHeight = 34.0
    /// Where the nets' column starts, and how wide each is.
    static let netsStart = labelWidth + plotWidth + 24
    static let netWidth = 90.0
    static let legendHeight = 22.0

    /// The answers' colours, from the lowest to the highest: warm, grey, cool, the two
    /// ends the darkest (up to three shades a side).
    static func colour(_ index: Int, of count: Int) -> String {
        let low = ["#b2475d", "#d98c8c", "#ecc1bd"]
        let high = ["#a9c4e0", "#5b8fc7", "#1f5b99"]
        let half = count / 2
        if count % 2 == 1, index == half { return "#c9cdd2" }
        if index < half { return low[min(index, low.count - 1)] }
        let fromTop = count - 1 - index
        return high[max(0, high.count - 1 - fromTop)]
    }

    /// The in-base answers (not the nets) and the nets.
    var answers: [ChartData.Category] { data.categories.filter { !$0.isNet } }
    var nets: [ChartData.Category] { data.categories.filter(\.isNet) }

    /// The chart's `<svg>` element; `title` names it for screen readers.
    func svg(title: String) -> String {
        let height = Self.legendHeight + Self.axisHeight + Double(data.series.count) * Self.rowHeight + 6
        let centre = Self.labelWidth + Self.plotWidth / 2
        var parts = [
            #"<svg class="chart diverging" role="img" viewBox="0 0 \#(Int(Self.width)) \#(Int(height.rounded(.up)))" xmlns="http://www.w3.org/2000/svg">"#,
            "<title>\(HTMLText.escaped(title))</title>", legend(), axis(centre: centre, height: height),
        ]
        // Each answer's group on one line, as `BarChart` draws them.
        for (index, answer) in answers.enumerated() {
            let segments = data.series.indices.map { segment(answer: index, series: $0, centre: centre) }
            parts.append(
                #"<g class="answer" data-answer="\#(HTMLText.escaped(answer.code))">"# + segments.joined() + "</g>")
        }
        for (index, net) in nets.enumerated() {
            let headlines = net.points.enumerated().map { headline(net, point: $1, series: $0, position: index) }
            parts.append(
                #"<g class="answer net" data-answer="\#(HTMLText.escaped(net.code))">"# + headlines.joined() + "</g>")
        }
        for (series, label) in data.series.enumerated() {
            let y = HTMLText.number(top(series) + 15)
            parts.append(
                #"<text class="label" x="\#(HTMLText.number(mirror.x(Self.labelWidth - 8)))" y="\#(y)" text-anchor="end">\#(HTMLText.escaped(label.label))</text>"#
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func top(_ series: Int) -> Double {
        Self.legendHeight + Self.axisHeight + Double(series) * Self.rowHeight
    }

    /// Where an answer's segment starts, in percent left of the centre (negative) or right.
    private func start(answer: Int, series: Int) -> Double {
        let values = answers.map { $0.points[series].value ?? 0 }
        let half = answers.count / 2
        // The lower answers and half the middle one sit left of the centre.
        var left = values.prefix(half).reduce(0, +)
        if answers.count % 2 == 1 { left += values[half] / 2 }
        return -left + values.prefix(answer).reduce(0, +)
    }

    private func segment(answer: Int, series: Int, centre: Double) -> String {
        let point = answers[answer].points[series]
        let column = data.series[series]
        guard let value = point.value else {
            return
                #"<text class="value" x="\#(HTMLText.number(mirror.x(centre)))" y="\#(HTMLText.number(top(series) + 15))" \#(column.attributes)>\#(point.missingMark)</text>"#
        }
        let scale = Self.plotWidth / 200
        let x = centre + start(answer: answer, series: series) * scale
        var attributes = #"\#(column.attributes) data-value="\#(value)""#
        if let flag = point.flag { attributes += #" data-flag="\#(flag.rawValue)""# }
        let fill = point.flag == .lowBase ? "url(#hatch)" : Self.colour(answer, of: answers.count)
        var text = ""
        if value >= 7 {
            // Dark figures on the light shades and the grey, white on the others.
            let light = ["#ecc1bd", "#d98c8c", "#c9cdd2", "#a9c4e0"].contains(fill)
            text =
                #"<text class="inside\#(light ? " on-light" : "")" x="\#(HTMLText.number(mirror.x(x + value * scale / 2)))" y="\#(HTMLText.number(top(series) + 15))" text-anchor="middle">\#(language.percent(value))</text>"#
        }
        return
            #"<rect class="segment" x="\#(HTMLText.number(mirror.left(x, extent: value * scale)))" y="\#(HTMLText.number(top(series) + 4))" width="\#(HTMLText.number(value * scale))" height="\#(HTMLText.number(Self.rowHeight - 8))" fill="\#(fill)" \#(attributes)/>"#
            + text
    }

    /// A net's value beside its series' bar: the headline.
    private func headline(_ net: ChartData.Category, point: ChartData.Point, series: Int, position: Int) -> String {
        let column = data.series[series]
        let x = mirror.x(Self.netsStart + Double(position) * Self.netWidth)
        let y = HTMLText.number(top(series) + 15)
        guard let value = point.value else {
            return
                #"<text class="value" x="\#(HTMLText.number(x))" y="\#(y)" \#(column.attributes)>\#(point.missingMark)</text>"#
        }
        let label = point.label(language.percent(value))
        return
            #"<text class="headline" x="\#(HTMLText.number(x))" y="\#(y)" \#(column.attributes) data-value="\#(value)">\#(label)</text>"#
    }

    /// The answers' colours and the nets' names over the bars.
    private func legend() -> String {
        var parts = [#"<g class="legend">"#]
        var x = 0.0
        for (index, answer) in answers.enumerated() {
            parts.append(
                #"<rect x="\#(HTMLText.number(mirror.left(x, extent: 10)))" y="4" width="10" height="10" fill="\#(Self.colour(index, of: answers.count))"/><text x="\#(HTMLText.number(mirror.x(x + 14)))" y="13">\#(HTMLText.escaped(answer.label))</text>"#
            )
            x += 22 + Double(LabelWidth.units(answer.label)) * 5.6
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// The centre line, the 50% marks each side, and the nets' headings.
    private func axis(centre: Double, height: Double) -> String {
        let y1 = Self.legendHeight + Self.axisHeight - 4
        var parts = [#"<g class="axis">"#]
        for offset in [-100.0, -50, 0, 50, 100] {
            let x = HTMLText.number(mirror.x(centre + offset * Self.plotWidth / 200))
            parts.append(
                #"<line x1="\#(x)" x2="\#(x)" y1="\#(HTMLText.number(y1))" y2="\#(HTMLText.number(height - 4))"/>"#)
            parts.append(
                #"<text x="\#(x)" y="\#(HTMLText.number(y1 - 4))" text-anchor="middle">\#(language.percent(abs(offset)))</text>"#
            )
        }
        for (index, net) in nets.enumerated() {
            // A net's name on two lines at its opening parenthesis: `Agree` over `(top 2 box)`.
            let x = HTMLText.number(mirror.x(Self.netsStart + Double(index) * Self.netWidth))
            for (line, text) in Self.headingLines(net.label).enumerated() {
                parts.append(
                    #"<text class="net-heading" x="\#(x)" y="\#(HTMLText.number(y1 - 16 + Double(line) * 12))">\#(HTMLText.escaped(text))</text>"#
                )
            }
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// A net's heading: its label on two lines at the opening parenthesis (`Agree` over
    /// `(top 2 box)`, `同意` over `（前兩項）`), each cut to the column's width.
    static func headingLines(_ label: String) -> [String] {
        let split = label.range(of: " (") ?? label.range(of: "（")
        let lines =
            split.map { range -> [String] in
                let rest = label[range.upperBound...]
                let opening = label[range].hasSuffix("（") ? "（" : "("
                return [String(label[..<range.lowerBound]), rest.isEmpty ? "" : opening + rest]
            } ?? [label]
        return lines.map { LabelWidth.prefix($0, units: 16) }
    }
}
