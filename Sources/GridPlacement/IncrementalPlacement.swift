public import GridModel

extension Placer {
    /// Re-places only the ModelServices that changed between two revisions, keeping every
    /// other assignment exactly where it is: unchanged inputs are not placed again, so a
    /// one-file commit costs one service's placement and moves nothing else.
    ///
    /// Applies when nothing but ModelServices changed (Grid, Sites, Tenants, clusters and
    /// policies equal) and the observed snapshot is the one `previous` was placed with;
    /// returns nil otherwise, and the caller places everything.
    ///
    /// The kept assignments and cluster reservations enter the run as GPU use it may not
    /// touch, with three adjustments so no hard constraint can break: a tenant's quota is
    /// reduced by what its kept workloads hold; a pool is full for the run where dedicated
    /// isolation would be broken (a dedicated tenant's kept replicas and another tenant's
    /// changed service, or the reverse); and a pool holding kept replicas of a stricter
    /// class is padded so the stricter `maxUtilization` holds. Replicas of unchanged
    /// services that could not be placed stay unplaced until the next full placement.
    ///
    /// Also returns the sites whose assignments may differ (old and new sites of the changed
    /// services): only theirs need rendering again.
    public static func placeChanged(
        from old: ManifestSet, _ previous: Placement, to new: ManifestSet, observed: ObservedSnapshot, revision: String?
    ) -> (placement: Placement, sites: Set<String>)? {
        guard old.grids == new.grids, old.sites == new.sites, old.tenants == new.tenants,
              old.placementPolicies == new.placementPolicies, old.compliancePolicies == new.compliancePolicies,
              old.kubernetesClusters == new.kubernetesClusters, old.slurmClusters == new.slurmClusters else { return nil }

        // Services by key, as indexes (a ModelService is a large value: not copied around).
        var before: [ServiceKey: Int] = [:]
        for (i, s) in old.modelServices.enumerated() { before[ServiceKey(s)] = i }
        var services: [ServiceKey: Int] = [:]
        var changed: [ModelService] = []
        var touched = Set<ServiceKey>()
        for (i, s) in new.modelServices.enumerated() {
            let key = ServiceKey(s)
            services[key] = i
            if let j = before[key], old.modelServices[j] == s { continue }
            changed.append(s)
            touched.insert(key)
        }
        for key in before.keys where services[key] == nil { touched.insert(key) }
        // Many changes: a full placement is as cheap and places better.
        guard touched.count * 10 <= max(10, new.modelServices.count) else { return nil }
        let kept = previous.assignments.filter { !touched.contains(ServiceKey(tenant: $0.tenant, name: $0.service)) }
        let policies = PolicyTable(new)

        // What the kept workloads hold, per pool and per tenant.
        var held: [PoolKey: PoolHold] = [:]
        var tenantUse: [String: [String: Int]] = [:]
        for a in kept {
            guard let i = services[ServiceKey(tenant: a.tenant, name: a.service)] else { continue }
            let service = new.modelServices[i]
            let gpus = a.replicas * service.gpusPerReplica
            held[PoolKey(site: a.site, model: a.gpuModel), default: PoolHold()].add(gpus, tenant: a.tenant,
                                                                                    utilization: policies.utilization(service))
            tenantUse[a.tenant, default: [:]][a.gpuModel, default: 0] += gpus
        }
        for r in previous.reservations {
            held[PoolKey(site: r.site, model: r.gpuModel), default: PoolHold()].add(r.gpus, tenant: r.tenant, utilization: nil)
            tenantUse[r.tenant, default: [:]][r.gpuModel, default: 0] += r.gpus
        }

        let changedTenants = Set(changed.compactMap { $0.metadata.tenant?.name })
        let dedicated = Set(new.tenants.filter { $0.isolation == .dedicated }.map(\.metadata.name))
        let strictestChanged = changed.map { policies.utilization($0) }.max() ?? 1
        var capacity: [PoolKey: Int] = [:]
        for site in new.sites {
            for pool in site.gpus { capacity[PoolKey(site: site.metadata.name, model: pool.model), default: 0] += pool.count }
        }

        var used: [PoolKey: Int] = [:]
        for p in observed.pools { used[PoolKey(site: p.site, model: p.gpuModel), default: 0] += p.used }
        for (key, hold) in held {
            let count = capacity[key] ?? 0
            // A dedicated tenant's kept workloads and another tenant's changed service, or a
            // changed dedicated tenant and another tenant's kept workloads: the pool is full.
            let dedicatedHolders = hold.tenants.intersection(dedicated)
            let isolationConflict = dedicatedHolders.contains { d in changedTenants.contains { $0 != d } }
                || changedTenants.contains { c in dedicated.contains(c) && hold.tenants.contains { $0 != c } }
            if isolationConflict {
                used[key] = max(used[key] ?? 0, count)
                continue
            }
            var extra = hold.gpus
            if let strictest = hold.strictest, strictest < strictestChanged {
                extra += limit(strictestChanged, count) - limit(strictest, count)
            }
            used[key, default: 0] += extra
        }

        // Only sites with a GPU model some changed service accepts can take part.
        let models = Set(changed.flatMap { $0.gpuModels.map(\.name) })
        var reduced = new
        reduced.sites = new.sites.filter { site in site.gpus.contains { models.contains($0.model) } }
        reduced.modelServices = ChunkedArray(changed)
        reduced.kubernetesClusters = []
        reduced.slurmClusters = []
        reduced.tenants = new.tenants.map { tenant in
            var t = tenant
            if let quota = t.quota, let use = tenantUse[t.metadata.name] {
                t.quota = Dictionary(uniqueKeysWithValues: quota.map { ($0.key, max(0, $0.value - (use[$0.key] ?? 0))) })
            }
            return t
        }
        let snapshot = ObservedSnapshot(
            pools: used.sorted { $0.key < $1.key }.map { ObservedSnapshot.PoolUse(site: $0.key.site, gpuModel: $0.key.model, used: $0.value) },
            latencies: observed.latencies, offline: observed.offline)
        let ownCurrent = Placement(revision: previous.revision, objective: 0,
                                   assignments: previous.assignments.filter { touched.contains(ServiceKey(tenant: $0.tenant, name: $0.service)) },
                                   reservations: [], unplaced: [])
        let run = place(PlacementInput(grid: reduced, revision: revision, observed: snapshot, current: ownCurrent))

        // Both parts are sorted already (placement output is): merge them.
        let assignments = merge(kept, run.assignments) { a, b in
            (a.tenant, a.service, a.region, a.site, a.gpuModel) < (b.tenant, b.service, b.region, b.site, b.gpuModel)
        }
        let unplaced = merge(previous.unplaced.filter { !touched.contains(ServiceKey(tenant: $0.tenant, name: $0.service)) || $0.region.isEmpty },
                             run.unplaced.filter { !$0.region.isEmpty }) { a, b in
            (a.tenant, a.service, a.region, a.reason) < (b.tenant, b.service, b.region, b.reason)
        }
        let objective = previous.objective - cost(ownCurrent.assignments, in: old, at: before, policies: PolicyTable(old))
            + cost(run.assignments, in: new, at: services, policies: policies)
        let sites = Set(ownCurrent.assignments.map(\.site)).union(run.assignments.map(\.site))
        return (Placement(revision: revision, objective: (objective * 1000).rounded() / 1000, assignments: assignments,
                          reservations: previous.reservations, unplaced: unplaced), sites)
    }

