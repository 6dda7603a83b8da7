import GridModel

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
