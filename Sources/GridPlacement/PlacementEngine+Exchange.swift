import GridModel

extension PlacementEngine {
    /// Pool exchanges, for what is still unplaced once the improvement rounds are done (small
    /// instances): dedicated isolation can leave a tenant and the others each holding the
    /// pool the other needs, which no repack of the pools one demand could use undoes.
    /// - A dedicated tenant wins a pool by giving another pool of the same site to the
    ///   tenants it keeps out: every pool of the sites its waiting demand could use is repacked
    ///   at once, that demand first, the tenants it displaces next.
    /// - A shared demand kept out of a pool by a dedicated tenant gets that pool, repacked; the
    ///   dedicated tenant's replicas go to their next options or to a nearby pool cleared for
    ///   them at the least loss (see `clearBest`). Kept only when more replicas are placed.
    /// Replicas given up for spread are tried again. Each exchange is a repack, kept only when
    /// it pays; passes repeat while one gains.
    func exchangePools(passes: Int) {
        for _ in 0..<passes {
            let start = score()
            let back = demands.map(\.givenUp)
            reclaimGivenUp()
            let scope = RepackScope(self)
            for d in scope.waiting where demands[d].remaining > 0 { exchange(for: d, scope) }
            // What was given up and is still waiting is given up again.
            for d in demands.indices where back[d] > 0 {
                let again = min(back[d], demands[d].remaining)
                demands[d].remaining -= again
                demands[d].givenUp += again
            }
            let end = score()
            if end.placed == start.placed && end.cost >= start.cost - 1e-9 { return }
        }
    }

    private func exchange(for d: Int, _ scope: RepackScope) {
        let pools = usablePools(d)
        if dedicated[services[demands[d].service].tenant] {
            var sitePools = pools
            for p in pools { sitePools += index.poolsOfSite[index.pools[p].site].filter { !sitePools.contains($0) } }
            let tenant = services[demands[d].service].tenant
            let displaced = Set(pools.flatMap { p in
                occupants[p].filter { services[demands[$0].service].tenant != tenant && hasNew($0, in: p) }
            }).sorted()
            if sitePools.count > pools.count { repack(sitePools, scope, for: d, favoring: displaced) }
            return
        }
        for held in pools.filter({ heldByDedicated($0, against: d) }).prefix(2) where demands[d].remaining > 0 {
            repack([held], scope, for: d, lossy: true)
        }
    }

    /// Places the waiting replicas of demand `d` (moved out of a pool by an exchange) into
    /// pools cleared for them (see `clearBest`), other than the exchanged `pools`, while that
    /// takes any.
    func clearRooms(for d: Int, sparing pools: [Int], log: inout [Step]) {
        while demands[d].remaining > 0,
              let q = clearBest(for: d, in: blockedPools(d, newSitesOnly: false, nearestSites: 8).filter { !pools.contains($0) }, log: &log) {
            apply(Step(demand: d, pool: q, n: min(demands[d].remaining, room(d, pool: q))), log: &log)
        }
    }

    /// Moves one replica of service `s` from its fullest site to a new site cleared for it
    /// (see `clearBest`), other than the exchanged `pools`, for its spread.
    func spreadOutClearing(_ s: Int, _ ds: [Int], sparing pools: [Int], log: inout [Step]) -> Bool {
        moveFromFullestSite(s, ds, log: &log) { d, log in
            clearBest(for: d, in: blockedPools(d, newSitesOnly: true, nearestSites: 8).filter { !pools.contains($0) }, log: &log)
        }
    }

    /// Of `pools`, clears the one that leaves the fewest replicas waiting for one replica of
    /// demand `d` (the first on a tie), and returns it. Its occupants move to their own best
    /// option or, when they have none and their service keeps its spread, wait: an exchange
    /// that leaves more waiting than it places is undone by its repack.
    private func clearBest(for d: Int, in pools: [Int], log: inout [Step]) -> Int? {
        var best: (pool: Int, left: Int)?
        for q in pools {
            let mark = log.count
            if let left = clearRoom(for: d, in: q, log: &log), left < best?.left ?? .max { best = (q, left) }
            undo(&log, to: mark)
            if best?.left == 0 { break }
        }
        guard let best else { return nil }
        _ = clearRoom(for: d, in: best.pool, log: &log)
        return best.pool
    }

    /// Makes room for one replica of `d` in pool `q`; returns how many replicas it left
    /// waiting, or nil (with nothing changed) when it cannot.
    private func clearRoom(for d: Int, in q: Int, log: inout [Step]) -> Int? {
        let mark = log.count
        var stuck: Set<Int> = []
        var budget = 64
        var left = 0
        while room(d, pool: q) == 0 {
            guard budget > 0, let other = movableOccupants(of: q, for: d, except: stuck).first else {
                undo(&log, to: mark)
                return nil
            }
            budget -= 1
            apply(Step(demand: other, pool: q, n: -1), log: &log)
            if let elsewhere = optionKeepingSpread(other, leaving: q) {
                apply(Step(demand: other, pool: elsewhere, n: 1), log: &log)
            } else if spreadHolds(demands[other].service) {
                left += 1
            } else {
                apply(Step(demand: other, pool: q, n: 1), log: &log)
                stuck.insert(other)
            }
        }
        return left
    }
}
