extension RandomAccessCollection where Index == Int {
    /// The first position whose element is not `below`, in a collection where every element
    /// `below` comes first (a sorted one, with `below` "less than some key"): a binary search.
    public func partitionPoint(_ below: (Element) -> Bool) -> Int {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if below(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
