import GridModel

/// An option for a demand: a pool, what one replica costs there, and how many it takes now.
struct Choice {
    var pool: Int
    var cost: Double
    var room: Int
}

extension PlacementEngine {
    /// The cheapest feasible option for demand `d` and the cost of the second cheapest
    /// (infinity when there is none). Every feasible site is considered: sites are scanned
    /// from nearest (or pools from cheapest) and the scan stops only when no later one can
    /// beat the second best, so nothing is sampled.
    /// `excluding` skips one pool; `newSitesOnly` skips sites the service already uses.
    func bestTwo(_ d: Int, excluding excluded: Int = -1, newSitesOnly: Bool = false) -> (best: Choice?, second: Double) {
        let demand = demands[d]
        let plan = services[demand.service]
        let r = demand.region
        var best: Choice?
        var second = Double.infinity
        var seen: Set<Int> = []

        func consider(_ p: Int) {
            guard p != excluded, plan.models.contains(index.pools[p].model) else { return }
            if newSitesOnly, plan.perSite[index.pools[p].site] != nil { return }
            let room = room(d, pool: p)
            guard room > 0 else { return }
            let c = cost(d, pool: p)
            if let b = best {
                if c < b.cost || (c == b.cost && p < b.pool) {
                    second = min(second, b.cost)
                    best = Choice(pool: p, cost: c, room: room)
                } else {
                    second = min(second, c)
                }
            } else {
                best = Choice(pool: p, cost: c, room: room)
            }
        }

        // Pools it runs in now cost no move: look at them first.
        for (p, before) in demand.before.sorted(by: { $0.key < $1.key })
        where placed[d][p, default: 0] < before && staticallyFits(plan, region: r, site: index.pools[p].site) {
            seen.insert(p)
            consider(p)
        }
        let weights = plan.policy.weights
        let penalty = demand.hadCurrent ? weights.movePerReplica : 0
        let gpuCost = weights.costPerGpuHour * Double(plan.perReplica)
        let cheapest = minPrice(of: plan.models)
        let dearest = plan.models.flatMap { m in index.poolsByPrice[m].last.map { [index.pools[$0].price] } ?? [] }.max() ?? cheapest
        let reach = min(plan.slo, index.rtt(region: r, site: index.sitesByDistance[r].last ?? 0))
        let latencySpread = weights.latencyPerMs * (reach - index.nearest[r])
        let priceSpread = gpuCost * (dearest - cheapest)

        if latencySpread >= priceSpread {
            for s in index.sitesByDistance[r] {
                let t = index.rtt(region: r, site: s)
                if t > plan.slo || weights.latencyPerMs * t + gpuCost * cheapest + penalty > second { break }
                guard staticallyFits(plan, region: r, site: s) else { continue }
                for p in index.poolsOfSite[s] where !seen.contains(p) { consider(p) }
            }
        } else {
            for m in plan.models {
                for p in index.poolsByPrice[m] {
                    if gpuCost * index.pools[p].price + weights.latencyPerMs * index.nearest[r] + penalty > second { break }
                    guard !seen.contains(p), staticallyFits(plan, region: r, site: index.pools[p].site) else { continue }
                    consider(p)
                }
            }
        }
        return (best, second)
    }

    /// Stability first: every replica that runs now and may still run where it is stays there
    /// (highest tenant priority first), before anything new is placed. A running replica is
    /// never preempted; it moves only in local search, when that saves more than movePerReplica.
    func keepRunningReplicas() {
        for d in demands.indices where demands[d].hadCurrent {
            let plan = services[demands[d].service]
            for (p, n) in demands[d].before.sorted(by: { $0.key < $1.key }) where demands[d].remaining > 0 {
                guard plan.models.contains(index.pools[p].model),
                      staticallyFits(plan, region: demands[d].region, site: index.pools[p].site) else { continue }
                assign(d, pool: p, replicas: min(n, demands[d].remaining, room(d, pool: p)))
            }
        }
    }

    /// Greedy by regret, one priority level at a time (higher tenant priority first): the
    /// demand that would lose most by waiting is served first, as many replicas as its best
    /// option takes.
    func placeByRegret() {
        var start = 0
        while start < demands.count {
            let priority = tenants[services[demands[start].service].tenant].priority
            var end = start
            while end < demands.count, tenants[services[demands[end].service].tenant].priority == priority { end += 1 }
            placeLevel(start..<end)
            start = end
        }
    }

    private func placeLevel(_ range: Range<Int>) {
        var heap = RegretHeap()
        var deferrals = [Int](repeating: 0, count: demands.count)
        for d in range {
            let (best, second) = bestTwo(d)
            guard let best else { continue }
            heap.push(second - best.cost, d)
        }
        while let (_, d) = heap.pop() {
            guard demands[d].remaining > 0 else { continue }
            let (best, second) = bestTwo(d)
            guard let best else { continue }
            let regret = second - best.cost
            // Its regret fell below the next one's: let that one go first (a bounded number of times).
            if deferrals[d] < 3, let next = heap.top, regret < next.regret - 1e-9 {
                deferrals[d] += 1
                heap.push(regret, d)
                continue
            }
            assign(d, pool: best.pool, replicas: min(demands[d].remaining, best.room))
            if demands[d].remaining > 0 {
                deferrals[d] = 0
                heap.push(regret, d)
            }
        }
    }
}
