import GridModel

extension PlacementEngine {
    /// The placement in its fixed shape, sorted so the same input gives the same bytes.
    func result(revision: String?) -> Placement {
        var assignments: [Placement.Assignment] = []
        var objective = 0.0
        for (d, demand) in demands.enumerated() {
            let plan = services[demand.service]
            let weights = plan.policy.weights
            var kept = 0
            for (p, n) in placed[d].sorted(by: { $0.key < $1.key }) {
                let pool = index.pools[p]
                let rtt = index.rtt(region: demand.region, site: pool.site)
                objective += Double(n) * (weights.latencyPerMs * rtt + weights.costPerGpuHour * Double(plan.perReplica) * pool.price)
                kept += min(n, demand.before[p] ?? 0)
                assignments.append(.init(
                    tenant: tenants[plan.tenant].metadata.name, service: plan.service.metadata.name,
                    region: index.regions[demand.region].name, site: index.sites[pool.site].metadata.name,
                    gpuModel: index.models[pool.model], replicas: n, rttMs: rounded(rtt), costPerHour: pool.price))
            }
            let placedHere = placed[d].values.reduce(0, +)
            let moved = max(0, min(demand.before.values.reduce(0, +), placedHere) - kept)
            objective += Double(moved) * weights.movePerReplica
        }
        assignments.sort { a, b in
            (a.tenant, a.service, a.region, a.site, a.gpuModel) < (b.tenant, b.service, b.region, b.site, b.gpuModel)
        }
        var missing = unplaced
        for (d, demand) in demands.enumerated() where demand.remaining > 0 {
            let plan = services[demand.service]
            missing.append(.init(tenant: tenants[plan.tenant].metadata.name, service: plan.service.metadata.name,
                                 region: index.regions[demand.region].name, replicas: demand.remaining, reason: reason(d)))
        }
        missing.sort { a, b in (a.tenant, a.service, a.region, a.reason) < (b.tenant, b.service, b.region, b.reason) }
        let reserved = reservations.sorted { a, b in
            (a.tenant, a.kind, a.name, a.site, a.gpuModel) < (b.tenant, b.kind, b.name, b.site, b.gpuModel)
        }
        return Placement(revision: revision, objective: rounded(objective), assignments: assignments,
                         reservations: reserved, unplaced: missing)
    }

    func rounded(_ x: Double) -> Double {
        (x * 1000).rounded() / 1000
    }
}

/// Places every workload of a grid: clusters first, then ModelService replicas by tenant
/// priority, greedy by regret, then local search. Pure: same input, same output.
public enum Placer {
    /// Instances up to this many replicas also get the costlier improvement steps (ejection
    /// chains and repeated local search); larger ones get one local-search pass.
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
        // Improvement rounds: spread first, then fill what is unplaced by making room, then
        // cheaper moves. A small instance gets three rounds, a large one one.
        for _ in 0..<(small ? 3 : 1) {
            enforceMinSites()
            ejectForUnplaced(limit: small ? 50_000 : 20_000)
            relocate(passes: small ? 6 : 1)
        }
        enforceMinSites()
    }
}
