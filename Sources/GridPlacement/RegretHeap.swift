/// A max-heap of demands by regret (how much worse their second-best option is), ties going
/// to the lower demand index so the order is deterministic.
struct RegretHeap {
    private var items: [(regret: Double, demand: Int)] = []

    var isEmpty: Bool { items.isEmpty }
    var top: (regret: Double, demand: Int)? { items.first }

    private static func before(_ a: (regret: Double, demand: Int), _ b: (regret: Double, demand: Int)) -> Bool {
        a.regret != b.regret ? a.regret > b.regret : a.demand < b.demand
    }

    mutating func push(_ regret: Double, _ demand: Int) {
        items.append((regret, demand))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (regret: Double, demand: Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count, Self.before(items[l], items[best]) { best = l }
            if r < items.count, Self.before(items[r], items[best]) { best = r }
            if best == i { break }
            items.swapAt(i, best)
            i = best
        }
        return top
    }
}
