import GridModel

extension PlacementEngine {
    /// `spread.minSites`: each service on at least `min(minSites, placed)` distinct sites.
    /// Moves replicas off the fullest site to the cheapest new site; when no new site can take
    /// one, gives back replicas until the rule holds, and says why.
    func enforceMinSites() {
        var byService = Array(repeating: [Int](), count: services.count)
        for d in demands.indices { byService[demands[d].service].append(d) }
        for s in services.indices where services[s].placed > 0 {
            let demandsOfService = byService[s]
            while services[s].perSite.count < min(services[s].minSites, services[s].placed) {
                guard moveToNewSite(s, demandsOfService) else {
                    shrinkToSites(s, demandsOfService)
                    break
                }
            }
        }
    }

    private func moveToNewSite(_ s: Int, _ ds: [Int]) -> Bool {
        // Sites from the fullest down; the replica to move comes from the fullest site with more than one.
        let crowded = services[s].perSite.entries.filter { $0.count > 1 }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.site < $1.site }
        for (site, _) in crowded {
            for d in ds {
                for p in placed[d].keys.sorted() where index.pools[p].site == site {
                    unassign(d, pool: p, replicas: 1)
                    if let target = bestTwo(d, newSitesOnly: true).best {
                        assign(d, pool: target.pool, replicas: 1)
                        return true
                    }
                    assign(d, pool: p, replicas: 1)
                }
            }
        }
        return false
    }

    private func shrinkToSites(_ s: Int, _ ds: [Int]) {
        let sites = services[s].perSite.count
        let plan = services[s]
        var taken: [Int: Int] = [:]
        while services[s].placed > sites {
            guard let (site, _) = services[s].perSite.entries.max(by: { $0.count != $1.count ? $0.count < $1.count : $0.site > $1.site }),
                  let d = ds.first(where: { d in placed[d].keys.contains { index.pools[$0].site == site } }),
                  let p = placed[d].keys.sorted().first(where: { index.pools[$0].site == site }) else { break }
            unassign(d, pool: p, replicas: 1)
            taken[d, default: 0] += 1
        }
        for (d, n) in taken.sorted(by: { $0.key < $1.key }) {
            demands[d].remaining -= n  // reported here, not again as an ordinary unplaced demand
            unplaced.append(.init(
                tenant: tenants[plan.tenant].metadata.name, service: plan.service.metadata.name,
                region: index.regions[demands[d].region].name, replicas: n,
                reason: "spread.minSites is \(plan.minSites) but only \(sites) site\(sites == 1 ? "" : "s") can take its replicas"))
        }
    }

    /// Local search: moves single replicas to a cheaper feasible option while that lowers the
    /// total, in a fixed order, for at most `passes` passes. Keeps `minSites`.
    func relocate(passes: Int) {
        let settled = version
        for _ in 0..<passes {
            var moved = false
            for d in demands.indices {
                for p in placed[d].keys.sorted() {
                    // At or below its first choice's cost it can only gain where room appeared.
                    if version == settled, let first = firstChoice[d], cost(d, pool: p) <= first + 1e-9 { continue }
                    while let n = placed[d][p], n > 0, tryMove(d, from: p) { moved = true }
                }
            }
            if !moved { return }
        }
    }

    private func tryMove(_ d: Int, from p: Int) -> Bool {
        let version = self.version
        let s = demands[d].service
        let site = index.pools[p].site
        let here = cost(d, pool: p)
        unassign(d, pool: p, replicas: 1)
        let stayCost = cost(d, pool: p)  // the move term may differ once the replica is out
        let leavesSite = !services[s].perSite.contains(site)
        if let best = bestTwo(d, excluding: p).best, best.cost < min(here, stayCost) - 1e-9 {
            let newSite = !services[s].perSite.contains(index.pools[best.pool].site)
            let sitesAfter = services[s].perSite.count + (newSite ? 1 : 0)
            if !leavesSite || newSite || sitesAfter >= min(services[s].minSites, services[s].placed + 1) {
                assign(d, pool: best.pool, replicas: 1)
                return true
            }
        }
        assign(d, pool: p, replicas: 1)
        self.version = version  // nothing changed: the scan starts still hold
        return false
    }

    /// For replicas with no room anywhere: free a slot in a pool they could use by moving one
    /// replica of another demand (new in that pool, never a running one) to its own next-best
    /// option, then take the slot. Only pools blocked by capacity alone, at the `nearestSites`
    /// candidate sites nearest to the region, are tried; at most `perDemand` attempts per
    /// demand and `limit` in all. A heuristic on top of the placement: it only adds replicas.
    func ejectForUnplaced(limit: Int, perDemand: Int = 64, nearestSites: Int = 32) {
        var budget = limit
        var occupants: [Int: Set<Int>] = [:]
        for d in demands.indices { for p in placed[d].keys { occupants[p, default: []].insert(d) } }
        for d in demands.indices where demands[d].remaining > 0 {
            let plan = services[demands[d].service]
            let r = demands[d].region
            var attempts = 0
            progress: while demands[d].remaining > 0, attempts < perDemand, budget > 0 {
                if let best = bestTwo(d).best {
                    assign(d, pool: best.pool, replicas: min(demands[d].remaining, best.room))
                    occupants[best.pool, default: []].insert(d)
                    continue
                }
                var sitesTried = 0
                for s in index.sitesByDistance[r] {
                    if index.rtt(region: r, site: s) > plan.slo || sitesTried == nearestSites { break }
                    guard staticallyFits(plan, region: r, site: s), plan.perSite[s] < plan.maxPerSite else { continue }
                    sitesTried += 1
                    for p in index.poolsOfSite[s] where plan.models.contains(index.pools[p].model) {
                        guard index.admits(pool: p, tenant: plan.tenant, dedicated: dedicated),
                              (quotaLeft[plan.tenant]?[index.pools[p].model] ?? Int.max) >= plan.perReplica else { continue }
                        for other in (occupants[p] ?? []).sorted()
                        where other != d && placed[other][p, default: 0] > demands[other].before[p, default: 0] {
                            attempts += 1
                            budget -= 1
                            if attempts > perDemand || budget <= 0 { break progress }
                            let version = self.version
                            unassign(other, pool: p, replicas: 1)
                            if room(d, pool: p) > 0, let elsewhere = bestTwo(other, excluding: p).best {
                                assign(other, pool: elsewhere.pool, replicas: 1)
                                occupants[elsewhere.pool, default: []].insert(other)
                                assign(d, pool: p, replicas: 1)
                                occupants[p, default: []].insert(d)
                                continue progress
                            }
                            assign(other, pool: p, replicas: 1)
                            self.version = version
                        }
                    }
                }
                break
            }
        }
    }
}
