public import GridModel

/// What placement needs beyond the manifests.
public struct PlacementInput: Sendable {
    public var grid: ManifestSet
    public var revision: String?
    public var observed: ObservedSnapshot
    /// The placement running now; with it, a replica moves only when that saves more than
    /// `movePerReplica`.
    public var current: Placement?

    public init(grid: ManifestSet, revision: String? = nil, observed: ObservedSnapshot = .empty, current: Placement? = nil) {
        self.grid = grid
        self.revision = revision
        self.observed = observed
        self.current = current
    }
}

/// One ModelService, resolved against the index. A class: the hot loops read it without
/// copying, and `assign` updates its counts in place.
final class ServicePlan {
    let service: ModelService
    let tenant: Int
    let policy: ClassPolicy
    /// Models it may use: listed, on some site, and allowed by the tenant's quota.
    let models: [Int]
    let perReplica: Int
    let maxPerSite: Int
    let minSites: Int
    let slo: Double
    /// Its demands, one per user region (consecutive in `PlacementEngine.demands`).
    var demands: Range<Int> = 0..<0
    /// Replicas placed per site.
    var perSite = SiteCounts()
    var placed = 0

    init(service: ModelService, tenant: Int, policy: ClassPolicy, models: [Int], perReplica: Int,
         maxPerSite: Int, minSites: Int, slo: Double) {
        self.service = service
        self.tenant = tenant
        self.policy = policy
        self.models = models
        self.perReplica = perReplica
        self.maxPerSite = maxPerSite
        self.minSites = minSites
        self.slo = slo
    }
}

/// Replicas one service wants for one region.
struct Demand {
    let service: Int
    /// The Grid region (index into `GridIndex.regions`).
    let region: Int
    let wanted: Int
    var remaining: Int
    /// Where its replicas ran before this placement began (pool to replicas): keeping a
    /// replica there costs no move.
    let before: [Int: Int]
    /// Replicas taken out so that the service keeps `min(minSites, placed)` sites: reported
    /// with that reason, not placed again until a repair round takes them back to try.
    var givenUp = 0
    var hadCurrent: Bool { !before.isEmpty }
}

/// The placement being built: the index, the pools' use, and every decision so far.
/// One instance per placement; not shared between threads.
final class PlacementEngine {
    let index: GridIndex
    let grid: ManifestSet
    let tenants: [Tenant]
    let tenantIndex: [String: Int]
    let dedicated: [Bool]
    let rules: [TenantRules]
    /// Per tenant and model, GPUs of quota left; nil entry: no quota (unlimited).
    var quotaLeft: [[Int]?]
    var services: [ServicePlan] = []
    var demands: [Demand] = []
    /// Placed replicas per demand and pool.
    var placed: [[Int: Int]] = []
    /// Candidate lists shared by demands alike (see `PlacementEngine+Candidates.swift`).
    var candidates = CandidateLists()
    var candidateReach: [String: Double] = [:]
    /// Static candidates per kind of demand, for the reasons of unplaced replicas.
    var reasonCache: [String: CandidateStage] = [:]
    /// Per demand, where its option scans start (see `bestTwo`).
    var scans: [ScanState?] = []
    /// Per pool, the demands with replicas in it.
    var occupants: [[Int]] = []
    /// Per demand, the cost of its best option when it was first served: a replica there or
    /// cheaper cannot gain from local search.
    var firstChoice: [Double?] = []
    /// Bumped by every removal: room may have grown anywhere, so scan starts are void.
    var version = 0
    /// While set, removals do not bump `version` (local search bumps once per pass instead:
    /// during a pass it may miss room freed by its own earlier moves, nothing else).
    var holdVersion = false
    /// How far spread repair may go to open a new site for a service.
    var roomForSpread = SpreadRepair.wide
    var reservations: [Placement.Reservation] = []
    var unplaced: [Placement.Unplaced] = []
    /// Site compliance per tenant: `allowedSites[t][s]`; empty for a tenant with nothing to place.
    let allowedSites: [[Bool]]
    private var minPrice: [Double]

