/// One cell of a worksheet: text or a number, with a style.
struct SheetCell: Sendable, Equatable {
    /// What a cell holds.
    enum Content: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// No value: a cell there only for its style (a band's fill, a heading's shade).
        case blank
    }

    var content: Content
    var style: CellStyle

    static func text(_ text: String, _ style: CellStyle = CellStyle(.plain)) -> SheetCell {
        SheetCell(content: .text(text), style: style)
    }

    static func number(_ value: Double, _ style: CellStyle) -> SheetCell {
        SheetCell(content: .number(value), style: style)
    }

    static func blank(_ style: CellStyle) -> SheetCell {
        SheetCell(content: .blank, style: style)
    }
}

/// What a cell is on a sheet, which decides its font, number format, fill, border
/// and alignment.
enum CellRole: Int, Sendable, CaseIterable {
    case plain
    /// A sheet's title: large and bold.
    case title
    /// Notes: small, italic, grey.
    case note
    /// A legend line under a table: a note wrapped within the table's width.
    case legend
    /// A link to a sheet (the contents).
    case link
    /// Headings of a list (the contents): bold, shaded, a line below.
    case listHeading
    /// A banner's heading, bold, centred and shaded over its columns.
    case bannerHeading
    /// A column label: bold, centred, wrapped, shaded.
    case columnLabel
    /// A column's test letter under its label, shaded, a line below.
    case columnLetter
    /// An answer's label, wrapped.
    case answerLabel
    /// A secondary line's label (`Count`), small and grey.
    case secondaryLabel
    /// A base row's label, italic.
    case baseLabel
    /// A base, a count or a weighted count with thousands separators (`14,104`), italic.
    case baseNumber
    /// A percentage held in points (`45.6` shows as `46%`), bold.
    case percent
    /// A count or weighted count on a secondary line (`1,234`), small and grey.
    case count
    /// Two decimals (`3.25`): means, standard deviations, ratios.
    case decimal
    /// A rank (`1`).
    case rank
    /// Test letters and low-base markers beside a number: small, left-aligned.
    case letters
    /// A dash or `**` in place of a number, centred, grey.
    case marker
    /// A change in points with its sign and one decimal (`+3.2`).
    case change
    /// A change of a mean with its sign and two decimals (`-0.05`).
    case meanChange
}

/// A cell's look: its role, and whether its line is banded (shaded every other answer).
struct CellStyle: Sendable, Equatable {
    var role: CellRole
    var banded: Bool

    init(_ role: CellRole, banded: Bool = false) {
        self.role = role
        self.banded = banded
    }

    /// The index of the style in `cellXfs`: two per role, plain then banded.
    var index: Int { role.rawValue * 2 + (banded ? 1 : 0) }

    /// Every style in `cellXfs` order.
    static let all: [CellStyle] = CellRole.allCases.flatMap { [CellStyle($0), CellStyle($0, banded: true)] }

