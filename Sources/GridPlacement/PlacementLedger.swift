public import GridModel

/// What a placement holds, pool by pool and tenant by tenant, kept next to it so the next
/// commit's changed services are placed against it without going over every assignment
/// again (see `Placer.placeChanged`).
///
/// Valid for the placement it describes, placed with the same sites, policies and observed
/// snapshot; the caller keeps it with them. Never changed once made (each use copies its
/// index), so it can be shared.
public struct PlacementLedger: @unchecked Sendable {
    /// Every site and pool, with foreign use, reservations and every replica applied.
    let index: GridIndex
    /// GPUs held per tenant and model: replicas and reservations.
    let tenantUse: [String: [String: Int]]
    /// The placement it describes, to catch a ledger handed in with another.
    let revision: String?
    let assignmentCount: Int

    init(index: GridIndex, placement: Placement, tenantUse: [String: [String: Int]]) {
        self.index = index
        self.tenantUse = tenantUse
        revision = placement.revision
        assignmentCount = placement.assignments.count
    }

    /// Made from scratch: `placement` applied to the pools of `grid` (its manifests) with
    /// `observed` foreign use. Nil when the placement is not in the order placement writes
    /// (tenant, service, region, site, model), or names what the grid does not have.
    public init?(_ placement: Placement, grid: ManifestSet, observed: ObservedSnapshot) {
        guard zip(placement.assignments, placement.assignments.dropFirst()).allSatisfy({ !(Placer.order($1, $0)) }) else { return nil }
        let index = GridIndex(grid: grid, observed: observed)
        let tenants = TenantTable(grid)
        let policies = PolicyTable(grid)
        var services: [ServiceKey: ModelService] = [:]
        for s in grid.modelServices { services[ServiceKey(s)] = s }
        var use: [String: [String: Int]] = [:]
        for r in placement.reservations {
            guard let p = index.pool(site: r.site, model: r.gpuModel), let t = tenants.index[r.tenant] else { return nil }
            index.add(r.gpus, pool: p, tenant: t, dedicated: tenants.dedicated[t], utilization: nil)
            use[r.tenant, default: [:]][r.gpuModel, default: 0] += r.gpus
        }
        for a in placement.assignments {
            guard let service = services[ServiceKey(tenant: a.tenant, name: a.service)],
                  let p = index.pool(site: a.site, model: a.gpuModel), let t = tenants.index[a.tenant] else { return nil }
            let gpus = a.replicas * service.gpusPerReplica
            index.add(gpus, pool: p, tenant: t, dedicated: tenants.dedicated[t], utilization: policies.utilization(service))
            use[a.tenant, default: [:]][a.gpuModel, default: 0] += gpus
        }
        self.init(index: index, placement: placement, tenantUse: use)
    }

    func describes(_ placement: Placement) -> Bool {
        revision == placement.revision && assignmentCount == placement.assignments.count
    }
}

/// Tenants as the engine indexes them: in name order.
struct TenantTable {
    var index: [String: Int] = [:]
    var dedicated: [Bool] = []

    init(_ m: ManifestSet) {
        let sorted = m.tenants.sorted { $0.metadata.name < $1.metadata.name }
        for (i, t) in sorted.enumerated() where index[t.metadata.name] == nil { index[t.metadata.name] = i }
        dedicated = sorted.map { $0.isolation == .dedicated }
    }
}

struct ServiceKey: Hashable {
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

/// Each workload class's policy, by name.
struct PolicyTable {
    var byClass: [String: ClassPolicy] = [:]

    init(_ m: ManifestSet) {
        for p in m.placementPolicies where byClass[p.workloadClass] == nil { byClass[p.workloadClass] = ClassPolicy(p) }
    }

    func policy(_ s: ModelService) -> ClassPolicy {
        byClass[s.workloadClass.name] ?? .fallback(s.workloadClass.name)
    }

    func utilization(_ s: ModelService) -> Double { policy(s).maxUtilization }
}

extension Placer {
    /// The order of placement's assignments: tenant, service, region, site, model.
    static func order(_ a: Placement.Assignment, _ b: Placement.Assignment) -> Bool {
        (a.tenant, a.service, a.region, a.site, a.gpuModel) < (b.tenant, b.service, b.region, b.site, b.gpuModel)
    }

    /// A full placement, and its ledger for the commits that follow.
    public static func placeKeepingLedger(_ input: PlacementInput) -> (placement: Placement, ledger: PlacementLedger) {
        let (engine, placement) = settle(input)
        var use: [String: [String: Int]] = [:]
        var gpusPerReplica: [ServiceKey: Int] = [:]
        for s in input.grid.modelServices { gpusPerReplica[ServiceKey(s)] = s.gpusPerReplica }
        for r in placement.reservations { use[r.tenant, default: [:]][r.gpuModel, default: 0] += r.gpus }
        for a in placement.assignments {
            use[a.tenant, default: [:]][a.gpuModel, default: 0] += a.replicas * (gpusPerReplica[ServiceKey(tenant: a.tenant, name: a.service)] ?? 0)
        }
        return (placement, PlacementLedger(index: engine.index, placement: placement, tenantUse: use))
    }
}
