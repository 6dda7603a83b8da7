import GridModel

extension PlacementEngine {
    /// For replicas with no room anywhere: make room in a pool they could use, by moving
    /// replicas of other demands (new in that pool, never running ones) to their own next-best
    /// options, then take it. Tried at the `nearestSites` candidate sites nearest the region,
    /// at most `perDemand` moves per demand and `limit` in all. It only ever adds replicas.
    func ejectForUnplaced(limit: Int, perDemand: Int = 64, nearestSites: Int = 32, withModelsOnly: Bool = true, chainDepth: Int = 1) {
        var budget = limit
        for d in demands.indices where demands[d].remaining > 0 {
            var spent = 0
            progress: while demands[d].remaining > 0, spent < perDemand, budget > 0 {
                if let best = bestTwo(d).best {
                    assign(d, pool: best.pool, replicas: min(demands[d].remaining, best.room))
                    continue
                }
                for p in blockedPools(d, newSitesOnly: false, nearestSites: nearestSites, withModelsOnly: withModelsOnly) {
                    var allowance = min(budget, perDemand - spent)
                    let before = allowance
                    let made = makeRoom(for: d, in: p, budget: &allowance, depth: chainDepth)
                    spent += before - allowance
                    budget -= before - allowance
                    if made {
                        assign(d, pool: p, replicas: 1)
                        continue progress
                    }
                    if allowance == 0 { break progress }
                }
                break
            }
        }
    }

    /// Pools demand `d` could use but for capacity or another tenant holding them: statically
    /// fit, its model, its site under maxReplicasPerSite, its tenant's quota left. Nearest
    /// first, from the `nearestSites` nearest sites that fit statically (with one of its
    /// models, when `withModelsOnly`; otherwise sites without them count too, which keeps
    /// the search closer to the region).
    func blockedPools(_ d: Int, newSitesOnly: Bool, nearestSites: Int, withModelsOnly: Bool = true) -> [Int] {
        let plan = services[demands[d].service]
        let r = demands[d].region
        var pools: [Int] = []
        var sites = 0
        for s in index.sitesByDistance[r] {
            if index.rtt(region: r, site: s) > plan.slo || sites == nearestSites { break }
            guard staticallyFits(plan, region: r, site: s), plan.perSite[s] < plan.maxPerSite else { continue }
            if withModelsOnly, !index.poolsOfSite[s].contains(where: { plan.models.contains(index.pools[$0].model) }) { continue }
            if newSitesOnly, plan.perSite.contains(s) { continue }
            sites += 1
            for p in index.poolsOfSite[s] where plan.models.contains(index.pools[p].model) {
                if let quota = quotaLeft[plan.tenant], quota[index.pools[p].model] < plan.perReplica { continue }
                if room(d, pool: p) == 0 { pools.append(p) }
            }
        }
        return pools
    }

    /// Moves replicas out of pool `p` (those new there, of other demands) until demand `d`
    /// has room for one replica: for capacity, any; for dedicated isolation, every other
    /// tenant's. Each moved replica goes to its own best other option, or, `depth` levels
    /// deep, into a pool where room is made for it in turn (an ejection chain). All or
    /// nothing: when room cannot be made, every move is undone. Each move spends one of
    /// `budget`.
    func makeRoom(for d: Int, in p: Int, budget: inout Int, depth: Int = 1) -> Bool {
        makeRoomKeepingMoves(for: d, in: p, budget: &budget, depth: depth) != nil
    }

    /// The same, returning the moves it made, in order (nil when it made none stick).
    func makeRoomKeepingMoves(for d: Int, in p: Int, budget: inout Int, depth: Int = 1) -> [Move]? {
        let savedVersion = version
        // Direct moves first: a chain tried for an early occupant can spend the budget that
        // moving later ones straight to their next options needed.
        for level in depth > 0 ? [0, depth] : [0] {
            var log: [Move] = []
            if makeRoom(for: d, in: p, budget: &budget, depth: level, log: &log) { return log }
            undo(log[...])
            version = savedVersion
        }
        return nil
    }

    /// One replica of `demand` moved from pool `from` to pool `to`.
    struct Move {
        var demand: Int
        var from: Int
        var to: Int
    }

    private func undo(_ moves: ArraySlice<Move>) {
        for move in moves.reversed() {
            unassign(move.demand, pool: move.to, replicas: 1)
            assign(move.demand, pool: move.from, replicas: 1)
        }
    }

    private func makeRoom(for d: Int, in p: Int, budget: inout Int, depth: Int, log: inout [Move]) -> Bool {
        var stuck: Set<Int> = []  // occupants with nowhere else to go
        while room(d, pool: p) == 0 {
            guard budget > 0, let other = movableOccupants(of: p, for: d, except: stuck).first else { return false }
            budget -= 1
            unassign(other, pool: p, replicas: 1)
            if let elsewhere = optionKeepingSpread(other, leaving: p) {
                assign(other, pool: elsewhere, replicas: 1)
                log.append(Move(demand: other, from: p, to: elsewhere))
                continue
            }
            if depth > 0, chain(other, from: p, budget: &budget, depth: depth - 1, log: &log) { continue }
            assign(other, pool: p, replicas: 1)
            stuck.insert(other)
        }
        return true
    }

    /// The best pool with room for one replica of `d` (taken out of pool `from`) that keeps
    /// its spread: the best of all, or else the best at a site the service does not use (the
    /// best may be a site it has, which would leave it on too few).
    func optionKeepingSpread(_ d: Int, leaving from: Int) -> Int? {
        if let best = bestTwo(d, excluding: from).best {
            if keepsSpread(d, leaving: from, to: best.pool) { return best.pool }
            if let fresh = bestTwo(d, excluding: from, newSitesOnly: true).best { return fresh.pool }
        }
        return nil
    }

    /// The occupants of pool `p` that may move to make room for demand `d`, in demand order:
    /// those with new replicas there (never running ones), other than `stuck`; when `d`'s
    /// tenant or another is dedicated, only other tenants'.
    func movableOccupants(of p: Int, for d: Int, except stuck: Set<Int>) -> [Int] {
        let tenant = services[demands[d].service].tenant
        let othersOut = !index.admits(pool: p, tenant: tenant, dedicated: dedicated)
        return occupants[p].filter { other in
            other != d && !stuck.contains(other) && hasNew(other, in: p)
                && (!othersOut || services[demands[other].service].tenant != tenant)
        }.sorted()
    }

    /// Finds a pool for one replica of `other` (taken out of `from`) by making room there.
    private func chain(_ other: Int, from p: Int, budget: inout Int, depth: Int, log: inout [Move]) -> Bool {
        for q in blockedPools(other, newSitesOnly: false, nearestSites: 8, withModelsOnly: false) where q != p && keepsSpread(other, leaving: p, to: q) {
            let mark = log.count
            if makeRoom(for: other, in: q, budget: &budget, depth: depth, log: &log) {
                assign(other, pool: q, replicas: 1)
                log.append(Move(demand: other, from: p, to: q))
                return true
            }
            undo(log[mark...])
            log.removeLast(log.count - mark)
            if budget <= 0 { return false }
        }
        return false
    }

    /// Whether moving one replica of demand `d` (already taken out of pool `from`) into pool
    /// `to` keeps its service on at least `min(minSites, placed)` sites.
    func keepsSpread(_ d: Int, leaving from: Int, to: Int) -> Bool {
        let plan = services[demands[d].service]
        let sitesAfter = plan.perSite.count + (plan.perSite.contains(index.pools[to].site) ? 0 : 1)
        return sitesAfter >= min(plan.minSites, plan.placed + 1)
    }
}
