import GridModel

/// An option for a demand: a pool, what one replica costs there, and how many it takes now.
struct Choice {
    var pool: Int
    var cost: Double
    var room: Int
}

/// How a demand's options are scanned: per model, from the nearest site's pool or from the
/// cheapest pool; with where each scan may start, since everything before it has no room.
struct ScanState {
    var byDistance: Bool
    var startByModel: [Int]
    /// `PlacementEngine.version` when the starts were set: a removal since then may have
    /// freed room before them.
    var version: Int
}

extension PlacementEngine {
    /// Past this regret (or the best option's own cost, if larger) a demand is urgent whatever
    /// the exact figure: the search for a second option stops there, which bounds the scan of
    /// a demand with a single good option.
    static let regretCap = 100.0

    /// The cheapest feasible option for demand `d` and the cost of the second cheapest
    /// (infinity when there is none, capped at best + `regretCap`). Every feasible site is
    /// considered: sites are scanned from nearest (or pools from cheapest) and the scan stops
    /// only when no later one can beat the second best, so nothing is sampled. Sites before a
    /// demand's scan start had no room for it, and room only shrinks between removals.
    /// `excluding` skips one pool; `newSitesOnly` skips sites the service already uses.
    func bestTwo(_ d: Int, excluding excluded: Int = -1, newSitesOnly: Bool = false) -> (best: Choice?, second: Double) {
        let plan = services[demands[d].service]
        let r = demands[d].region
        let hadCurrent = demands[d].hadCurrent
        var best: Choice?
        var second = Double.infinity
        let special = excluded >= 0 || newSitesOnly
        var scan = scanState(d)

        /// Whether pool `p` takes a replica now; updates best and second.
        func consider(_ p: Int) -> Bool {
            guard p != excluded else { return false }
            if newSitesOnly, plan.perSite.contains(index.pools[p].site) { return false }
            let room = room(d, pool: p)
            guard room > 0 else { return false }
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
            return true
        }
        func bound() -> Double {
            guard let b = best else { return .infinity }
            return min(second, b.cost + max(Self.regretCap, b.cost))
        }

        // Pools it runs in now cost no move: look at them first; the scans skip them.
        if hadCurrent {
            for p in demands[d].before.keys.sorted()
            where plan.models.contains(index.pools[p].model) && staticallyFits(plan, region: r, site: index.pools[p].site) {
                _ = consider(p)
            }
        }
        let weights = plan.policy.weights
        let penalty = hadCurrent ? weights.movePerReplica : 0
        let gpuCost = weights.costPerGpuHour * Double(plan.perReplica)
        for (k, m) in plan.models.enumerated() {
            let (order, list) = scan.byDistance ? nearestPools(d, model: m) : cheapestPools(d, model: m)
            let cheapest = minPrice(of: [m])
            var i = scan.startByModel[k]
            var prefixFull = !special
            while true {
                i = nextOpen(list: list, from: i)
                if prefixFull { scan.startByModel[k] = i }
                guard i < order.count else { break }
                let p = order[i]
                let t = index.rtt(region: r, site: index.pools[p].site)
                // No later entry can cost less than this: by distance, this round trip at the
                // model's cheapest price; by price, this price at the region's nearest site.
                let floor = scan.byDistance
                    ? weights.latencyPerMs * t + gpuCost * cheapest
                    : gpuCost * index.pools[p].price + weights.latencyPerMs * index.nearest[r]
                if (scan.byDistance && t > plan.slo) || floor + penalty > bound() { break }
                var took = false
                if t <= plan.slo {
                    if hadCurrent, demands[d].before[p] != nil { took = room(d, pool: p) > 0 } else { took = consider(p) }
                }
                if prefixFull {
                    if took { prefixFull = false } else { scan.startByModel[k] = i + 1 }
                }
                i += 1
            }
        }
        if !special { scans[d] = scan }
        return (best, second)
    }

