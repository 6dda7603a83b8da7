import GridModel

extension PlacementEngine {
    func tenantOrder(_ a: Int, _ b: Int) -> Bool {
        let pa = tenants[a].priority, pb = tenants[b].priority
        return pa != pb ? pa > pb : a < b
    }

    /// Resolves every ModelService into a plan and its demands, highest tenant priority first.
    func buildDemands(current: Placement?) {
        var policies: [String: ClassPolicy] = [:]
        for policy in grid.placementPolicies where policies[policy.workloadClass] == nil {
            policies[policy.workloadClass] = ClassPolicy(policy)
        }
        var currentByKey: [String: [Int: Int]] = [:]
        for a in current?.assignments ?? [] {
            guard let s = index.siteIndex[a.site], let m = index.modelIndex[a.gpuModel],
                  let p = index.poolsOfSite[s].first(where: { index.pools[$0].model == m }) else { continue }
            currentByKey[a.tenant + "/" + a.service + "/" + a.region, default: [:]][p, default: 0] += min(max(0, a.replicas), 1_000_000)
        }
        let ordered = grid.modelServices.compactMap { service -> (Int, ModelService)? in
            guard let t = service.metadata.tenant.flatMap({ tenantIndex[$0.name] }) else { return nil }
            return (t, service)
        }.sorted { a, b in
            a.0 != b.0 ? tenantOrder(a.0, b.0) : a.1.metadata.name < b.1.metadata.name
        }
        for (t, service) in ordered {
            let quota = tenants[t].quota
            let models = service.gpuModels.compactMap { ref -> Int? in
                guard quota == nil || quota?[ref.name] != nil else { return nil }
                return index.modelIndex[ref.name]
            }
            let shares = ReplicaSplit.largestRemainder(service.replicas, weights: service.users.map(\.weight))
            let plan = ServicePlan(
                service: service, tenant: t,
                policy: policies[service.workloadClass.name] ?? .fallback(service.workloadClass.name),
                models: Array(Set(models)).sorted(), perReplica: service.gpusPerReplica,
                maxPerSite: service.maxReplicasPerSite ?? Int.max, minSites: service.minSites,
                slo: service.sloLatencyMs ?? .infinity)
            let s = services.count
            services.append(plan)
            let first = demands.count
            defer { plan.demands = first..<demands.count }
            for (slot, user) in service.users.enumerated() where shares[slot] > 0 {
                guard let r = index.regionIndex[user.region.name] else { continue }
                let key = tenants[t].metadata.name + "/" + service.metadata.name + "/" + user.region.name
                let current = currentByKey[key] ?? [:]
                demands.append(Demand(service: s, region: r, wanted: shares[slot], remaining: shares[slot],
                                      before: current))
            }
        }
        placed = Array(repeating: [:], count: demands.count)
        scans = Array(repeating: nil, count: demands.count)
        firstChoice = Array(repeating: nil, count: demands.count)
        occupants = Array(repeating: [], count: index.pools.count)
    }

