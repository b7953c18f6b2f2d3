/// The report's stylesheet, inline in every page: screen and print (A4 or Letter,
/// chapters on new pages, no chart split across pages, a running title).
enum ReportStyle {
    /// The stylesheet of a page titled `runningTitle` whose text is set in `fonts` (a CSS font stack).
    static func css(runningTitle: String, fonts: String) -> String {
        let title = cssString(runningTitle)
        return """
            :root { --ink: #1d2733; --muted: #5b6573; --line: #d5dce4; --accent: #1f5b99; --band: #f3f6fa; }
            * { box-sizing: border-box; }
            body { margin: 0; color: var(--ink); font: 15px/1.5 \(fonts); }
            main { max-width: 900px; margin: 0 auto; padding: 0 24px 48px; }
            h1 { font-size: 34px; line-height: 1.2; margin: 0 0 12px; }
            h2 { font-size: 24px; margin: 48px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
            h3 { font-size: 17px; margin: 28px 0 2px; }
            .cover { padding: 72px 0 32px; border-bottom: 1px solid var(--line); }
            .cover .edition { color: var(--muted); font-size: 17px; }
            .note, figcaption .base, .wording { color: var(--muted); font-size: 13px; }
            .sample { display: flex; flex-wrap: wrap; gap: 12px 32px; padding: 0; list-style: none; }
            .sample li b { display: block; font-size: 26px; color: var(--accent); }
            .key-statistics { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 16px; }
            .key-statistics li { border-inline-start: 4px solid var(--accent); background: var(--band); padding: 12px 14px; break-inside: avoid; }
            .key-statistics .figure { font-size: 32px; font-weight: bold; color: var(--accent); display: block; }
            figure { margin: 20px 0 28px; break-inside: avoid; page-break-inside: avoid; }
            svg.chart { width: 100%; height: auto; font-size: 11px; }
            svg.chart .axis line { stroke: var(--line); }
            svg.chart .axis text { fill: var(--muted); font-size: 10px; }
            svg.chart .interval { stroke: var(--ink); stroke-width: 1.2; }
            svg.chart .net .label { font-weight: bold; }
            svg.chart .letters { fill: var(--accent); font-size: 9px; }
            svg.chart .inside { fill: #ffffff; font-size: 9px; }
            svg.chart .inside.on-light { fill: var(--ink); }
            svg.chart .headline { font-weight: bold; }
            svg.chart .net-heading, svg.chart .legend text { fill: var(--muted); font-size: 10px; }
            svg.defs { position: absolute; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin: 4px 0; padding: 0; list-style: none; }
            .legend i { display: inline-block; width: 10px; height: 10px; margin-inline-end: 4px; }
            details { font-size: 13px; }
            table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
            th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: end; vertical-align: top; }
            th:first-child, td:first-child, th.text, td.text { text-align: start; }
            thead th { background: var(--band); }
            @page { size: A4; margin: 18mm 16mm 20mm; @top-center { content: "\(title)"; font-size: 9px; color: #5b6573; } }
            @media print {
              body { font-size: 11pt; }
              main { max-width: none; padding: 0; }
              h2 { break-before: page; }
              h3 { break-after: avoid; page-break-after: avoid; }
              .profile + .profile { break-before: page; }
              .cover { padding-top: 30mm; }
              .key-statistics { grid-template-columns: 1fr; }
              details > summary { display: none; }
              details { display: block; }
            }
            """
    }

    /// Text for a CSS string: every character but letters, digits and spaces as its
    /// code point (`\3C ` for `<`), so that no title can end the string or the style element.
    static func cssString(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == " " || (scalar.isASCII && scalar.properties.isAlphabetic) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\" + String(scalar.value, radix: 16, uppercase: true) + " "
            }
        }
        return result
    }
}
