/// The closest known name to a mistyped one, for "did you mean" hints (manifest fields and
/// names, commands, sites, resource fields): the nearest within max(2, a third of its
/// length) edits, ignoring case; nil when none is that near.
public func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let d = editDistance(lowered, candidate.lowercased())
        if d <= max(2, candidate.count / 3), d < (best?.distance ?? Int.max) {
            best = (candidate, d)
        }
    }
    return best?.name
}

/// Levenshtein distance over UTF-8 bytes.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
