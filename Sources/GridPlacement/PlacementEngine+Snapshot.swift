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

    /// Replicas placed, and the objective: the cost of every placed replica plus
    /// `movePerReplica` for each that moved from where it ran. Improvement rounds must not
    /// make these worse, in that order; `result` reports the second.
    func score() -> (placed: Int, cost: Double) {
        score(of: demands.indices)
    }

    /// The same, over some demands only.
    func score<Demands: Sequence<Int>>(of ds: Demands) -> (placed: Int, cost: Double) {
        var total = 0
        var cost = 0.0
        for d in ds {
            let demand = demands[d]
            let plan = services[demand.service]
            let weights = plan.policy.weights
            var kept = 0
            for (p, n) in placed[d].sorted(by: { $0.key < $1.key }) {
                let pool = index.pools[p]
                let rtt = index.rtt(region: demand.region, site: pool.site)
                cost += Double(n) * (weights.latencyPerMs * rtt + weights.costPerGpuHour * Double(plan.perReplica) * pool.price)
                kept += min(n, demand.before[p] ?? 0)
                total += n
            }
            let placedHere = placed[d].values.reduce(0, +)
            let moved = max(0, min(demand.before.values.reduce(0, +), placedHere) - kept)
            cost += Double(moved) * weights.movePerReplica
        }
        return (total, cost)
    }
}
