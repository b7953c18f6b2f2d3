import TallyTestSupport

/// Mistakes in the tab book's grids and in the report section.
extension DefinitionErrorTests {
    /// A second table of `rating`, for grids, appended to `valid`'s tables.
    static let ratingAgain =
        "  - {name: rating_again, field: rating, banners: [region], statistics: [percent, mean]}\n"

    static func grid(_ text: String) -> String {
        ratingAgain + "tab_book:\n  grids:\n" + text
    }

    static let grids: [BadDefinition] = [
        BadDefinition(
            "grid of one table",
            appending: grid("    - {name: g, title: G, tables: [rating]}  # <\n"), keyPath: "tab_book.grids[0].tables",
            mentions: ["two or more"]),
        BadDefinition(
            "grid naming an unknown table",
            appending: grid("    - {name: g, title: G, tables: [rating, ratings_again]}  # <\n"),
            keyPath: "tab_book.grids[0].tables[1]", mentions: ["'ratings_again'", "did you mean 'rating_again'"]),
        BadDefinition(
            "grid over a numeric table",
            appending: grid("    - {name: g, title: G, tables: [rating, age]}  # <\n"),
            keyPath: "tab_book.grids[0].tables[1]", mentions: ["'age'", "not a single or scale field"]),
        BadDefinition(
            "grid row that is no net or code",
            appending: grid("    - {name: g, title: G, tables: [rating, rating_again], row: Excellent}  # <\n"),
            keyPath: "tab_book.grids[0].row", mentions: ["'Excellent'", "Fair or better", "'rating'"]),
        BadDefinition(
            "grid row outside the base",
            appending: grid("    - {name: g, title: G, tables: [rating, rating_again], row: \"9\"}  # <\n"),
            keyPath: "tab_book.grids[0].row", mentions: ["'9'", "outside the base"]),
        BadDefinition(
            "grid table without percentages",
            [
                ("    statistics: [count, percent]\n", "    statistics: [count]\n"),
                (
                    "    statistics: [mean, sd]\n",
                    "    statistics: [mean, sd]\n"
                        + grid("    - {name: g, title: G, tables: [rating, rating_again]}  # <\n")
                ),
            ], keyPath: "tab_book.grids[0].tables[0]", mentions: ["'rating'", "percent"]),
        BadDefinition(
            "grid name used twice",
            appending: grid(
                "    - {name: g, title: G, tables: [rating, rating_again]}\n    - {name: g, title: H, tables: [rating, rating_again]}  # <\n"
            ), keyPath: "tab_book.grids[1].name", mentions: ["'g'", "twice"]),
    ]

    static func report(_ text: String) -> String {
        "report:\n" + text
    }

    static let reports: [BadDefinition] = [
        BadDefinition(
            "profiles of a banner without a total",
            appending: report(
                "  key_statistics:\n    - {table: rating, banner: region, column: total, row: \"3\", sentence: \"{percent}\"}\n  profiles: ages  # <\n"
            ), keyPath: "report.profiles", mentions: ["'ages'", "total"]),
        BadDefinition(
            "profiles with no key statistic to show",
            appending: report("  profiles: region  # <\n"), keyPath: "report.profiles",
            mentions: ["'region'", "key statistic"]),
        BadDefinition(
            "report in a language it cannot be published in", appending: report("  languages: [en, fr]  # <\n"),
            keyPath: "report.languages[1]", mentions: ["'fr'", "'en'"]),
        BadDefinition(
            "key statistic with an unknown placeholder",
            appending: report(
                "  key_statistics:\n    - {table: rating, banner: region, column: total, row: \"3\", sentence: \"{pct} rate it good\"}  # <\n"
            ), keyPath: "report.key_statistics[0].sentence", mentions: ["'{pct}'", "{percent}", "{Frequency}"]),
        BadDefinition(
            "key statistic of an answer outside the base",
            appending: report(
                "  key_statistics:\n    - {table: rating, banner: region, column: total, row: \"9\", sentence: \"{percent}\"}  # <\n"
            ), keyPath: "report.key_statistics[0].row", mentions: ["'9'", "Fair or better"]),
        BadDefinition(
            "key statistic in a column the banner lacks",
            appending: report(
                "  key_statistics:\n    - {table: rating, banner: ages, column: total, row: \"3\", sentence: \"{percent}\"}  # <\n"
            ), keyPath: "report.key_statistics[0].column", mentions: ["'total'", "young", "older"]),
        BadDefinition(
            "sentence map without a published language",
            appending: report(
                "  key_statistics:\n    - {table: rating, banner: region, column: total, row: \"3\", sentence: {}}  # <\n"
            ), keyPath: "report.key_statistics[0].sentence.en", mentions: ["'en'"]),
        BadDefinition(
            "chapter comparing a banner a table lacks",
            appending: report("  chapters:\n    - {title: T, tables: [rating, age], compare: ages}  # <\n"),
            keyPath: "report.chapters[0].compare", mentions: ["'age'", "'ages'"]),
        BadDefinition(
            "chapter of an unknown table",
            appending: report("  chapters:\n    - {title: T, tables: [ratings]}  # <\n"),
            keyPath: "report.chapters[0].tables[0]", mentions: ["'ratings'", "did you mean 'rating'"]),
    ]
}
