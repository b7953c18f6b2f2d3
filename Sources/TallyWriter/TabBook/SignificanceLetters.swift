import TallyAggregator

/// Reading the letters of `significant_over` back: `BCaa` is `B`, `C`, `aa` when a
/// banner's letters run past `Z`.
enum SignificanceLetters {
    /// The letters of a cell's `significant_over`, as written (upper case at the
    /// highest level, lower case at the lower level only).
    /// - Parameter letters: the banner's letters in column order, in upper case; a cell
    ///   lists them in this order, which settles what `AAB` is (`A`, `AB`: `AA` cannot
    ///   come before `B`).
    /// - Returns: the letters, or the whole text as one letter when it cannot be split.
    static func split(_ text: String, letters: [String]) -> [String] {
        let characters = Array(text)
        let candidates = letters.map(Array.init)
        /// The split of `characters[position...]` into letters from `candidates[first...]`.
        func split(from position: Int, first: Int) -> [String]? {
            if position == characters.count { return [] }
            for index in first..<candidates.count {
                let letter = candidates[index]
                let end = position + letter.count
                guard end <= characters.count else { continue }
                let piece = String(characters[position..<end])
                guard piece == String(letter) || piece == String(letter).lowercased() else { continue }
                if let rest = split(from: end, first: index + 1) { return [piece] + rest }
            }
            return nil
        }
        return split(from: 0, first: 0) ?? [text]
    }

    /// A cell's `significant_over` split into its letters and its trailing marker
    /// against the rest of the sample (▲ ▼ △ ▽; empty without one).
    static func marker(of text: String) -> (letters: String, marker: String) {
        guard let last = text.last, ColumnTests.restMarkers.contains(String(last)) else { return (text, "") }
        return (String(text.dropLast()), String(last))
    }
}
