import TallyModel
import Yams

/// `tables[].published`: figures a report published from a table, audited on every run.
///
/// Each figure is resolved here to the result row that reproduces it (banner, column
/// code, row code, statistic), so a figure that no row could reproduce is reported
/// where it is written rather than left out of the audit.
extension DefinitionParser {
    static let publishedKeys = ["figure", "banner", "column", "row", "statistic", "value", "less_likely"]

    /// The statistics a figure can be published as.
    static let publishableStatistics: [Statistic] = [.percent, .ratio, .mean, .rank]

    func parsePublished(
        _ value: YAMLValue, table: Table, field: Field, fields: FieldRegistry, banners: [DeclaredBanner]
    ) throws -> [PublishedFigure] {
        try value.list(
            example: "- {figure: \"...\", banner: customer, column: total, row: 1, statistic: percent, value: 80}"
        ).map { try parsePublishedFigure($0, table: table, field: field, fields: fields, banners: banners) }
    }

    private func parsePublishedFigure(
        _ value: YAMLValue, table: Table, field: Field, fields: FieldRegistry, banners: [DeclaredBanner]
    ) throws -> PublishedFigure {
        let map = try value.mapping(allowed: Self.publishedKeys, what: "a published figure")
        let figure = try map.required("figure", hint: "quote what the report says, e.g. figure: \"80% agree\"")
            .text("the published statement")

        let bannerValue = try map.required(
            "banner", hint: "name one of the table's banners: \(Phrase.list(table.banners))")
        let bannerName = try bannerValue.text("a banner name")
        guard table.banners.contains(bannerName), let banner = banners.first(where: { $0.banner.name == bannerName })
        else {
            let declared = banners.contains { $0.banner.name == bannerName }
            throw bannerValue.error(
                "\(declared ? "banner '\(bannerName)' is not one of this table's banners" : "unknown banner '\(bannerName)'"); the table is cut by \(Phrase.list(table.banners))"
            )
        }
        let column = try parsePublishedColumn(
            map.required("column", hint: "write total or a code of the banner's field"), banner: banner.banner,
            fields: fields)

        let statistic = try parsePublishedStatistic(
            map.required("statistic", hint: "write percent, ratio, mean or rank"), table: table)
        let row = try parsePublishedRow(map, statistic: statistic, field: field)

        let numberValue = try map.required("value", hint: "the number as published, e.g. 80 for 80% or 2.1 for 2.1x")
        try Self.rejectExponent(numberValue)
        let number = try numberValue.number()
        guard number.isFinite, number >= 0 else {
            throw numberValue.error(
                "value \(Phrase.number(number)) is not a published figure; write the number as published, 0 or more (80 for 80%)"
            )
        }
        switch statistic {
        case .percent where number > 100:
            throw numberValue.error(
                "value \(Phrase.number(number)) is above 100; write a percentage as published (80 for 80%)")
        case .rank where number < 1 || number != number.rounded():
            throw numberValue.error("value \(Phrase.number(number)) is not a rank; a rank is a whole number from 1")
        default:
            break
        }
        let resolution = try Self.resolution(of: numberValue)

        var lessLikely = false
        if let lessValue = map.optional("less_likely") {
            guard statistic == .ratio else {
                throw lessValue.error(
                    "'less_likely' applies only to statistic: ratio (a ratio below 1 published as its inverse); this figure is a \(statistic.rawValue)"
                )
            }
            lessLikely = try lessValue.bool()
        }
        return PublishedFigure(
            figure: figure, column: column, banner: bannerName, row: row, statistic: statistic, value: number,
            lessLikely: lessLikely, resolution: resolution)
    }

    /// `column`: `total` (when the banner has a total column) or a code of the banner's field.
    private func parsePublishedColumn(_ value: YAMLValue, banner: Banner, fields: FieldRegistry) throws -> String {
        let text = try value.text("'total' or a code of the banner's field")
        let codes = banner.field.flatMap { fields.entry(named: $0) }?.field.categories.map(\.code) ?? []
        if text == "total", banner.totalLabel != nil { return text }
        if codes.contains(text) { return text }
        var columns = banner.totalLabel == nil ? [] : ["total"]
        columns += codes
        if text == "total" {
            throw value.error(
                "banner '\(banner.name)' has no total column; its columns are \(Phrase.list(columns, limit: 20)) (give the banner 'total' for one)"
            )
        }
        let whose =
            banner.field.map { "not a code of '\($0)', the field of banner '\(banner.name)'" }
            ?? "not a column of banner '\(banner.name)'"
        throw value.error(
            "column '\(text)' is \(whose); its columns are \(Phrase.list(columns, limit: 20)) (written exactly as declared)"
        )
    }