    /// The demand's scan state, chosen on first use and reset after any removal.
    private func scanState(_ d: Int) -> ScanState {
        if let scan = scans[d], scan.version == version { return scan }
        let plan = services[demands[d].service]
        let r = demands[d].region
        let weights = plan.policy.weights
        let gpuCost = weights.costPerGpuHour * Double(plan.perReplica)
        let cheapest = minPrice(of: plan.models)
        let dearest = plan.models.compactMap { m in index.poolsByPrice[m].last.map { index.pools[$0].price } }.max() ?? cheapest
        let reach = min(plan.slo, index.rtt(region: r, site: index.sitesByDistance[r].last ?? 0))
        // Scan in the order of the term that varies most: the lower bound then rises fastest.
        let byDistance = weights.latencyPerMs * (reach - index.nearest[r]) >= gpuCost * (dearest - cheapest)
        return ScanState(byDistance: byDistance, startByModel: plan.models.map { _ in 0 }, version: version)
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

    /// Greedy by regret, in levels served one after the other (see `GreedyOrder`): within a
    /// level, the demand that would lose most by waiting is served first, as many replicas as
    /// its best option takes.
    func placeGreedy(_ order: GreedyOrder) {
        let plan = { (d: Int) in self.services[self.demands[d].service] }
        switch order {
        case .byPriority:
            placeByPriority()
        case .byRegret:
            placeLevel(demands.indices)
        case .sharedFirst:
            placeLevel(demands.indices.filter { !dedicated[plan($0).tenant] })
            placeLevel(demands.indices.filter { dedicated[plan($0).tenant] })
        case .largestFirst, .smallestFirst:
            for size in Set(services.map(\.perReplica)).sorted(by: order == .largestFirst ? (>) : (<)) {
                placeLevel(demands.indices.filter { plan($0).perReplica == size })
            }
        case .loosestFirst:
            for cap in Set(services.map(\.policy.maxUtilization)).sorted(by: >) {
                placeLevel(demands.indices.filter { plan($0).policy.maxUtilization == cap })
            }
        }
    }

    /// One priority level at a time, higher tenant priority first (demands are in that order).
    private func placeByPriority() {
        var start = 0
        while start < demands.count {
            let priority = tenants[services[demands[start].service].tenant].priority
            var end = start
            while end < demands.count, tenants[services[demands[end].service].tenant].priority == priority { end += 1 }
            placeLevel(start..<end)
            start = end
        }
    }

    private func placeLevel<Demands: Sequence<Int>>(_ range: Demands) {
        var heap = RegretHeap()
        var deferrals = [Int](repeating: 0, count: demands.count)
        // The best option found when a demand was pushed. While nothing is removed, options
        // only disappear: if that one still has room it is still the best, and the regret can
        // only have grown, so the demand is served without scanning again.
        var known = [Choice?](repeating: nil, count: demands.count)
        let level = version
        for d in range {
            let (best, second) = bestTwo(d)
            guard let best else { continue }
            known[d] = best
            heap.push(second - best.cost, d)
        }
        while let (pushed, d) = heap.pop() {
            guard demands[d].remaining > 0 else { continue }
            var choice: Choice
            var regret = pushed
            if version == level, let cached = known[d], cost(d, pool: cached.pool) == cached.cost, room(d, pool: cached.pool) > 0 {
                choice = cached
                choice.room = room(d, pool: cached.pool)
            } else {
                let (best, second) = bestTwo(d)
                guard let best else { continue }
                choice = best
                regret = second - best.cost
                // Its regret fell below the next one's: let that one go first (a bounded number of times).
                if deferrals[d] < 3, let next = heap.top, regret < next.regret - 1e-9 {
                    deferrals[d] += 1
                    known[d] = best
                    heap.push(regret, d)
                    continue
                }
            }
            if firstChoice[d] == nil { firstChoice[d] = choice.cost }
            assign(d, pool: choice.pool, replicas: min(demands[d].remaining, choice.room))
            known[d] = nil
            if demands[d].remaining > 0 {
                deferrals[d] = 0
                heap.push(regret, d)
            }
        }
    }
}

/// The orders greedy placement can serve demands in. Each ends the improvement rounds in a
/// different place; small instances start from each and keep the best (see `run`). Each
/// of the others placed more replicas than the priority order on some generated grids
/// checked against the exact optimum (docs/placement.md).
enum GreedyOrder: CaseIterable {
    /// One tenant priority level at a time, highest first: the order docs/placement.md
    /// promises, and the only one on larger instances.
    case byPriority
    /// Every demand at once, by regret alone.
    case byRegret
    /// Shared tenants' demands first, then dedicated ones' (which keep others out of a pool).
    case sharedFirst
    /// Largest replicas first, as first-fit decreasing packs bins.
    case largestFirst
    /// Smallest replicas first: the most replicas under one capacity.
    case smallestFirst
    /// Classes with the highest maxUtilization first, before stricter ones lower pools' limits.
    case loosestFirst
}
