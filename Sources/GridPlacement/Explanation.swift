import GridModel

/// Why a service is where it is: per user region, the chosen sites with each cost term, the
/// runners-up, and how many sites each filter rejected. `gridops explain TENANT/SERVICE`.
public struct Explanation: Codable, Sendable, Equatable {
    public struct Option: Codable, Sendable, Equatable {
        public var site: String
        public var gpuModel: String
        /// Replicas placed here (0 for a runner-up).
        public var replicas: Int
        public var rttMs: Double
        public var costPerHour: Double
        /// `latencyPerMs * rtt`.
        public var latency: Double
        /// `costPerGpuHour * perReplica * costPerHour`.
        public var cost: Double
        /// `movePerReplica` when a replica would have to move here.
        public var move: Double
        public var total: Double
        /// For a runner-up: how many more replicas it could take now.
        public var room: Int
    }

    public struct Rejection: Codable, Sendable, Equatable {
        public var sites: Int
        public var reason: String
    }

    public struct RegionPart: Codable, Sendable, Equatable {
        public var region: String
        public var replicas: Int
        public var placed: Int
        public var chosen: [Option]
        public var runnersUp: [Option]
        public var rejected: [Rejection]
        public var unplacedReason: String?
    }

    public var tenant: String
    public var service: String
    public var workloadClass: String
    /// "PlacementPolicy interactive" or "default policy (no PlacementPolicy for class x)".
    public var policy: String
    public var tiers: [String]
    public var maxUtilization: Double
    public var weights: [String: Double]
    public var regions: [RegionPart]
}

extension Placer {
    /// Places the whole grid (as `place` does), then explains one service; nil when the grid has no such service.
    public static func explain(_ input: PlacementInput, tenant: String, service: String, runnersUp: Int = 3) -> Explanation? {
        settle(input).engine.explain(tenant: tenant, service: service, runnersUp: runnersUp)
    }
}

extension PlacementEngine {
    func explain(tenant: String, service name: String, runnersUp: Int) -> Explanation? {
        guard let t = tenantIndex[tenant],
              let s = services.firstIndex(where: { $0.tenant == t && $0.service.metadata.name == name }) else { return nil }
        let plan = services[s]
        let weights = plan.policy.weights
        let hasPolicy = grid.placementPolicies.contains { $0.workloadClass == plan.policy.name }
        var parts: [Explanation.RegionPart] = []
        for d in demands.indices where demands[d].service == s {
            let demand = demands[d]
            let r = demand.region
            var rejected: [String: Int] = [:]
            var options: [Explanation.Option] = []
            for site in index.sites.indices {
                if let why = rejection(plan, region: r, site: site) {
                    rejected[why, default: 0] += 1
                    continue
                }
                for p in index.poolsOfSite[site] where plan.models.contains(index.pools[p].model) {
                    let pool = index.pools[p]
                    let rtt = index.rtt(region: r, site: site)
                    let latency = weights.latencyPerMs * rtt
                    let gpu = weights.costPerGpuHour * Double(plan.perReplica) * pool.price
                    let move = demand.hadCurrent && (demand.before[p] ?? 0) == 0 ? weights.movePerReplica : 0
                    options.append(.init(site: index.sites[site].metadata.name, gpuModel: index.models[pool.model],
                                         replicas: placed[d][p] ?? 0, rttMs: rounded(rtt), costPerHour: pool.price,
                                         latency: rounded(latency), cost: rounded(gpu), move: move,
                                         total: rounded(latency + gpu + move), room: room(d, pool: p)))
                }
            }
            options.sort { ($0.total, $0.site, $0.gpuModel) < ($1.total, $1.site, $1.gpuModel) }
            let placedHere = placed[d].values.reduce(0, +)
            parts.append(.init(
                region: index.regions[r].name, replicas: demand.wanted, placed: placedHere,
                chosen: options.filter { $0.replicas > 0 },
                runnersUp: Array(options.filter { $0.replicas == 0 }.prefix(runnersUp)),
                rejected: rejected.map { .init(sites: $0.value, reason: $0.key) }
                    .sorted { ($1.sites, $0.reason) < ($0.sites, $1.reason) },
                unplacedReason: demand.remaining > 0 ? reason(d) : demand.givenUp > 0 ? spreadReason(d) : nil))
        }
        return Explanation(
            tenant: tenant, service: name, workloadClass: plan.policy.name,
            policy: hasPolicy ? "PlacementPolicy for class \(plan.policy.name)" : "default policy (no PlacementPolicy for class \(plan.policy.name))",
            tiers: Tier.allCases.filter { plan.policy.tiers.contains($0) }.map(\.rawValue),
            maxUtilization: plan.policy.maxUtilization,
            weights: ["latencyPerMs": weights.latencyPerMs, "costPerGpuHour": weights.costPerGpuHour,
                      "movePerReplica": weights.movePerReplica],
            regions: parts)
    }

    /// The first filter that rules `site` out for `plan` in region `r`, in words; nil if none.
    func rejection(_ plan: ServicePlan, region r: Int, site s: Int) -> String? {
        let site = index.sites[s]
        let tenant = tenants[plan.tenant].metadata.name
        if site.maintenance { return "in maintenance" }
        if index.offline.contains(s) { return "offline" }
        if !site.hosts(.maas) { return "does not host maas" }
        if !plan.policy.tiers.contains(site.tier) { return "tier \(site.tier.rawValue) not allowed for class \(plan.policy.name)" }
        switch rules[plan.tenant].verdict(site) {
        case .allowed: break
        case .jurisdiction(let j): return "jurisdiction \(j) not allowed for tenant \(tenant)"
        case .notSovereign: return "not sovereign, and tenant \(tenant) requires sovereign sites"
        case .policyJurisdiction(let policy, let j): return "jurisdiction \(j) not allowed by CompliancePolicy \(policy)"
        case .policySovereign(let policy): return "not sovereign, as CompliancePolicy \(policy) requires"
        case .policyDeniedLabels(let policy): return "denied by CompliancePolicy \(policy) (site labels)"
        }
        if !index.poolsOfSite[s].contains(where: { plan.models.contains(index.pools[$0].model) }) {
            let models = plan.models.isEmpty ? plan.service.gpuModels.map(\.name) : plan.models.map { index.models[$0] }
            return "no \(models.joined(separator: " or ")) GPUs"
        }
        if index.rtt(region: r, site: s) > plan.slo { return "round trip over \(plain(plan.slo)) ms from \(index.regions[r].name)" }
        return nil
    }
}
