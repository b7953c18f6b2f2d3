/// How a table's sheet is cut into landscape A4 pages: the scale and the columns
/// where new pages start.
///
/// The label column prints on every page. Banners stay whole on a page when they
/// fit on one; a banner wider than a page is split between its columns, never
/// between a number and its letters. Of the scales from 100% (or from the largest
/// at which the sheet's rows fit a page's height) down to `smallestScale`, the
/// largest that needs the fewest pages is chosen, so a table prints on as few pages
/// as it can without becoming unreadable.
struct PrintLayout {
    /// A number column and its letters column, `columns` sheet columns `width` points wide.
    struct Unit: Equatable {
        var width: Double
        var columns: Int
    }

    /// The printable width of a landscape A4 page (842 points) within margins of 0.4 inch.
    static let pageWidth = 842 - 2 * 0.4 * 72
    /// The printable height of a landscape A4 page (595 points) within margins of 0.5 and
    /// 0.6 inch, less a line for the footer.
    static let pageHeight = 595 - 1.1 * 72 - 12
    /// The smallest scale a sheet is printed at, in percent.
    static let smallestScale = 55

    /// The scale, in percent.
    let scale: Int
    /// The 0-based sheet columns that start a new page.
    let breaks: [Int]

    /// The layout of a sheet whose first column (`labelWidth` characters) repeats on
    /// every page and whose data columns, from the second on, come in these groups
    /// (the banners, the total first), each a run of units; its rows are `height` points high.
    init(labelWidth: Double, groups: [[Unit]], height: Double) {
        let fitting = Int(Self.pageHeight * 100 / height) / 5 * 5
        var best: (scale: Int, breaks: [Int])?
        for scale in stride(from: min(100, max(Self.smallestScale, fitting)), through: Self.smallestScale, by: -5) {
            let capacity = Self.pageWidth * 100 / Double(scale) - Self.points(labelWidth)
            let breaks = Self.breaks(groups, capacity: capacity)
            if best == nil || breaks.count < best!.breaks.count { best = (scale, breaks) }
        }
        (scale, breaks) = best!
    }

    /// The width in points of a column `characters` wide, as Excel sizes it for
    /// 10-point Arial (7 pixels a character and 5 of padding, at 96 pixels an inch),
    /// with half a pixel a character to spare for renderers that round otherwise.
    static func points(_ characters: Double) -> Double {
        (7.5 * characters + 5) * 0.75
    }

    /// Where pages start when a page holds `capacity` points of data columns.
    private static func breaks(_ groups: [[Unit]], capacity: Double) -> [Int] {
        var breaks: [Int] = []
        var used = 0.0
        var column = 1
        for group in groups {
            let width = group.reduce(0) { $0 + $1.width }
            let columns = group.reduce(0) { $0 + $1.columns }
            if used + width <= capacity {
                used += width
                column += columns
                continue
            }
            if width <= capacity {
                breaks.append(column)
                used = width
                column += columns
                continue
            }
            // Wider than a page: split it between units, filling the page it starts on.
            for unit in group {
                if used + unit.width > capacity, used > 0 {
                    breaks.append(column)
                    used = 0
                }
                used += unit.width
                column += unit.columns
            }
        }
        return breaks
    }
}
