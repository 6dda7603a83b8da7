public import GridModel

extension PlacementEngine {
    /// The placement in its fixed shape, sorted so the same input gives the same bytes.
    func result(revision: String?) -> Placement {
        // Sorted by (tenant, service, region, site, model) names, compared as ranks: tenants,
        // sites and models are indexed in name order already.
        let serviceRank = ranks(services.indices.map { services[$0].service.metadata.name })
        let regionRank = ranks(index.regions.map(\.name))
        var keyed: [(key: (Int, Int, Int, Int, Int), value: Placement.Assignment)] = []
        for (d, demand) in demands.enumerated() {
            let plan = services[demand.service]
            for (p, n) in placed[d].sorted(by: { $0.key < $1.key }) {
                let pool = index.pools[p]
                let rtt = index.rtt(region: demand.region, site: pool.site)
                let assignment = Placement.Assignment(
                    tenant: tenants[plan.tenant].metadata.name, service: plan.service.metadata.name,
                    region: index.regions[demand.region].name, site: index.sites[pool.site].metadata.name,
                    gpuModel: index.models[pool.model], replicas: n, rttMs: rounded(rtt), costPerHour: pool.price)
                keyed.append(((plan.tenant, serviceRank[demand.service], regionRank[demand.region], pool.site, pool.model), assignment))
            }
        }
        keyed.sort { $0.key < $1.key }
        let assignments = keyed.map(\.value)
        var missing = unplaced
        for (d, demand) in demands.enumerated() {
            let plan = services[demand.service]
            for (replicas, why) in [(demand.remaining, reason), (demand.givenUp, spreadReason)] where replicas > 0 {
                missing.append(.init(tenant: tenants[plan.tenant].metadata.name, service: plan.service.metadata.name,
                                     region: index.regions[demand.region].name, replicas: replicas, reason: why(d)))
            }
        }
        // One entry per tenant, service, region and reason (repair rounds may report in parts).
        var merged: [Placement.Unplaced] = []
        for entry in missing.sorted(by: { a, b in (a.tenant, a.service, a.region, a.reason) < (b.tenant, b.service, b.region, b.reason) }) {
            if let last = merged.last, (last.tenant, last.service, last.region, last.reason) == (entry.tenant, entry.service, entry.region, entry.reason) {
                merged[merged.count - 1].replicas += entry.replicas
            } else {
                merged.append(entry)
            }
        }
        missing = merged
        let reserved = reservations.sorted { a, b in
            (a.tenant, a.kind, a.name, a.site, a.gpuModel) < (b.tenant, b.kind, b.name, b.site, b.gpuModel)
        }
        return Placement(revision: revision, objective: rounded(score().cost), assignments: assignments,
                         reservations: reserved, unplaced: missing)
    }

    /// Each name's rank in sorted order.
    private func ranks(_ names: [String]) -> [Int] {
        var rank = [Int](repeating: 0, count: names.count)
        for (r, i) in names.indices.sorted(by: { (names[$0], $0) < (names[$1], $1) }).enumerated() { rank[i] = r }
        return rank
    }

    func rounded(_ x: Double) -> Double {
        (x * 1000).rounded() / 1000
    }
}

/// Places every workload of a grid: clusters first, then ModelService replicas by tenant
/// priority, greedy by regret, then local search. Pure: same input, same output.
public enum Placer {
    /// Instances up to this many replicas also get the costlier improvement steps (three ways
    /// of spread repair, five rounds each, local search); larger ones get one round without
    /// local search.
    static let smallInstance = 5_000

    public static func place(_ input: PlacementInput) -> Placement {
        let engine = PlacementEngine(input)
        engine.run(current: input.current)
        return engine.result(revision: input.revision)
    }
}

extension PlacementEngine {
    func run(current: Placement?) {
        reserveClusters(current: current)
        buildDemands(current: current)
        prepareCandidates()
        keepRunningReplicas()
        placeByRegret()
        let replicas = demands.reduce(0) { $0 + $1.wanted }
        let small = replicas <= Placer.smallInstance
        guard small else {
            roomForSpread = .near
            improve(rounds: 1, small: false)
            return
        }
        // Making room for spread can cost more replicas than it saves (a stricter class in a
        // pool lowers its limit for everyone): on a small instance, each way is tried from the
        // same start and the best result is kept (ties to the first).
        let greedy = snapshot()
        var best: (score: (placed: Int, cost: Double), state: EngineSnapshot)?
        for repair in SpreadRepair.allCases {
            restore(greedy)
            roomForSpread = repair
            let score = improve(rounds: 5, small: true)
            if let b = best, b.score.placed > score.placed || (b.score.placed == score.placed && b.score.cost <= score.cost) { continue }
            best = (score, snapshot())
        }
        if let best { restore(best.state) }
        exchangePools(passes: 3)
    }

    /// Improvement rounds: spread first, then fill what is unplaced by making room, then
    /// cheaper moves. On a small instance a round that leaves fewer replicas placed, or the
    /// same number at a higher cost, is taken back, and the final score is returned; a large
    /// instance gets one round, unchecked.
    @discardableResult
    func improve(rounds: Int, small: Bool) -> (placed: Int, cost: Double) {
        enforceMinSites()
        guard small else {
            // One round, kept as it is: checking it would copy the whole state.
            ejectForUnplaced(limit: 5_000, nearestSites: 32, withModelsOnly: false, chainDepth: 0)
            enforceMinSites()
            return (0, 0)
        }
        var best = score()
        for round in 0..<rounds {
            let before = snapshot()
            // Replicas given up for spread first get a repack, which can open the second site
            // they need by giving up fewer of others; making room would put them back on the
            // sites they have.
            reclaimGivenUp()
            repackPools()
            // Rounds alternate how far they look for room: the 8 nearest sites, the 32 nearest,
            // and the 32 nearest that have the service's models.
            let (near, modelsOnly) = [(8, false), (32, false), (8, false), (32, true), (8, false)][round % 5]
            ejectForUnplaced(limit: 50_000, nearestSites: near, withModelsOnly: modelsOnly)
            repackPools()
            relocate(passes: 6)
            if round == rounds - 1 { repackForCost() }
            enforceMinSites()
            let now = score()
            if now.placed < best.placed || (now.placed == best.placed && now.cost > best.cost + 1e-9) {
                restore(before)
            } else {
                best = now
            }
        }
        return best
    }
}
