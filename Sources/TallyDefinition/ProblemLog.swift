import TallyModel

/// The problems found in a definition so far, so that one check reports every
/// independent problem instead of only the first.
///
/// Each section, field, banner and table is read on its own: a problem in one is
/// kept and reading goes on with the next. A reference to something whose own
/// declaration failed (a table naming a broken field) is a `FollowOnProblem`,
/// not reported again.
final class ProblemLog {
    /// Reading stops after this many problems; past them, most are consequences.
    static let limit = 20

    /// The definition's path, for the failure when no problem was kept.
    let file: String
    private(set) var problems: [TallyError] = []
    /// True when a banner's declaration failed: an unknown banner name may then be
    /// the one it was meant to have.
    private(set) var bannerFailed = false

    init(file: String) {
        self.file = file
    }

    /// Runs `body`; a definition problem in it is kept and nil returned.
    /// - Throws: every problem so far once `limit` is reached; errors other than
    ///   definition problems as they are.
    func attempt<T>(_ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch is FollowOnProblem {
            return nil
        } catch let error as TallyError {
            guard case .definition = error else { throw error }
            problems.append(error)
            if problems.count >= Self.limit { throw failure(stoppedEarly: true) }
            return nil
        }
    }

    /// True when a table's declaration failed: an unknown table name (in a grid or the
    /// report) may then be the one it was meant to have.
    private(set) var tableFailed = false

    /// Records that a banner's declaration, or the whole section, failed.
    func markBannerFailed() {
        bannerFailed = true
    }

    /// Records that a table's declaration, or the whole section, failed.
    func markTableFailed() {
        tableFailed = true
    }

    /// The error that stands for the problems kept: the single problem itself, or
    /// all of them together.
    func failure(stoppedEarly: Bool = false) -> TallyError {
        switch problems.count {
        case 0:
            return .definition(file: file, keyPath: "", line: nil, message: "the definition could not be read")
        case 1 where !stoppedEarly:
            return problems[0]
        default:
            return .definitionProblems(problems, stoppedEarly: stoppedEarly)
        }
    }
}

/// A problem caused by one already reported: a reference to a field or banner
/// whose own declaration failed.
struct FollowOnProblem: Error {}
