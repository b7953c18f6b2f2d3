import TallyModel

/// The cleaning stage: turns what the reader decoded into analysis-ready columns.
///
/// `clean(_:fileName:)` applies, in this order:
///
/// 1. Derived fields: binned fields are computed from their numeric source; a
///    value in no bin is excluded (rule `no_bin`, the respondent stays). Count
///    fields are the options of a multi-select mentioned (computed again after
///    routing, which may blank the multi-select).
/// 2. Required fields (`cleaning.required`): a respondent without a valid answer
///    is rejected (rule `required_missing`).
/// 3. Out-of-domain policy (`cleaning.rejectOutOfDomain`): a respondent for whom
///    the reader excluded an out-of-domain code in one of these fields is rejected
///    (rule `out_of_domain`, next to the reader's `value_excluded` record).
/// 4. Speeders (`cleaning.speeders`): a duration below the run's threshold rejects
///    the respondent (rule `speeder`); a missing duration does not.
/// 5. Straight-liners (`cleaning.straightLiners`): the same code given to every item
///    of a grid rejects the respondent (rule `straight_liner`).
/// 6. Routing (`cleaning.routing`): answers to a routed question from respondents
///    not asked it are blanked, each recorded (rule `routing`, `value_excluded`).
/// 7. Weighting variables: a respondent without a valid value of a variable the
///    weighting rakes on cannot be weighted and is rejected
///    (rule `missing_weighting_variable`), unless the margin imputes a category:
///    then the respondent stays, is weighted as if in that category, and the
///    imputation is recorded (rule `weighting_imputed`, `value_imputed`).
///
/// A respondent rejected by one rule is not examined by the later ones, so each
/// rejected respondent has exactly one `row_rejected` record, naming the first rule
/// that fired. Rejected rows are removed once, after the last rule, so every rule
/// sees the batch's rows (and line numbers) as the reader produced them.
///
/// Every rule is resolved to slots, columns and category indices when the cleaner
/// is made; the loops over rows only index arrays.
public struct Cleaner: Sendable {
    let derivations: [Derivation]
    let counts: [Count]
    let requiredChecks: [RequiredCheck]
    let outOfDomainColumns: [OutOfDomainColumn]
    let speederCheck: SpeederCheck?
    let straightLineChecks: [StraightLineCheck]
    let routingPlans: [RoutingPlan]
    let weightingVariables: [RequiredCheck]
    let imputedWeightingVariables: [RequiredCheck]

    /// The speeder threshold in seconds this cleaner applies, or nil when no
    /// speeder rule applies.
    public var speederThreshold: Double? { speederCheck?.threshold }

    /// Prepares the rules a definition declares, with the speeder rule's absolute
    /// minimum (if any) as its threshold.
    public init(definition: PipelineDefinition, layout: ColumnLayout) {
        self.init(definition: definition, layout: layout, speederThreshold: nil)
    }

    /// Prepares the rules a definition declares.
    ///
    /// The definition is expected to be validated: every field a rule names exists
    /// and has the kind the rule needs (categorical grids of one length of code
    /// list, a numeric duration, a categorical routing field, category indices in
    /// range). A definition that breaks this stops the program.
    ///
    /// - Parameters:
    ///   - definition: the validated definition.
    ///   - layout: the batches' layout, made from `definition.fields`.
    ///   - speederThreshold: the run's final speeder threshold in seconds,
    ///     `max(minimumSeconds, fractionOfMedian × median)` over the whole run.
    ///     When nil, the rule's `minimumSeconds` is used alone; when that is nil
    ///     too, no respondent is rejected as a speeder.
    public init(definition: PipelineDefinition, layout: ColumnLayout, speederThreshold: Double?) {
        let resolver = RuleResolver(definition: definition, layout: layout)
        let cleaning = definition.cleaning
        derivations = resolver.derivations()
        counts = resolver.counts()
        requiredChecks = cleaning.required.map(resolver.requiredCheck)
        outOfDomainColumns = cleaning.rejectOutOfDomain.flatMap(resolver.outOfDomainColumns)
        speederCheck = cleaning.speeders.flatMap { resolver.speederCheck($0, threshold: speederThreshold) }
        straightLineChecks = cleaning.straightLiners.compactMap(resolver.straightLineCheck)
        routingPlans = cleaning.routing.map(resolver.routingPlan)
        (weightingVariables, imputedWeightingVariables) = resolver.weightingVariables()
    }

    /// Cleans a batch in place: derives fields, applies the quality rules in the
    /// order the type describes and removes the rejected rows. Every value excluded
    /// and row rejected is appended to `batch.rejects`, rule by rule, in row order
    /// within a rule.
    /// - Parameters:
    ///   - batch: a batch as the reader produced it (rows in file order), with the
    ///     reader's rejects.
    ///   - fileName: the input file's display name, for reject records.
    public func clean(_ batch: inout ColumnBatch, fileName: String) {
        let readerRejects = batch.rejects.count
        for derivation in derivations {
            derive(derivation, in: &batch, fileName: fileName)
        }
        countMentions(in: &batch)
        var verdicts = RowVerdicts(rowCount: batch.count, fileName: fileName)
        rejectMissingRequired(in: &batch, verdicts: &verdicts)
        rejectOutOfDomain(in: &batch, readerRejects: readerRejects, verdicts: &verdicts)
        rejectSpeeders(in: &batch, verdicts: &verdicts)
        rejectStraightLiners(in: &batch, verdicts: &verdicts)
        applyRouting(in: &batch, verdicts: verdicts)
        if !routingPlans.isEmpty { countMentions(in: &batch) }  // routing may have blanked a counted question
        rejectUnweightable(in: &batch, verdicts: &verdicts)
        if verdicts.rejectedCount > 0 { batch.keepRows(verdicts.keep) }
    }
}

/// Which rows are still in, and the one `row_rejected` record of each row out.
struct RowVerdicts {
    /// One flag per row: false once a rule has rejected the row.
    private(set) var keep: [Bool]
    private(set) var rejectedCount = 0
    let fileName: String

    init(rowCount: Int, fileName: String) {
        keep = Array(repeating: true, count: rowCount)
        self.fileName = fileName
    }

    /// Rejects a row still in, recording why in `batch.rejects`.
    mutating func reject(
        _ row: Int, in batch: inout ColumnBatch, rule: String, field: String, rawValue: String, reason: String
    ) {
        precondition(keep[row], "row \(row) is already rejected")
        keep[row] = false
        rejectedCount += 1
        batch.rejects.append(
            Reject(
                file: fileName, line: batch.lines[row], respondentID: batch.id(at: row), rule: rule, field: field,
                rawValue: rawValue, action: .rowRejected, reason: reason))
    }
}

/// A number exactly as a data value: `1946`, `95.5`.
func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}

/// A number for a sentence, to two decimals at most: `240`, `0.33`.
func formatRounded(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    return formatNumber((value * 100).rounded() / 100)
}
