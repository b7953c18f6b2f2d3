import Foundation
import TallyAggregator
import TallyModel

/// The words a tab book puts beside its numbers.
extension TabBook {
    /// An answer's label: `Net: ` before a net's (whose row code is `net1`, `net2`…), the
    /// question for a numeric summary.
    static func answerLabel(_ row: ResultRow, question: String) -> String {
        if row.row.isEmpty { return question }
        let isNet =
            row.rowCode.hasPrefix("net") && row.rowCode.count > 3 && row.rowCode.dropFirst(3).allSatisfy(\.isNumber)
        return isNet ? "Net: " + row.row : row.row
    }

    /// `*` for a low base, `**` for a suppressed column.
    static func marker(_ flag: BaseFlag) -> String {
        flag == .suppressed ? "**" : "*"
    }

    /// How a statistic is labelled on its line.
    static func statisticLabel(_ statistic: String) -> String {
        switch statistic {
        case "count": return "Count"
        case "weighted_count": return "Weighted count"
        case "percent": return "%"
        case "rank": return "Rank"
        case "ratio": return "Ratio"
        case "less_likely": return "x less likely"
        case "mean": return "Mean"
        case "sd": return "Std. dev."
        case Grid.baseStatistic: return "Base (n)"
        default: return statistic
        }
    }

    /// A base row's label.
    static func baseLabel(_ base: TabBookSpec.BaseRow) -> String {
        switch base {
        case .unweighted: return "Unweighted base"
        case .weighted: return "Weighted base"
        case .effective: return "Effective base"
        }
    }

    /// A confidence level as a percentage: `95%`, `99.5%`.
    static func percentText(_ level: Double) -> String {
        String(format: "%g%%", level * 100)
    }
}
