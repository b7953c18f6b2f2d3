extension RandomAccessCollection {
    /// The first index whose element satisfies `belongs`, by binary search, in a
    /// collection partitioned by it (every element that does not satisfy it comes
    /// before every element that does); `endIndex` when none does.
    ///
    /// Tally's one binary search: in sorted values, `partitioningIndex { $0 >= x }`
    /// is where `x` is or would be inserted, and `partitioningIndex { $0 > x }` the
    /// number of values at most `x`.
    @inlinable
    package func partitioningIndex(where belongs: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable {
    /// The index of `value` in these sorted values, by binary search; nil when absent.
    @inlinable
    package func sortedIndex(of value: Element) -> Index? {
        let index = partitioningIndex { $0 >= value }
        return index < endIndex && self[index] == value ? index : nil
    }
}
