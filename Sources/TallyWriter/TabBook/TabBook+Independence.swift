import Foundation
import TallyAggregator

extension TabBook {
    /// The footer line of a table's test of independence by one banner, headed by the
    /// banner's heading: the second-order (F) test and the highest level it is
    /// significant at (`significantAt`, `95%`; empty for none), the first-order
    /// chi-square, and the mean design effect; or why there is no test. Answers and
    /// columns left out for having no respondents are named by their labels
    /// (`answerLabel`, `columnLabel`: a code's label).
    public static func independenceLine(
        _ test: IndependenceTest, heading: String, significantAt significant: String,
        answerLabel: (String) -> String = { $0 }, columnLabel: (String) -> String = { $0 }
    ) -> String {
        var line = "Independence of answers and \(heading): "
        if let statistics = test.statistics {
            line +=
                "Rao-Scott F(\(decimal(statistics.numeratorDegrees, 2)), \(decimal(statistics.denominatorDegrees, 1)))"
                + " = \(decimal(statistics.f, 2)), \(pText(statistics.pF))"
                + (significant.isEmpty ? ", not significant" : ", significant at \(significant)")
                + "; first-order χ²(\(statistics.degreesOfFreedom)) = \(decimal(statistics.chiSquare, 2)),"
                + " \(pText(statistics.pChiSquare)); mean design effect \(decimal(statistics.meanDesignEffect, 2))."
        } else {
            line += "not tested: \(test.undefined?.rawValue ?? "undefined")."
        }
        var empty: [String] = []
        if !test.emptyRows.isEmpty {
            empty.append("answers \(test.emptyRows.map(answerLabel).joined(separator: ", "))")
        }
        if !test.emptyColumns.isEmpty {
            empty.append("columns \(test.emptyColumns.map(columnLabel).joined(separator: ", "))")
        }
        if !empty.isEmpty { line += " Left out, without respondents: \(empty.joined(separator: "; "))." }
        return line
    }

    /// `p = 0.031`, or `p < 0.001`.
    private static func pText(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = \(decimal(p, 3))"
    }

    private static func decimal(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