    /// `statistic`: one of the table's statistics that a report can publish.
    private func parsePublishedStatistic(_ value: YAMLValue, table: Table) throws -> Statistic {
        let text = try value.text("a statistic")
        let publishable = table.statistics.filter(Self.publishableStatistics.contains).map(\.rawValue)
        let choices =
            publishable.isEmpty
            ? "the table reports none of percent, ratio, mean, rank" : "the table reports \(Phrase.list(publishable))"
        guard let statistic = Statistic(rawValue: text), Self.publishableStatistics.contains(statistic) else {
            throw value.error(
                "'\(text)' is not a statistic a figure can be published as; write percent, ratio, mean or rank (\(choices))"
            )
        }
        guard table.statistics.contains(statistic) else {
            throw value.error(
                "the table does not report '\(text)'; add it to the table's statistics, or publish one it reports (\(choices))"
            )
        }
        return statistic
    }

    /// `row` as the result's row code: a code, an option column, `net1`..., `ratio`, or empty for a mean.
    private func parsePublishedRow(_ map: YAMLMapping, statistic: Statistic, field: Field) throws -> String {
        switch statistic {
        case .ratio:
            guard let value = map.optional("row") else { return "ratio" }
            let text = try value.text("'ratio'")
            guard text == "ratio" else {
                throw value.error("a ratio figure's row is 'ratio' (or leave 'row' out), found '\(text)'")
            }
            return text
        case .mean:
            guard let value = map.optional("row") else { return "" }
            if case .scalar(let scalar) = value.node, scalar.string.isEmpty { return "" }
            throw value.error("a mean has one row per column; leave 'row' out (found \(value.found))")
        default:
            break
        }
        let options: [String]
        if case .multi(let spec) = field.kind { options = spec.options.map(\.column) } else { options = [] }
        let categories = field.categories
        let nets = field.nets.map(\.label)
        let what = options.isEmpty ? "a code" : "an option column"
        let value = try map.required("row", hint: "write \(what) of '\(field.name)' or one of its nets' labels")
        let text = try value.text("\(what) or a net label")
        if let category = categories.first(where: { $0.code == text }) {
            guard category.inBase else {
                throw value.error(
                    "code '\(text)' of '\(field.name)' is outside the base (base: false), so it has no \(statistic.rawValue); publish a code in the base"
                )
            }
            return text
        }
        if options.contains(text) { return text }
        if let position = nets.firstIndex(of: text) {
            guard statistic != .rank else {
                throw value.error("net '\(text)' has no rank; only single codes and options are ranked")
            }
            let members = field.nets[position].members
            guard categories.isEmpty || members.allSatisfy({ categories[$0].inBase }) else {
                throw value.error(
                    "net '\(text)' includes a code outside the base, so it has no percent; publish a net of codes in the base"
                )
            }
            return "net\(position + 1)"
        }
        let rows = (options.isEmpty ? categories.map(\.code) : options) + nets
        throw value.error(
            "'\(text)' is not \(what) or a net of '\(field.name)'; its rows are \(Phrase.list(rows, limit: 20)) (written exactly as declared)"
        )
    }

    /// Throws for a number written with an exponent (`1.0e2`, `1e+2`): its last digit says nothing of
    /// the published rounding. Checked before the number is read, since YAML reads some such texts as text.
    static func rejectExponent(_ value: YAMLValue) throws {
        guard let scalar = value.node.scalar, scalar.style == .plain,
            scalar.string.contains(where: { $0 == "e" || $0 == "E" }), Double(scalar.string) != nil
        else { return }
        throw value.error(
            "value '\(scalar.string)' is written with an exponent; write it in plain decimals exactly as published (e.g. 2.1 or 0.25), since its last digit gives the published rounding"
        )
    }

    /// The unit of the last digit of a number as written: `80` gives 1, `2.1` gives 0.1, `0.25` gives 0.01.
    /// - Throws: for exponents and anything but plain decimal digits.
    static func resolution(of value: YAMLValue) throws -> Double {
        try rejectExponent(value)
        let text = value.node.scalar?.string ?? ""
        var body = Substring(text)
        if body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        guard parts.allSatisfy(isDigits), parts.contains(where: { !$0.isEmpty }) else {
            throw value.error(
                "value '\(text)' is not a plain decimal number; write it exactly as published (e.g. 80, 2.1 or 0.25), since its last digit gives the published rounding"
            )
        }
        let decimals = parts.count == 2 ? parts[1].count : 0
        return Double("1e-\(decimals)") ?? 1
    }
}