    /// - Parameter index: the sites and pools to place on, with what they hold already (see
    ///   `PlacementLedger`); by default made from the input, holding only foreign use.
    init(_ input: PlacementInput, index: GridIndex? = nil) {
        grid = input.grid
        self.index = index ?? GridIndex(grid: input.grid, observed: input.observed)
        tenants = input.grid.tenants.sorted { $0.metadata.name < $1.metadata.name }
        tenantIndex = Dictionary(tenants.enumerated().map { ($1.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        dedicated = tenants.map { $0.isolation == .dedicated }
        let policies = input.grid.compliancePolicies.sorted { $0.metadata.name < $1.metadata.name }
        rules = tenants.map { TenantRules($0, policies: policies) }
        let index = self.index
        quotaLeft = tenants.map { tenant in
            tenant.quota.map { quota in index.models.map { quota[$0] ?? 0 } }
        }
        let sites = index.sites
        let rules = self.rules
        // Only tenants with something to place are asked about (a few, when few services changed).
        var placing = Set(input.grid.modelServices.compactMap(\.metadata.tenant?.name))
        placing.formUnion(input.grid.kubernetesClusters.compactMap(\.metadata.tenant?.name))
        placing.formUnion(input.grid.slurmClusters.compactMap(\.metadata.tenant?.name))
        let tenants = self.tenants
        allowedSites = tenants.indices.map { t in
            placing.contains(tenants[t].metadata.name) ? sites.indices.map { rules[t].verdict(sites[$0]) == .allowed } : []
        }
        minPrice = Array(repeating: .infinity, count: index.models.count)
        for pool in index.pools { minPrice[pool.model] = min(minPrice[pool.model], pool.price) }
    }

    /// Whether tenant `t` may run anything at site `s` (its compliance and every deny policy).
    @inline(__always) func allowed(tenant t: Int, site s: Int) -> Bool {
        allowedSites[t][s]
    }

    func minPrice(of models: [Int]) -> Double {
        models.map { minPrice[$0] }.min() ?? .infinity
    }

    // MARK: Room and cost

    /// Whether site `s` can ever take replicas of `plan` for region `r`, whatever is placed.
    func staticallyFits(_ plan: ServicePlan, region r: Int, site s: Int) -> Bool {
        index.takesReplicas[s] && plan.policy.allows(bit: index.tierBit[s]) && index.rtt(region: r, site: s) <= plan.slo
            && allowed(tenant: plan.tenant, site: s)
    }

    /// How many more replicas of demand `d` pool `p` takes now (0 when none).
    func room(_ d: Int, pool p: Int) -> Int {
        let demand = demands[d]
        let plan = services[demand.service]
        let pool = index.pools[p]
        guard index.admits(pool: p, tenant: plan.tenant, dedicated: dedicated) else { return 0 }
        var room = (pool.limit(utilization: plan.policy.maxUtilization) - pool.used) / plan.perReplica
        if plan.maxPerSite != Int.max { room = min(room, plan.maxPerSite - plan.perSite[pool.site]) }
        if let quota = quotaLeft[plan.tenant] { room = min(room, quota[pool.model] / plan.perReplica) }
        return max(0, room)
    }

    /// Cost of one more replica of demand `d` in pool `p`, move included.
    func cost(_ d: Int, pool p: Int) -> Double {
        let demand = demands[d]
        let plan = services[demand.service]
        let pool = index.pools[p]
        let weights = plan.policy.weights
        var c = weights.latencyPerMs * index.rtt(region: demand.region, site: pool.site)
            + weights.costPerGpuHour * Double(plan.perReplica) * pool.price
        if demand.hadCurrent, placed[d][p, default: 0] >= demand.before[p, default: 0] { c += weights.movePerReplica }
        return c
    }

    // MARK: Changing the state

    func assign(_ d: Int, pool p: Int, replicas n: Int) {
        guard n > 0 else { return }
        let s = demands[d].service
        let plan = services[s]
        let gpus = n * plan.perReplica
        index.add(gpus, pool: p, tenant: plan.tenant, dedicated: dedicated[plan.tenant], utilization: plan.policy.maxUtilization)
        if quotaLeft[plan.tenant] != nil { quotaLeft[plan.tenant]?[index.pools[p].model] -= gpus }
        services[s].perSite.add(n, at: index.pools[p].site)
        services[s].placed += n
        demands[d].remaining -= n
        if placed[d][p] == nil { occupants[p].append(d) }
        placed[d][p, default: 0] += n
    }

    /// Whether demand `d` has replicas in pool `p` beyond those that ran there before: only
    /// those may be moved or taken out to make room.
    func hasNew(_ d: Int, in p: Int) -> Bool {
        placed[d][p, default: 0] > demands[d].before[p, default: 0]
    }

    /// Takes `n` replicas of demand `d` out of pool `p`.
    func unassign(_ d: Int, pool p: Int, replicas n: Int) {
        guard n > 0 else { return }
        if !holdVersion { version += 1 }
        let s = demands[d].service
        let plan = services[s]
        let gpus = n * plan.perReplica
        index.remove(gpus, pool: p, tenant: plan.tenant, dedicated: dedicated[plan.tenant], utilization: plan.policy.maxUtilization)
        if quotaLeft[plan.tenant] != nil { quotaLeft[plan.tenant]?[index.pools[p].model] += gpus }
        services[s].perSite.add(-n, at: index.pools[p].site)
        services[s].placed -= n
        demands[d].remaining += n
        placed[d][p, default: 0] -= n
        if placed[d][p] == 0 {
            placed[d][p] = nil
            occupants[p].removeAll { $0 == d }
        }
    }
}

/// Replicas per site for one service: a short list, since a service runs on a few sites.
/// Cheaper than a dictionary in the hot loops (no hashing).
struct SiteCounts {
    private(set) var entries: [(site: Int, count: Int)] = []

    /// Replicas at `site` (0 when none).
    subscript(site: Int) -> Int {
        for e in entries where e.site == site { return e.count }
        return 0
    }

    func contains(_ site: Int) -> Bool { entries.contains { $0.site == site } }

    /// Distinct sites with replicas.
    var count: Int { entries.count }

    mutating func add(_ n: Int, at site: Int) {
        if let i = entries.firstIndex(where: { $0.site == site }) {
            entries[i].count += n
            if entries[i].count <= 0 { entries.remove(at: i) }
        } else if n > 0 {
            entries.append((site, n))
        }
    }
}

/// How spread repair opens a new site: never by moving other replicas, only at the nearest
/// sites, or also at farther sites with the service's models.
enum SpreadRepair: CaseIterable {
    case none, near, wide
}
