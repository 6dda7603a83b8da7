import GridModel

extension PlacementEngine {
    /// `spread.minSites`: each service on at least `min(minSites, placed)` distinct sites.
    /// Moves replicas off the fullest site to the cheapest new site; when no new site can take
    /// one, gives back replicas until the rule holds, and says why.
    func enforceMinSites() {
        for s in services.indices where services[s].placed > 0 {
            let demandsOfService = Array(services[s].demands)
            while services[s].perSite.count < min(services[s].minSites, services[s].placed) {
                // Each step must open a site; one that does not (a chain that moved this
                // service's own replicas back) counts as a failure, so the loop always ends.
                let sites = services[s].perSite.count
                guard moveToNewSite(s, demandsOfService), services[s].perSite.count > sites else {
                    reportGivenUp(shrinkToSites(s, demandsOfService))
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
                    // No new site has room: make room at the nearest new ones.
                    var budget = roomForSpread == .none ? 0 : 64
                    for wide in roomForSpread == .wide ? [false, true] : [false] {
                        for q in blockedPools(d, newSitesOnly: true, nearestSites: 8, withModelsOnly: wide)
                        where makeRoom(for: d, in: q, budget: &budget) {
                            assign(d, pool: q, replicas: 1)
                            return true
                        }
                    }
                    assign(d, pool: p, replicas: 1)
                }
            }
        }
        return false
    }

    /// Takes replicas of service `s` (demands `ds`) off its fullest sites until it runs no more
    /// replicas than it has sites, which `minSites` then allows; returns what it took, in order.
    func shrinkToSites(_ s: Int, _ ds: [Int]) -> [(demand: Int, pool: Int)] {
        let sites = services[s].perSite.count
        var taken: [(demand: Int, pool: Int)] = []
        while services[s].placed > sites {
            guard let (site, _) = services[s].perSite.entries.max(by: { $0.count != $1.count ? $0.count < $1.count : $0.site > $1.site }),
                  let d = ds.first(where: { d in placed[d].keys.contains { index.pools[$0].site == site } }),
                  let p = placed[d].keys.sorted().first(where: { index.pools[$0].site == site }) else { break }
            unassign(d, pool: p, replicas: 1)
            taken.append((d, p))
        }
        return taken
    }

    /// Marks replicas taken out so that their service keeps `min(minSites, placed)` sites as
    /// given up: reported with that reason, not as an ordinary unplaced demand.
    func reportGivenUp(_ taken: [(demand: Int, pool: Int)]) {
        for (d, _) in taken {
            demands[d].remaining -= 1
            demands[d].givenUp += 1
        }
    }

    /// Puts replicas given up for spread back to be placed: a repair round may now find the
    /// sites they need (it gives them up again if not).
    func reclaimGivenUp() {
        for d in demands.indices where demands[d].givenUp > 0 {
            demands[d].remaining += demands[d].givenUp
            demands[d].givenUp = 0
        }
    }

    /// Why demand `d`'s replicas were given up.
    func spreadReason(_ d: Int) -> String {
        let plan = services[demands[d].service]
        let sites = plan.perSite.count
        return "spread.minSites is \(plan.minSites) but only \(sites) site\(sites == 1 ? "" : "s") can take its replicas"
    }

    /// Local search: moves single replicas to a cheaper feasible option while that lowers the
    /// total, in a fixed order, for at most `passes` passes. Keeps `minSites`.
    func relocate(passes: Int) {
        let settled = version
        holdVersion = true
        defer { holdVersion = false }
        for _ in 0..<passes {
            var moved = false
            defer { if moved { version += 1 } }
            for d in demands.indices {
                for p in placed[d].keys.sorted() {
                    // At or below its first choice's cost it can only gain where room appeared.
                    if !moved, version == settled, let first = firstChoice[d], cost(d, pool: p) <= first + 1e-9 { continue }
                    while let n = placed[d][p], n > 0, tryMove(d, from: p) { moved = true }
                }
            }
            if !moved { return }
        }
    }

    private func tryMove(_ d: Int, from p: Int) -> Bool {
        let here = cost(d, pool: p)
        unassign(d, pool: p, replicas: 1)
        let stayCost = cost(d, pool: p)  // the move term may differ once the replica is out
        if let best = bestTwo(d, excluding: p).best, best.cost < min(here, stayCost) - 1e-9, keepsSpread(d, leaving: p, to: best.pool) {
            assign(d, pool: best.pool, replicas: 1)
            return true
        }
        assign(d, pool: p, replicas: 1)
        return false
    }
}
