import Foundation
import GridModel
import GridPlacement

/// An independent check of every hard constraint of docs/placement.md, written plainly and
/// apart from the engine, so a bug in one is not repeated in the other.
func violations(of placement: Placement, grid: ManifestSet, observed: ObservedSnapshot = .empty) -> [String] {
    var problems: [String] = []
    let sites = Dictionary(grid.sites.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
    let tenants = Dictionary(grid.tenants.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
    let regions = Dictionary((grid.grid?.regions ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let model = grid.grid?.latencyModel ?? .default
    let offline = Set(observed.offline)
    var measured: [String: Double] = [:]
    for l in observed.latencies { measured[l.region + "|" + l.site] = l.rttMs }
    func rtt(_ region: String, _ site: Site) -> Double {
        measured[region + "|" + site.metadata.name] ?? model.rttMs(regions[region]!.location, site.location)
    }
    func policy(_ cls: String) -> (tiers: [Tier], util: Double) {
        if let p = grid.placementPolicies.first(where: { $0.workloadClass == cls }) { return (p.tiers, p.maxUtilization) }
        return (Tier.allCases, 0.85)
    }
    func service(_ tenant: String, _ name: String) -> ModelService? {
        grid.modelServices.first { $0.metadata.tenant?.name == tenant && $0.metadata.name == name }
    }

    // Pool accounting: key "site|model".
    var used: [String: Int] = [:]
    var classes: [String: Set<Double>] = [:]
    var poolTenants: [String: Set<String>] = [:]
    var tenantModelUse: [String: Int] = [:]
    for use in observed.pools { used[use.site + "|" + use.gpuModel, default: 0] += use.used }

    for r in placement.reservations {
        let key = r.site + "|" + r.gpuModel
        used[key, default: 0] += r.gpus
        poolTenants[key, default: []].insert(r.tenant)
        tenantModelUse[r.tenant + "|" + r.gpuModel, default: 0] += r.gpus
        guard let site = sites[r.site], site.gpus.contains(where: { $0.model == r.gpuModel }) else {
            problems.append("reservation \(r.name) on missing pool \(key)"); continue
        }
    }
    for cluster in grid.kubernetesClusters {
        let mine = placement.reservations.filter { $0.kind == "KubernetesCluster" && $0.name == cluster.metadata.name && $0.tenant == cluster.metadata.tenant?.name }
        if case .site(let ref) = cluster.placement, mine.contains(where: { $0.site != ref.name }) {
            problems.append("cluster \(cluster.metadata.name) not at its pinned site")
        }
        let want = cluster.nodePools.reduce(0) { $0 + ($1.gpuModel == nil ? 0 : $1.nodes * $1.gpusPerNode) }
        if !mine.isEmpty, mine.reduce(0, { $0 + $1.gpus }) != want { problems.append("cluster \(cluster.metadata.name) reserves the wrong GPU count") }
    }

    var perServiceSite: [String: Int] = [:]
    var perServiceSites: [String: Set<String>] = [:]
    var perServiceRegion: [String: Int] = [:]
    for a in placement.assignments {
        let label = "\(a.tenant)/\(a.service)@\(a.site)/\(a.gpuModel) for \(a.region)"
        guard let svc = service(a.tenant, a.service), let site = sites[a.site], let tenant = tenants[a.tenant] else {
            problems.append("\(label): unknown service, site or tenant"); continue
        }
        guard site.gpus.contains(where: { $0.model == a.gpuModel }) else { problems.append("\(label): no such pool"); continue }
        let (tiers, util) = policy(svc.workloadClass.name)
        if !site.services.contains(.maas) { problems.append("\(label): site does not host maas") }
        if site.maintenance { problems.append("\(label): site in maintenance") }
        if offline.contains(a.site) { problems.append("\(label): site offline") }
        if !tiers.contains(site.tier) { problems.append("\(label): tier not allowed") }
        if let slo = svc.sloLatencyMs, rtt(a.region, site) > slo + 1e-9 { problems.append("\(label): over SLO") }
        if !svc.gpuModels.contains(where: { $0.name == a.gpuModel }) { problems.append("\(label): model not allowed") }
        if let c = tenant.compliance {
            if !c.jurisdictions.isEmpty, !c.jurisdictions.contains(site.jurisdiction) { problems.append("\(label): jurisdiction") }
            if c.sovereign, !site.sovereign { problems.append("\(label): not sovereign") }
        }
        for p in grid.compliancePolicies where p.enforcement == .deny {
            let matches: Bool
            switch p.match {
            case .tenants(let refs): matches = refs.contains { $0.name == a.tenant }
            case .tenantLabels(let labels): matches = labels.allSatisfy { tenant.metadata.labels[$0.key] == $0.value }
            }
            guard matches else { continue }
            if let req = p.require {
                if !req.jurisdictions.isEmpty, !req.jurisdictions.contains(site.jurisdiction) { problems.append("\(label): policy jurisdiction") }
                if req.sovereign, !site.sovereign { problems.append("\(label): policy sovereign") }
            }
            if !p.denySiteLabels.isEmpty, p.denySiteLabels.allSatisfy({ site.metadata.labels[$0.key] == $0.value }) {
                problems.append("\(label): denied site labels")
            }
        }
        let key = a.site + "|" + a.gpuModel
        used[key, default: 0] += a.replicas * svc.gpusPerReplica
        classes[key, default: []].insert(util)
        poolTenants[key, default: []].insert(a.tenant)
        tenantModelUse[a.tenant + "|" + a.gpuModel, default: 0] += a.replicas * svc.gpusPerReplica
        perServiceSite[a.tenant + "/" + a.service + "@" + a.site, default: 0] += a.replicas
        perServiceSites[a.tenant + "/" + a.service, default: []].insert(a.site)
        perServiceRegion[a.tenant + "/" + a.service + "/" + a.region, default: 0] += a.replicas
    }
    for site in grid.sites {
        for pool in site.gpus {
            let key = site.metadata.name + "|" + pool.model
            let util = classes[key]?.min() ?? 1
            let limit = Int((util * Double(pool.count) + 1e-9).rounded(.down))
            if used[key, default: 0] > limit, classes[key] != nil || used[key, default: 0] > pool.count {
                problems.append("pool \(key) holds \(used[key, default: 0]) > \(limit)")
            }
            let holders = poolTenants[key] ?? []
            if holders.count > 1, holders.contains(where: { tenants[$0]?.isolation == .dedicated }) {
                problems.append("pool \(key) shared by \(holders.sorted()) with a dedicated tenant")
            }
        }
    }
    for tenant in grid.tenants {
        guard let quota = tenant.quota else { continue }
        for (key, gpus) in tenantModelUse where key.hasPrefix(tenant.metadata.name + "|") {
            let m = String(key.dropFirst(tenant.metadata.name.count + 1))
            if gpus > (quota[m] ?? 0) { problems.append("tenant \(tenant.metadata.name) over quota for \(m): \(gpus)") }
        }
    }
    for svc in grid.modelServices {
        let id = (svc.metadata.tenant?.name ?? "") + "/" + svc.metadata.name
        if let cap = svc.maxReplicasPerSite {
            for (key, n) in perServiceSite where key.hasPrefix(id + "@") && n > cap { problems.append("\(key): \(n) > maxReplicasPerSite") }
        }
        let placedCount = placement.assignments.filter { $0.tenant + "/" + $0.service == id }.reduce(0) { $0 + $1.replicas }
        let distinct = perServiceSites[id]?.count ?? 0
        if distinct < min(svc.minSites, placedCount) { problems.append("\(id): \(distinct) sites < minSites") }
        // Per region: placed + unplaced equals the largest-remainder share.
        let weights = svc.users.map(\.weight)
        let total = weights.reduce(0, +)
        let exact = weights.map { Double(svc.replicas) * $0 / total }
        var shares = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        for i in order.prefix(svc.replicas - shares.reduce(0, +)) { shares[i] += 1 }
        for (user, share) in zip(svc.users, shares) {
            let placedHere = perServiceRegion[id + "/" + user.region.name] ?? 0
            let missing = placement.unplaced.filter { $0.tenant + "/" + $0.service == id && $0.region == user.region.name }.reduce(0) { $0 + $1.replicas }
            if placedHere + missing != share { problems.append("\(id) in \(user.region.name): \(placedHere) placed + \(missing) unplaced != \(share)") }
        }
    }
    return problems
}