    /// Reserves the GPUs of every KubernetesCluster and SlurmCluster, before any replica:
    /// at the pinned site, or at the cheapest feasible site matching the selector.
    func reserveClusters(current: Placement?) {
        struct Cluster {
            var tenant: Int
            var kind: Kind
            var name: String
            var placement: ClusterPlacement
            var serviceKind: ServiceKind
            var gpus: [(model: String, count: Int)]
        }
        func merge(_ list: [(String, Int)]) -> [(model: String, count: Int)] {
            var totals: [String: Int] = [:]
            for (model, count) in list { totals[model, default: 0] += count }
            return totals.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var clusters: [Cluster] = []
        for k in grid.kubernetesClusters {
            guard let t = k.metadata.tenant.flatMap({ tenantIndex[$0.name] }) else { continue }
            let gpus = k.nodePools.compactMap { pool in pool.gpuModel.map { ($0.name, pool.nodes * pool.gpusPerNode) } }
            clusters.append(Cluster(tenant: t, kind: .kubernetesCluster, name: k.metadata.name, placement: k.placement,
                                    serviceKind: .kubernetes, gpus: merge(gpus)))
        }
        for c in grid.slurmClusters {
            guard let t = c.metadata.tenant.flatMap({ tenantIndex[$0.name] }) else { continue }
            clusters.append(Cluster(tenant: t, kind: .slurmCluster, name: c.metadata.name, placement: c.placement,
                                    serviceKind: .slurm, gpus: merge(c.partitions.map { ($0.gpuModel.name, $0.gpuCount) })))
        }
        clusters.sort { a, b in
            if a.tenant != b.tenant { return tenantOrder(a.tenant, b.tenant) }
            return (a.kind.rawValue, a.name) < (b.kind.rawValue, b.name)
        }
        var running: Set<String> = []
        for r in current?.reservations ?? [] { running.insert(r.tenant + "/" + r.kind + "/" + r.name + "@" + r.site) }
        // GPUs running replicas hold now: a cluster that moves or is new does not evict them.
        var perReplica: [String: Int] = [:]
        for service in grid.modelServices { perReplica[(service.metadata.tenant?.name ?? "") + "/" + service.metadata.name] = service.gpusPerReplica }
        var replicaUse: [Int: Int] = [:]
        for a in current?.assignments ?? [] {
            guard let s = index.siteIndex[a.site], let m = index.modelIndex[a.gpuModel],
                  let p = index.poolsOfSite[s].first(where: { index.pools[$0].model == m }) else { continue }
            replicaUse[p, default: 0] += min(max(0, a.replicas), 1_000_000) * (perReplica[a.tenant + "/" + a.service] ?? 1)
        }

        for cluster in clusters {
            let tenantName = tenants[cluster.tenant].metadata.name
            let id = tenantName + "/" + cluster.kind.rawValue + "/" + cluster.name
            var candidates: [Int]
            switch cluster.placement {
            case .site(let ref): candidates = index.siteIndex[ref.name].map { [$0] } ?? []
            case .selector(let region, let tier):
                let inRegion = region.map { index.sitesInRegion[$0.name] ?? [] } ?? Array(index.sites.indices)
                candidates = inRegion.filter { tier == nil || index.tier[$0] == tier }
            }
            var reasons: [String] = []
            var best: (site: Int, cost: Double, pools: [Int])?
            for s in candidates {
                let site = index.sites[s]
                let isRunning = running.contains(id + "@" + site.metadata.name)
                if !site.hosts(cluster.serviceKind) { reasons.append("site \(site.metadata.name) does not host \(cluster.serviceKind.rawValue)"); continue }
                if (site.maintenance || index.offline.contains(s)) && !isRunning {
                    reasons.append("site \(site.metadata.name) is \(site.maintenance ? "in maintenance" : "offline")")
                    continue
                }
                if !allowed(tenant: cluster.tenant, site: s) {
                    reasons.append("site \(site.metadata.name) is not allowed for tenant \(tenantName) (compliance)")
                    continue
                }
                var pools: [Int] = []
                var cost = 0.0
                var problem: String?
                for need in cluster.gpus {
                    guard let m = index.modelIndex[need.model],
                          let p = index.poolsOfSite[s].first(where: { index.pools[$0].model == m }) else {
                        problem = "site \(site.metadata.name) has no \(need.model) GPUs"
                        break
                    }
                    let pool = index.pools[p]
                    if !index.admits(pool: p, tenant: cluster.tenant, dedicated: dedicated) {
                        problem = "the \(need.model) pool at \(site.metadata.name) is shared with a dedicated tenant"
                        break
                    }
                    let held = isRunning ? 0 : replicaUse[p, default: 0]
                    if !pool.fits(need.count + held, utilization: 1) {
                        problem = "the \(need.model) pool at \(site.metadata.name) has \(max(0, pool.count - pool.used - held)) of \(pool.count) GPUs free, \(need.count) needed"
                        break
                    }
                    if let quota = quotaLeft[cluster.tenant], quota[m] < need.count {
                        problem = "tenant quota for \(need.model) left: \(max(0, quota[m])), \(need.count) needed"
                        break
                    }
                    pools.append(p)
                    cost += Double(need.count) * pool.price
                }
                if let problem { reasons.append(problem); continue }
                if isRunning { cost = -.infinity }  // stability: a running cluster stays where it is
                if let current = best, current.cost <= cost { continue }
                best = (s, cost, pools)
            }
            guard let best else {
                let reason = candidates.isEmpty ? "no site matches its placement" : (reasons.first ?? "no feasible site")
                let total = cluster.gpus.reduce(0) { $0 + $1.count }
                unplaced.append(.init(tenant: tenantName, service: cluster.name, region: "", replicas: total,
                                      reason: "\(cluster.kind.rawValue): " + reason))
                continue
            }
            for (need, p) in zip(cluster.gpus, best.pools) {
                index.add(need.count, pool: p, tenant: cluster.tenant, dedicated: dedicated[cluster.tenant], utilization: nil)
                if quotaLeft[cluster.tenant] != nil { quotaLeft[cluster.tenant]?[index.pools[p].model] -= need.count }
                reservations.append(.init(tenant: tenantName, kind: cluster.kind.rawValue, name: cluster.name,
                                          site: index.sites[best.site].metadata.name, gpuModel: need.model, gpus: need.count))
            }
        }
    }
}

/// Entry points tests use to check single steps.
public enum PlacementTestHooks {
    public static func split(_ total: Int, _ weights: [Double]) -> [Int] {
        ReplicaSplit.largestRemainder(total, weights: weights)
    }
}