    /// The `<xf>` element of this style.
    var xf: String {
        let look = StyleLook(role)
        let fill = banded && look.fill == 0 ? StyleSheet.bandFill : look.fill
        var attributes =
            #"numFmtId="\#(look.numberFormat)" fontId="\#(look.font)" fillId="\#(fill)" borderId="\#(look.border)" xfId="0""#
        if look.numberFormat != 0 { attributes += #" applyNumberFormat="1""# }
        if look.font != 0 { attributes += #" applyFont="1""# }
        if fill != 0 { attributes += #" applyFill="1""# }
        if look.border != 0 { attributes += #" applyBorder="1""# }
        guard let alignment = look.alignment else { return "<xf \(attributes)/>" }
        return #"<xf \#(attributes) applyAlignment="1">\#(alignment)</xf>"#
    }
}

/// The parts of `styles.xml` a role picks from.
private struct StyleLook {
    var numberFormat = 0
    var font = 0
    var fill = 0
    var border = 0
    var alignment: String?

    init(_ role: CellRole) {
        switch role {
        case .plain: break
        case .title: font = StyleSheet.titleFont
        case .note: font = StyleSheet.noteFont
        case .legend:
            font = StyleSheet.noteFont
            alignment = #"<alignment vertical="top" wrapText="1"/>"#
        case .link:
            font = StyleSheet.linkFont
            alignment = #"<alignment vertical="top" wrapText="1"/>"#
        case .listHeading:
            (font, fill, border) = (StyleSheet.boldFont, StyleSheet.headingFill, StyleSheet.lineBelow)
            alignment = #"<alignment vertical="top" wrapText="1"/>"#
        case .bannerHeading:
            (font, fill) = (StyleSheet.boldFont, StyleSheet.headingFill)
            alignment = #"<alignment horizontal="center"/>"#
        case .columnLabel:
            (font, fill) = (StyleSheet.labelFont, StyleSheet.headingFill)
            alignment = #"<alignment horizontal="center" vertical="top" wrapText="1"/>"#
        case .columnLetter:
            (font, fill, border) = (StyleSheet.letterFont, StyleSheet.headingFill, StyleSheet.lineBelow)
            alignment = #"<alignment horizontal="center"/>"#
        case .answerLabel: alignment = #"<alignment vertical="top" wrapText="1"/>"#
        case .secondaryLabel:
            font = StyleSheet.secondaryFont
            alignment = #"<alignment vertical="top" indent="1"/>"#
        case .baseLabel: font = StyleSheet.italicFont
        case .baseNumber: (numberFormat, font) = (StyleSheet.thousands, StyleSheet.italicFont)
        case .percent:
            (numberFormat, font) = (StyleSheet.pointsPercent, StyleSheet.boldFont)
            alignment = Self.top
        case .count:
            (numberFormat, font) = (StyleSheet.thousands, StyleSheet.secondaryFont)
            alignment = Self.top
        case .decimal:
            numberFormat = StyleSheet.twoDecimals
            alignment = Self.top
        case .rank:
            numberFormat = StyleSheet.whole
            alignment = Self.top
        case .letters:
            font = StyleSheet.letterFont
            alignment = #"<alignment horizontal="left" vertical="top" wrapText="1"/>"#
        case .marker:
            font = StyleSheet.secondaryFont
            alignment = #"<alignment horizontal="center" vertical="top"/>"#
        case .change:
            numberFormat = StyleSheet.signed
            alignment = Self.top
        case .meanChange:
            numberFormat = StyleSheet.signedTwoDecimals
            alignment = Self.top
        }
    }

    /// Numbers stay on the first line of a row that letters or a label wrap.
    private static let top = #"<alignment vertical="top"/>"#
}

/// `xl/styles.xml`: the fonts, fills, borders and number formats the roles use.
///
/// The font is Arial, whose metric twin Liberation Sans comes with LibreOffice, so
/// that columns are as wide and pages break alike in Excel and in LibreOffice.
enum StyleSheet {
    static let boldFont = 1
    static let italicFont = 2
    static let noteFont = 3
    static let titleFont = 4
    static let letterFont = 5
    static let secondaryFont = 6
    static let linkFont = 7
    static let labelFont = 8
    static let headingFill = 2
    static let bandFill = 3
    static let lineBelow = 1
    static let whole = 1
    static let twoDecimals = 2
    static let thousands = 3
    static let pointsPercent = 164
    static let signed = 165
    static let signedTwoDecimals = 166

    /// The style sheet's XML.
    static let xml: String = {
        func font(_ size: Int, _ extra: String = "", color: String = "FF000000") -> String {
            #"<font>\#(extra)<sz val="\#(size)"/><color rgb="\#(color)"/><name val="Arial"/><family val="2"/></font>"#
        }
        let fonts = [
            font(10), font(10, "<b/>"), font(10, "<i/>"), font(9, "<i/>", color: "FF595959"), font(14, "<b/>"),
            font(8, color: "FF1F4E79"), font(9, color: "FF595959"), font(10, "<u/>", color: "FF0563C1"),
            font(8, "<b/>"),
        ]
        func fill(_ rgb: String) -> String {
            #"<fill><patternFill patternType="solid"><fgColor rgb="\#(rgb)"/><bgColor indexed="64"/></patternFill></fill>"#
        }
        let xfs = CellStyle.all.map(\.xf).joined()
        return XLSXPackage.declaration + #"<styleSheet xmlns="\#(XLSXPackage.mainNamespace)">"#
            + #"<numFmts count="3"><numFmt numFmtId="164" formatCode="0&quot;%&quot;"/>"#
            + #"<numFmt numFmtId="165" formatCode="+0.0;-0.0;0.0"/><numFmt numFmtId="166" formatCode="+0.00;-0.00;0.00"/>"#
            + "</numFmts>"
            + #"<fonts count="\#(fonts.count)">\#(fonts.joined())</fonts>"#
            + #"<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
            + fill("FFDDE6F0") + fill("FFF3F6FA") + "</fills>"
            + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
            + #"<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA9C1"/></bottom><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="\#(CellStyle.all.count)">\#(xfs)</cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }()
}
