import GridModel

/// The mutable state of a placement, to try an improvement round and take it back when it
/// made things worse (the heuristics are not monotone: making room in one place can take
/// room another replica needed).
struct EngineSnapshot {
    var pools: [Pool]
    var holders: [PoolHolders]
    var quotaLeft: [[Int]?]
    var perSite: [SiteCounts]
    var servicePlaced: [Int]
    var demands: [Demand]
    var placed: [[Int: Int]]
    var occupants: [[Int]]
    var unplaced: [Placement.Unplaced]
}

extension PlacementEngine {
    func snapshot() -> EngineSnapshot {
        EngineSnapshot(pools: index.pools, holders: index.holders, quotaLeft: quotaLeft,
                       perSite: services.map(\.perSite), servicePlaced: services.map(\.placed),
                       demands: demands, placed: placed, occupants: occupants, unplaced: unplaced)
    }

    func restore(_ s: EngineSnapshot) {
        index.pools = s.pools
        index.holders = s.holders
        quotaLeft = s.quotaLeft
        for (i, plan) in services.enumerated() {
            plan.perSite = s.perSite[i]
            plan.placed = s.servicePlaced[i]
        }
        demands = s.demands
        placed = s.placed
        occupants = s.occupants
        unplaced = s.unplaced
        version += 1  // room may differ anywhere: scan starts and skip links are void
    }

    /// Replicas placed, and the cost of what is placed (moves included): the two figures a
    /// round must not make worse, in that order.
    func score() -> (placed: Int, cost: Double) {
        var total = 0
        var cost = 0.0
        for d in demands.indices {
            for (p, n) in placed[d].sorted(by: { $0.key < $1.key }) {
                total += n
                cost += Double(n) * self.cost(d, pool: p, counting: true)
            }
        }
        return (total, cost)
    }
}
