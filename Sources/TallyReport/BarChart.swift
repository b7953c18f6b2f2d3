/// A chart drawn as inline SVG: horizontal bars for percentages (dots for means),
/// one group per answer and one bar per series, each with its 95% interval, its
/// value and the letters of the series it is significantly above. Every drawn
/// value carries its number in `data-` attributes, so a test can read it back.
struct BarChart {
    let data: ChartData
    /// Says a value for people (`81%`, `3.9`).
    let format: (Double) -> String
    /// Whether the page reads right to left (the chart is mirrored).
    var rightToLeft = false

    private var mirror: ChartMirror { ChartMirror(width: Self.width, rightToLeft: rightToLeft) }

    static let width = 720.0
    static let labelWidth = 250.0
    static let plotWidth = 380.0
    static let barHeight = 14.0
    static let groupGap = 10.0
    static let axisHeight = 22.0
    static let colours = ["#1f5b99", "#d9722e", "#3f8f4f", "#8a5aa0", "#b8921d", "#6b6b6b", "#2a8c9c", "#b2475d"]

    /// The chart's `<svg>` element; `title` names it for screen readers.
    func svg(title: String) -> String {
        let labels = data.categories.map { lines(of: $0.label) }
        let rows = labels.map { max($0.count, data.series.count) }
        let height = Self.axisHeight + rows.reduce(0) { $0 + Double($1) * Self.barHeight + Self.groupGap } + 4
        var parts = [
            #"<svg class="chart" role="img" viewBox="0 0 \#(Int(Self.width)) \#(Int(height.rounded(.up)))" xmlns="http://www.w3.org/2000/svg">"#,
            "<title>\(HTMLText.escaped(title))</title>", axis(height: height),
        ]
        var top = Self.axisHeight
        for ((category, label), rowCount) in zip(zip(data.categories, labels), rows) {
            parts.append(group(category, label: label, top: top))
            top += Double(rowCount) * Self.barHeight + Self.groupGap
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The value axis's upper end: 100 for percentages; for means, four round steps
    /// (1, 2, 2.5 or 5 times a power of ten) that reach above every value and interval.
    var maximum: Double {
        guard data.statistic == "mean" else { return 100 }
        let quarter = data.largest / 4
        var power = 1.0
        while power * 10 < quarter { power *= 10 }
        while power > quarter, power > 1e-6 { power /= 10 }
        let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= quarter } ?? 10 * power
        return 4 * step
    }

    /// The x position of a value.
    func x(_ value: Double) -> Double {
        Self.labelWidth + Self.plotWidth * min(max(value, 0), maximum) / maximum
    }

    /// Grid lines and their labels: quarters of the axis.
    private func axis(height: Double) -> String {
        var lines = [#"<g class="axis">"#]
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let position = HTMLText.number(mirror.x(x(value)))
            lines.append(
                #"<line x1="\#(position)" x2="\#(position)" y1="\#(Int(Self.axisHeight - 4))" y2="\#(HTMLText.number(height - 4))"/>"#
            )
            lines.append(
                #"<text x="\#(position)" y="12" text-anchor="middle">\#(HTMLText.escaped(format(value)))</text>"#)
        }
        lines.append("</g>")
        return lines.joined()
    }

    /// One answer: its label (in lines), then a bar (or dot) per series.
    private func group(_ category: ChartData.Category, label: [String], top: Double) -> String {
        var parts = [
            #"<g class="answer\#(category.isNet ? " net" : "")" data-answer="\#(HTMLText.escaped(category.code))">"#
        ]
        for (index, line) in label.enumerated() {
            parts.append(
                #"<text class="label" x="\#(HTMLText.number(mirror.x(Self.labelWidth - 8)))" y="\#(HTMLText.number(top + 11 + Double(index) * Self.barHeight))" text-anchor="end">\#(HTMLText.escaped(line))</text>"#
            )
        }
        for (index, point) in category.points.enumerated() {
            parts.append(mark(point, series: index, top: top + Double(index) * Self.barHeight))
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// One series' bar or dot, its interval and its value label.
    private func mark(_ point: ChartData.Point, series: Int, top: Double) -> String {
        let colour = Self.colours[series % Self.colours.count]
        let column = data.series[series]
        guard let value = point.value else {
            return
                #"<text class="value" x="\#(HTMLText.number(mirror.x(Self.labelWidth + 4)))" y="\#(HTMLText.number(top + 11))" \#(column.attributes)>\#(point.missingMark)</text>"#
        }
        var attributes = #"\#(column.attributes) data-value="\#(value)""#
        if let interval = point.interval {
            attributes += #" data-lower="\#(interval.lowerBound)" data-upper="\#(interval.upperBound)""#
        }
        if let flag = point.flag { attributes += #" data-flag="\#(flag.rawValue)""# }
        let fill = point.flag == .lowBase ? "url(#hatch)" : colour
        let middle = top + Self.barHeight / 2
        var parts: [String] = []
        if data.statistic == "percent" {
            let width = max(0, x(value) - Self.labelWidth)
            parts.append(
                #"<rect class="bar" x="\#(HTMLText.number(mirror.left(Self.labelWidth, extent: width)))" y="\#(HTMLText.number(top + 1.5))" width="\#(HTMLText.number(width))" height="\#(HTMLText.number(Self.barHeight - 3))" fill="\#(fill)" stroke="\#(colour)" \#(attributes)/>"#
            )
        } else {
            parts.append(
                #"<circle class="dot" cx="\#(HTMLText.number(mirror.x(x(value))))" cy="\#(HTMLText.number(middle))" r="4.5" fill="\#(fill)" stroke="\#(colour)" \#(attributes)/>"#
            )
        }
        var labelAt = x(value)
        if let interval = point.interval {
            let (low, high) = (
                HTMLText.number(mirror.x(x(interval.lowerBound))), HTMLText.number(mirror.x(x(interval.upperBound)))
            )
            let y = HTMLText.number(middle)
            parts.append(#"<line class="interval" x1="\#(low)" x2="\#(high)" y1="\#(y)" y2="\#(y)"/>"#)
            labelAt = max(labelAt, x(interval.upperBound))
        }
        let label = point.label(format(value))
        parts.append(
            #"<text class="value" x="\#(HTMLText.number(mirror.x(labelAt + 5)))" y="\#(HTMLText.number(top + 11))">\#(label)</text>"#
        )
        return parts.joined()
    }

    /// A label cut into lines of at most 38 letters' width (see `LabelWidth`).
    func lines(of label: String) -> [String] {
        LabelWidth.lines(of: label, limit: 38)
    }

    /// The hatching of a low-base bar, defined once per page (charts refer to it by id).
    static let hatch =
        ##"<svg class="defs" width="0" height="0" aria-hidden="true"><defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="5" stroke="#8a8a8a" stroke-width="2"/></pattern></defs></svg>"##
}
