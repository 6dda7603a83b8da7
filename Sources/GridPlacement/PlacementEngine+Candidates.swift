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
    /// Per-model pool lists: by distance from a region (one pool per site, key "near|…"),
    /// or by price at any distance (key "price|…").
    var lists: [[Int]] = []
    var keys: [String: Int] = [:]
    /// Per list, links past entries whose pools are full for the list's class.
    var next: [SkipLinks] = []
    /// Per tenant, an id shared by tenants whose compliance rules allow the same sites.
    var complianceClass: [Int] = []
    /// Per demand, model and kind (near, price), its list's id once looked up (-1 before):
    /// the string keys are built once per demand, not at every scan.
    var idOf: [Int] = []
}

extension PlacementEngine {
    /// Groups tenants whose rules allow exactly the same sites, and sizes the per-demand table.
    func prepareCandidates() {
        var classes: [[Bool]: Int] = [:]
        candidates.idOf = Array(repeating: -1, count: demands.count * index.models.count * 2)
        candidates.complianceClass = tenants.indices.map { t in
            let allowedHere = allowedSites[t]  // empty for tenants with nothing to place
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
        return "near|\(demands[d].region)|\(plan.policy.tierMask)|\(plan.policy.maxUtilization)|\(candidates.complianceClass[plan.tenant])|\(m)"
    }

    /// Demand `d`'s candidate pools of model `m` (one per site), nearest site first, out to
    /// the farthest SLO of its kind, and the list's id (for its skip links).
    func nearestPools(_ d: Int, model m: Int) -> (list: [Int], id: Int) {
        let slot = (d * index.models.count + m) * 2
        if candidates.idOf[slot] >= 0 { return (candidates.lists[candidates.idOf[slot]], candidates.idOf[slot]) }
        let key = siteKey(d, model: m)
        if let id = candidates.keys[key] {
            candidates.idOf[slot] = id
            return (candidates.lists[id], id)
        }
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
        let id = store(list, key: key, utilization: plan.policy.maxUtilization)
        candidates.idOf[slot] = id
        return (list, id)
    }

    /// The candidate pools of model `m` for demand `d`, cheapest first (any distance).
    func cheapestPools(_ d: Int, model m: Int) -> (list: [Int], id: Int) {
        let slot = (d * index.models.count + m) * 2 + 1
        if candidates.idOf[slot] >= 0 { return (candidates.lists[candidates.idOf[slot]], candidates.idOf[slot]) }
        let plan = services[demands[d].service]
        let key = "price|\(m)|\(plan.policy.tierMask)|\(plan.policy.maxUtilization)|\(candidates.complianceClass[plan.tenant])"
        if let id = candidates.keys[key] {
            candidates.idOf[slot] = id
            return (candidates.lists[id], id)
        }
        let list = index.poolsByPrice[m].filter { p in
            let s = index.pools[p].site
            return index.takesReplicas[s] && plan.policy.allows(bit: index.tierBit[s]) && allowed(tenant: plan.tenant, site: s)
        }
        let id = store(list, key: key, utilization: plan.policy.maxUtilization)
        candidates.idOf[slot] = id
        return (list, id)
    }

    private func store(_ list: [Int], key: String, utilization: Double) -> Int {
        let id = candidates.lists.count
        candidates.keys[key] = id
        candidates.lists.append(list)
        candidates.next.append(SkipLinks(count: list.count, version: version, utilization: utilization))
        return id
    }

    /// The first entry at or after `i` of list `id` not known to be full; links past entries
    /// whose pool is full for the list's class.
    func nextOpen(list id: Int, from i: Int) -> Int {
        if candidates.next[id].version != version {
            candidates.next[id] = SkipLinks(count: candidates.lists[id].count, version: version,
                                            utilization: candidates.next[id].utilization)
        }
        var j = candidates.next[id].find(i)
        let util = candidates.next[id].utilization
        let list = candidates.lists[id]
        while j < list.count, !index.pools[list[j]].fits(1, utilization: util) {
            candidates.next[id].close(j)
            j = candidates.next[id].find(j)
        }
        return j
    }
}
