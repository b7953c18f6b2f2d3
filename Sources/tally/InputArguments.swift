import ArgumentParser

/// The inputs of a run and how many are read at once.
struct InputArguments: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Input files, folders or glob patterns (default: the definition's own input.files).")
    var input: [String] = []

    @Option(name: .long, help: "Files read at once.")
    var jobs: Int = 2

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
