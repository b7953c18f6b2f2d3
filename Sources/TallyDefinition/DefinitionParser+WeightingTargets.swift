import Foundation
import TallyModel
import Yams

/// A margin's `targets`: shares, proportions or counts per category, plain or within
/// the categories of another field, checked to add up.
extension DefinitionParser {
    /// A map from every code of `field` to a number ≥ 0, in the field's category order.
    /// - Parameter nestedHint: whether a mapping in place of a number should suggest `within`.
    func parseTargetMap(
        _ value: YAMLValue, field: Field, type: TargetType, nestedHint: Bool
    ) throws
        -> [Double]
    {
        let codes = field.categories.map(\.code)
        let entries = try value.codeKeyedEntries(
            keyRole: "a code",
            expected:
                "a map from each code of field '\(field.name)' to its target, e.g. {\(Self.exampleTargets(field))}")
        var numbers = [Double?](repeating: nil, count: codes.count)
        for (key, number) in entries {
            if nestedHint, case .mapping = number.node {
                throw number.error(
                    "expected a number, found a mapping; for targets within the groups of another field, add 'within: FIELD' to the margin"
                )
            }
            guard let index = codes.firstIndex(of: key.code) else {
                throw key.at.error(
                    "'\(key.code)' is not a code of field '\(field.name)'; its codes are \(Phrase.list(codes)) (written exactly as declared)"
                )
            }
            numbers[index] = try target(number, type: type)
        }
        let missing = codes.indices.filter { numbers[$0] == nil }.map { codes[$0] }
        guard missing.isEmpty else {
            throw value.error(
                "respondent category with no target: field '\(field.name)' has no target for \(missing.count == 1 ? "code" : "codes") \(Phrase.list(missing, limit: 20)); give every code a target (0 if no respondent may have it)"
            )
        }
        return numbers.map { $0 ?? 0 }
    }

    /// Nested targets: a map from every group code to a map of targets for every code of `field`.
    /// - Returns: shares of the whole population, indexed `group * categoryCount + category`,
    ///   and what the numbers written add up to.
    func parseNestedTargets(
        _ value: YAMLValue, field: Field, groupField: Field, groupShares: [Double], type: TargetType,
        total: (value: Double, keyPath: String)?
    ) throws -> (targets: [Double], sum: Double) {
        let groupCodes = groupField.categories.map(\.code)
        let entries = try value.codeKeyedEntries(
            keyRole: "a code",
            expected:
                "a map from each code of field '\(groupField.name)' to the targets of '\(field.name)' in that group, e.g. \(groupCodes[0]): {\(Self.exampleTargets(field))}"
        )
        var withinShares = [[Double]?](repeating: nil, count: groupCodes.count)
        var rawSum = 0.0
        for (key, groupValue) in entries {
            guard let group = groupCodes.firstIndex(of: key.code) else {
                throw key.at.error(
                    "'\(key.code)' is not a code of field '\(groupField.name)' (the 'within' field); its codes are \(Phrase.list(groupCodes))"
                )
            }
            let numbers = try parseTargetMap(groupValue, field: field, type: type, nestedHint: false)
            rawSum += numbers.reduce(0, +)
            withinShares[group] = try normalise(
                numbers, at: groupValue, type: type, total: nil, field: field,
                context: "in group '\(key.code)' of '\(groupField.name)'")
        }
        let missing = groupCodes.indices.filter { withinShares[$0] == nil }.map { groupCodes[$0] }
        guard missing.isEmpty else {
            throw value.error(
                "respondent category with no target: \(missing.count == 1 ? "group" : "groups") \(Phrase.list(missing, limit: 20)) of field '\(groupField.name)' \(missing.count == 1 ? "has" : "have") no targets for '\(field.name)'; give every group a map of targets"
            )
        }
        if let total {
            try checkTotal(rawSum, total: total, at: value)
        }
        var targets: [Double] = []
        targets.reserveCapacity(groupCodes.count * field.categories.count)
        for (group, shares) in withinShares.enumerated() {
            targets.append(contentsOf: (shares ?? []).map { groupShares[group] * $0 })
        }
        return (targets, rawSum)
    }

    /// One target: a number ≥ 0, and at most 1 for shares or 100 for percentages.
    private func target(_ value: YAMLValue, type: TargetType) throws -> Double {
        let number = try value.number()
        guard number >= 0 else {
            throw value.error(
                "target \(Phrase.number(number)) is negative; targets are \(type.noun) of 0 or more")
        }
        guard number.isFinite else {
            throw value.error("target \(Phrase.number(number)) is not a finite number")
        }
        if let ceiling = type.ceiling, number > ceiling {
            let advice =
                type == .shares
                ? "a share is at most 1 (write type: percent for percentages, or type: counts for counts)"
                : "a percentage is at most 100 (write type: counts for counts)"
            throw value.error("target \(Phrase.number(number)) is above \(Phrase.number(ceiling)); \(advice)")
        }
        return number
    }

    /// Numbers of one set of targets as shares summing to 1, after checking what they add up to.
    func normalise(
        _ numbers: [Double], at value: YAMLValue, type: TargetType, total: (value: Double, keyPath: String)?,
        field: Field, context: String? = nil
    ) throws -> [Double] {
        let sum = numbers.reduce(0, +)
        let whose = "the targets of '\(field.name)'" + (context.map { " \($0)" } ?? "")
        if let expected = type.expectedSum {
            guard abs(sum - expected) <= type.sumTolerance else {
                throw value.error(
                    "\(whose) sum to \(Phrase.sum(sum)), not \(Phrase.number(expected)); \(type.noun) must add up to \(Phrase.number(expected)) (within \(Phrase.sum(type.sumTolerance)))"
                )
            }
        } else {
            guard sum > 0 else {
                throw value.error("\(whose) are all 0; counts must add up to more than 0")
            }
            if let total {
                try checkTotal(sum, total: total, at: value)
            }
        }
        return numbers.map { $0 / sum }
    }

    /// Counts must add up to the margin's `total` within one part in a million.
    private func checkTotal(_ sum: Double, total: (value: Double, keyPath: String), at value: YAMLValue) throws {
        guard abs(sum - total.value) <= 1e-6 * total.value else {
            throw value.error(
                "the counts sum to \(Phrase.sum(sum)), not the total \(Phrase.number(total.value)) given at \(total.keyPath); correct the counts or the total"
            )
        }
    }
}
