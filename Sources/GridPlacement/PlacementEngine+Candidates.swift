import GridModel

/// "Next open entry" links over a candidate list (a union-find with path compression): an
/// entry found full for the list's class is linked past, so later scans jump over it in one
/// step. Capacity only fills up between removals, so the links hold until `version` changes.
struct SkipLinks {
    var next: [Int]
    var version: Int
    let utilization: Double

    init(count: Int, version: Int, utilization: Double) {
        next = Array(0...count)
        self.version = version
        self.utilization = utilization
    }

    mutating func find(_ i: Int) -> Int {
        var root = i
        while next[root] != root { root = next[root] }
        var j = i
        while next[j] != root {
            let after = next[j]
            next[j] = root
            j = after
        }
        return root
    }

    mutating func close(_ i: Int) { next[i] = i + 1 }
}

/// Pools that can ever take a demand's replicas, whatever is placed: at sites that take
/// replicas, whose tier is allowed and which the tenant's compliance allows, of one of the
/// service's models. Demands alike (same region, tiers, class, compliance rules and model)
/// share one list, so the scans walk only real candidates.
struct CandidateLists {
    /// Per-model pools by distance from a region (one per site), and their keys.
    var near: [[Int]] = []
    var nearKeys: [String: Int] = [:]
    /// Per-model pools by price (any distance), and their keys.
    var pools: [[Int]] = []
    var poolKeys: [String: Int] = [:]
    /// Per list, links past entries whose pools are full for the list's class.
    var nearNext: [SkipLinks] = []
    var poolNext: [SkipLinks] = []
    /// Per tenant, an id shared by tenants whose compliance rules allow the same sites.
    var complianceClass: [Int] = []
}

extension PlacementEngine {
    /// Groups tenants whose rules allow exactly the same sites, and sizes the per-demand table.
    func prepareCandidates() {
        var classes: [[Bool]: Int] = [:]
        candidates.complianceClass = tenants.indices.map { t in
            let allowedHere = index.sites.indices.map { allowed(tenant: t, site: $0) }
            if let id = classes[allowedHere] { return id }
            classes[allowedHere] = classes.count
            return classes.count - 1
        }
        // Each site list reaches as far as the largest SLO among the demands that share it.
        var reach: [String: Double] = [:]
        for d in demands.indices {
            let plan = services[demands[d].service]
            for m in plan.models { reach[siteKey(d, model: m), default: 0] = max(reach[siteKey(d, model: m), default: 0], plan.slo) }
        }
        candidateReach = reach
    }

    private func siteKey(_ d: Int, model m: Int) -> String {
        let plan = services[demands[d].service]
        return "\(demands[d].region)|\(plan.policy.tierMask)|\(plan.policy.maxUtilization)|\(candidates.complianceClass[plan.tenant])|\(m)"
    }

    /// Demand `d`'s candidate pools of model `m` (one per site), nearest site first, out to
    /// the farthest SLO of its kind, and the list's id (for its skip links).
    func nearestPools(_ d: Int, model m: Int) -> (list: [Int], id: Int) {
        let key = siteKey(d, model: m)
        if let id = candidates.nearKeys[key] { return (candidates.near[id], id) }
        let plan = services[demands[d].service]
        let r = demands[d].region
        let reach = candidateReach[key] ?? plan.slo
        var list: [Int] = []
        for s in index.sitesByDistance[r] {
            if index.rtt(region: r, site: s) > reach { break }
            guard index.takesReplicas[s], plan.policy.allows(bit: index.tierBit[s]), allowed(tenant: plan.tenant, site: s),
                  let p = index.poolsOfSite[s].first(where: { index.pools[$0].model == m }) else { continue }
            list.append(p)
        }
        let id = candidates.near.count
        candidates.nearKeys[key] = id
        candidates.near.append(list)
        candidates.nearNext.append(SkipLinks(count: list.count, version: version, utilization: plan.policy.maxUtilization))
        return (list, id)
    }

    /// The candidate pools of model `m` for demand `d`, cheapest first (any distance).
    func candidatePools(_ d: Int, model m: Int) -> (list: [Int], id: Int) {
        let plan = services[demands[d].service]
        let key = "\(m)|\(plan.policy.tierMask)|\(plan.policy.maxUtilization)|\(candidates.complianceClass[plan.tenant])"
        if let id = candidates.poolKeys[key] { return (candidates.pools[id], id) }
        let list = index.poolsByPrice[m].filter { p in
            let s = index.pools[p].site
            return index.takesReplicas[s] && plan.policy.allows(bit: index.tierBit[s]) && allowed(tenant: plan.tenant, site: s)
        }
        let id = candidates.pools.count
        candidates.poolKeys[key] = id
        candidates.pools.append(list)
        candidates.poolNext.append(SkipLinks(count: list.count, version: version, utilization: plan.policy.maxUtilization))
        return (list, id)
    }

    /// The first entry at or after `i` of distance list `id` not known to be full; links
    /// past entries whose pool is full for the list's class.
    func nextOpenNear(list id: Int, from i: Int) -> Int {
        if candidates.nearNext[id].version != version {
            candidates.nearNext[id] = SkipLinks(count: candidates.near[id].count, version: version,
                                                utilization: candidates.nearNext[id].utilization)
        }
        var j = candidates.nearNext[id].find(i)
        let util = candidates.nearNext[id].utilization
        let list = candidates.near[id]
        while j < list.count, !index.pools[list[j]].fits(1, utilization: util) {
            candidates.nearNext[id].close(j)
            j = candidates.nearNext[id].find(j)
        }
        return j
    }

    /// As `nextOpenSite`, over a pool list.
    func nextOpenPool(list id: Int, from i: Int) -> Int {
        if candidates.poolNext[id].version != version {
            candidates.poolNext[id] = SkipLinks(count: candidates.pools[id].count, version: version,
                                                utilization: candidates.poolNext[id].utilization)
        }
        var j = candidates.poolNext[id].find(i)
        let util = candidates.poolNext[id].utilization
        let list = candidates.pools[id]
        while j < list.count, !index.pools[list[j]].fits(1, utilization: util) {
            candidates.poolNext[id].close(j)
            j = candidates.poolNext[id].find(j)
        }
        return j
    }
}