    /// The latency and cost terms of assignments (moves are not counted).
    private static func cost(_ assignments: [Placement.Assignment], in m: ManifestSet, at index: [ServiceKey: Int],
                             policies: PolicyTable) -> Double {
        assignments.reduce(0) { total, a in
            guard let i = index[ServiceKey(tenant: a.tenant, name: a.service)] else { return total }
            let s = m.modelServices[i]
            let w = policies.policy(s).weights
            return total + Double(a.replicas) * (w.latencyPerMs * a.rttMs + w.costPerGpuHour * Double(s.gpusPerReplica) * a.costPerHour)
        }
    }

    /// Two lists sorted by `less`, merged into one (sorting either first if it is not).
    private static func merge<T>(_ a: [T], _ b: [T], by less: (T, T) -> Bool) -> [T] {
        func sorted(_ x: [T]) -> [T] { zip(x, x.dropFirst()).allSatisfy { !less($1, $0) } ? x : x.sorted(by: less) }
        let a = sorted(a), b = sorted(b)
        var out: [T] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && !less(b[j], a[i])) {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }

    private static func limit(_ utilization: Double, _ count: Int) -> Int {
        Int((utilization * Double(count) + 1e-9).rounded(.down))
    }
}

private struct ServiceKey: Hashable {
    var tenant: String
    var name: String

    init(tenant: String, name: String) {
        self.tenant = tenant
        self.name = name
    }

    init(_ s: ModelService) {
        self.init(tenant: s.metadata.tenant?.name ?? "", name: s.metadata.name)
    }
}

private struct PoolKey: Hashable, Comparable {
    var site: String
    var model: String

    static func < (a: PoolKey, b: PoolKey) -> Bool { (a.site, a.model) < (b.site, b.model) }
}

/// What kept workloads hold in one pool.
private struct PoolHold {
    var gpus = 0
    var tenants = Set<String>()
    /// The strictest maxUtilization among the kept replicas (nil: clusters only).
    var strictest: Double?

    mutating func add(_ n: Int, tenant: String, utilization: Double?) {
        gpus += n
        tenants.insert(tenant)
        if let utilization { strictest = min(strictest ?? utilization, utilization) }
    }
}

/// Each workload class's policy, by name.
private struct PolicyTable {
    var byClass: [String: ClassPolicy] = [:]

    init(_ m: ManifestSet) {
        for p in m.placementPolicies { byClass[p.workloadClass] = ClassPolicy(p) }
    }

    func policy(_ s: ModelService) -> ClassPolicy {
        byClass[s.workloadClass.name] ?? .fallback(s.workloadClass.name)
    }

    func utilization(_ s: ModelService) -> Double { policy(s).maxUtilization }
}
