import GridModel

extension PlacementEngine {
    /// Why demand `d` has replicas left, in words a tenant understands.
    func reason(_ d: Int) -> String {
        let demand = demands[d]
        let plan = services[demand.service]
        let r = demand.region
        let tenant = tenants[plan.tenant]
        let region = index.regions[r].name
        let listed = plan.service.gpuModels.map(\.name)
        guard !plan.models.isEmpty else {
            if let quota = tenant.quota, !listed.contains(where: { quota[$0] != nil }) {
                return "tenant \(tenant.metadata.name)'s quota lists none of \(listed.joined(separator: ", "))"
            }
            return "no site has \(listed.joined(separator: " or "))"
        }
        let modelText = plan.models.map { index.models[$0] }.joined(separator: " or ")
        let slo = plan.slo.isFinite ? " within \(plain(plan.slo)) ms of \(region)" : ""
        let open: [Int]
        switch staticCandidates(d) {
        case .none(let why): return why
        case .some(let sites): open = sites
        }
        // Every candidate exists but none has room now: say what filled them.
        if let quota = quotaLeft[plan.tenant], plan.models.allSatisfy({ quota[$0] < plan.perReplica }) {
            let used = plan.models.map { m in
                "\(index.models[m]) used up (\((tenant.quota?[index.models[m]] ?? 0) - max(0, quota[m])) of \(tenant.quota?[index.models[m]] ?? 0))"
            }
            return "tenant quota for " + used.joined(separator: ", ")
        }
        var full = 0, taken = 0, spread = 0
        for s in open {
            for p in index.poolsOfSite[s] where plan.models.contains(index.pools[p].model) {
                if !index.admits(pool: p, tenant: plan.tenant, dedicated: dedicated) { taken += 1 }
                else if plan.perSite[s] >= plan.maxPerSite { spread += 1 }
                else { full += 1 }
            }
        }
        let percent = Int((plan.policy.maxUtilization * 100).rounded())
        if taken == 0, spread == 0 { return "every candidate pool above \(percent)% (\(full) pool\(full == 1 ? "" : "s") with \(modelText)\(slo))" }
        if full == 0, spread == 0 {
            return dedicated[plan.tenant]
                ? "every candidate pool is used by another tenant and tenant \(tenant.metadata.name) is dedicated"
                : "every candidate pool is held by a dedicated tenant"
        }
        if full == 0, taken == 0 { return "every candidate site already runs spread.maxReplicasPerSite (\(plan.maxPerSite)) of its replicas" }
        let parts = [(full, "above \(percent)%"), (taken, "held by other tenants under dedicated isolation"),
                     (spread, "at sites already running spread.maxReplicasPerSite (\(plan.maxPerSite))")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return "no candidate pool has room: " + parts.joined(separator: ", ")
    }

    /// The sites that pass every static filter for demand `d` (model within the SLO,
    /// compliance, tier, open), or why there are none. Shared by demands alike.
    private func staticCandidates(_ d: Int) -> StaticCandidates {
        let plan = services[demands[d].service]
        let r = demands[d].region
        let region = index.regions[r].name
        let modelText = plan.models.map { index.models[$0] }.joined(separator: " or ")
        let slo = plan.slo.isFinite ? " within \(plain(plan.slo)) ms of \(region)" : ""
        switch candidateStage(d) {
        case .noSite:
            return .none("no site with \(modelText)\(slo)")
        case .notCompliant:
            return .none("no site with \(modelText)\(slo)\(complianceText(plan.tenant))")
        case .notInTier:
            let tiers = Tier.allCases.filter { plan.policy.tiers.contains($0) }.map(\.rawValue).joined(separator: " or ")
            return .none("no site with \(modelText)\(slo)\(complianceText(plan.tenant)) in tier \(tiers) (class \(plan.policy.name))")
        case .noneOpen:
            return .none("every site with \(modelText)\(slo) is in maintenance, offline or does not host maas")
        case .open(let sites):
            return .some(sites)
        }
    }

    /// How far demand `d`'s sites get through the static filters. Shared by demands alike:
    /// tenants whose rules allow the same sites share it (the words differ, not the sites).
    private func candidateStage(_ d: Int) -> CandidateStage {
        let plan = services[demands[d].service]
        let r = demands[d].region
        let key = "\(r)|\(plan.policy.tierMask)|\(candidates.complianceClass[plan.tenant])|\(plan.models)|\(plan.slo)"
        if let known = reasonCache[key] { return known }
        var near: [Int] = []
        for s in index.sitesByDistance[r] {
            if index.rtt(region: r, site: s) > plan.slo { break }
            if index.poolsOfSite[s].contains(where: { plan.models.contains(index.pools[$0].model) }) { near.append(s) }
        }
        let compliant = near.filter { allowed(tenant: plan.tenant, site: $0) }
        let tiered = compliant.filter { plan.policy.allows(bit: index.tierBit[$0]) }
        let open = tiered.filter { index.takesReplicas[$0] }
        let stage: CandidateStage = near.isEmpty ? .noSite : compliant.isEmpty ? .notCompliant
            : tiered.isEmpty ? .notInTier : open.isEmpty ? .noneOpen : .open(open)
        reasonCache[key] = stage
        return stage
    }

    func complianceText(_ t: Int) -> String {
        var parts: [String] = []
        if let c = tenants[t].compliance {
            if !c.jurisdictions.isEmpty {
                parts.append(c.jurisdictions.count == 1 ? "in an \(c.jurisdictions[0]) jurisdiction" : "in \(c.jurisdictions.joined(separator: " or "))")
            }
            if c.sovereign { parts.append("that is sovereign") }
        }
        for policy in rules[t].deny { parts.append("allowed by CompliancePolicy \(policy.metadata.name)") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }
}

enum StaticCandidates {
    case none(String)
    case some([Int])
}

/// The first static filter that leaves no site, or the sites every filter leaves.
enum CandidateStage {
    case noSite, notCompliant, notInTier, noneOpen
    case open([Int])
}
