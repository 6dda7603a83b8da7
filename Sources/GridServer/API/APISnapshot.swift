import Foundation
import GridModel
import GridPlan
import GridReconciler

/// What the list routes, the summary and the map read, built once per pass from its report:
/// every list sorted by its key (the order pages follow), and the admin's aggregates. At
/// 10,000 sites and 100,000 services a page or the summary is then a binary search and the
/// encoding of what is answered, not a walk over the whole grid per request.
final class APISnapshot: Sendable {
    /// One entry of `/placements`, in page order: assignments, then reservations, then unplaced.
    enum PlacementItem: Sendable {
        case assignment(Placement.Assignment)
        case reservation(Placement.Reservation)
        case unplaced(Placement.Unplaced)

        var tenant: String {
            switch self {
            case .assignment(let a): a.tenant
            case .reservation(let r): r.tenant
            case .unplaced(let u): u.tenant
            }
        }

        /// nil for unplaced replicas: they are at no site.
        var site: String? {
            switch self {
            case .assignment(let a): a.site
            case .reservation(let r): r.site
            case .unplaced: nil
            }
        }
    }

    /// A site as the map needs it.
    struct Point: Sendable {
        var name: String
        var lat: Double
        var lon: Double
        var condition: String
        var gpus: Int
        var inUse: Int
    }

    let finished: Date?
    let revision: String?
    let sites: [APISite]
    let siteKeys: [String]
    let points: [Point]
    let services: [APIService]
    let serviceKeys: [String]
    let placements: [PlacementItem]
    let placementKeys: [String]
    let drift: [APIDrift.Item]
    let driftKeys: [String]
    /// Every tenant's share, by name (tenants with nothing placed included).
    let shares: [String: APISummary.TenantShare]
    /// The summary an admin gets.
    let adminSummary: APISummary

    /// Keys join their parts with U+0001, below every printable character, so the joined
    /// string sorts as the tuple of its parts does.
    static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1}") }

    init(report: PassReport?, finished: Date?) {
        self.finished = finished
        revision = report?.inForce?.sha
        let manifests = report?.manifests
        let placement = report?.placement

        // Sites, by name.
        var siteConditions: [String: Condition] = [:]
        var serviceConditions: [String: Condition] = [:]
        for c in report?.conditions ?? [] {
            if c.scope == .site { siteConditions[c.name] = c } else { serviceConditions[c.name] = c }
        }
        var tenantsBySite: [String: Set<String>] = [:]
        for a in placement?.assignments ?? [] { tenantsBySite[a.site, default: []].insert(a.tenant) }
        for r in placement?.reservations ?? [] { tenantsBySite[r.site, default: []].insert(r.tenant) }
        let sites = (manifests?.sites ?? []).map { s in
            APISnapshot.site(s, observed: report?.observations[s.metadata.name], condition: siteConditions[s.metadata.name],
                             tenants: tenantsBySite[s.metadata.name] ?? [])
        }.sorted { $0.name < $1.name }
        self.sites = sites
        siteKeys = sites.map(\.name)
        points = sites.map {
            Point(name: $0.name, lat: $0.location.lat, lon: $0.location.lon, condition: $0.condition,
                  gpus: $0.gpus.reduce(0) { $0 + $1.capacity }, inUse: $0.gpus.reduce(0) { $0 + $1.inUse })
        }

        // Services, by tenant and name.
        var placed: [String: [APIService.Placed]] = [:]
        for a in placement?.assignments ?? [] {
            placed["\(a.tenant)/\(a.service)", default: []].append(.init(site: a.site, gpuModel: a.gpuModel, replicas: a.replicas))
        }
        var unplaced: [String: Int] = [:]
        for u in placement?.unplaced ?? [] { unplaced["\(u.tenant)/\(u.service)", default: 0] += u.replicas }
        var rollouts: [String: String] = [:]
        for r in report?.rollouts ?? [] { rollouts[r.qualifiedName] = r.phase.rawValue }
        var perReplica: [String: Int] = [:]
        var services: [APIService] = []
        services.reserveCapacity(manifests?.modelServices.count ?? 0)
        for s in manifests?.modelServices ?? [] {
            let key = s.metadata.qualifiedName
            perReplica[key] = s.gpusPerReplica
            let here = placed[key] ?? []
            services.append(APIService(
                tenant: s.metadata.tenant?.name ?? "", name: s.metadata.name, model: s.modelName, version: s.modelVersion,
                replicas: s.replicas, placedReplicas: here.reduce(0) { $0 + $1.replicas }, unplacedReplicas: unplaced[key] ?? 0,
                placement: here, condition: serviceConditions[key]?.status.rawValue ?? "Unknown",
                reason: serviceConditions[key]?.reason ?? "", rollout: rollouts[key]))
        }
        var serviceKeys = services.map { APISnapshot.key($0.tenant, $0.name) }
        APISnapshot.sort(&services, by: &serviceKeys)
        self.services = services
        self.serviceKeys = serviceKeys

        // Placements: assignments, reservations, unplaced, each by its fields.
        var items: [PlacementItem] = []
        var itemKeys: [String] = []
        for a in placement?.assignments ?? [] {
            items.append(.assignment(a))
            itemKeys.append(APISnapshot.key("a", a.tenant, a.service, a.region, a.site, a.gpuModel))
        }
        for r in placement?.reservations ?? [] {
            items.append(.reservation(r))
            itemKeys.append(APISnapshot.key("r", r.tenant, r.kind, r.name, r.site, r.gpuModel))
        }
        for u in placement?.unplaced ?? [] {
            items.append(.unplaced(u))
            itemKeys.append(APISnapshot.key("u", u.tenant, u.service, u.region, u.reason))
        }
        APISnapshot.sort(&items, by: &itemKeys)
        placements = items
        placementKeys = itemKeys

        // Drift, by site and resource.
        var drift = (report?.drift ?? []).map {
            APIDrift.Item(site: $0.site, resource: $0.resource.description, tenant: $0.resource.tenant, drift: $0.kind.rawValue,
                          fields: $0.fields.map { .init(field: $0.field, desired: $0.desired, observed: $0.observed) },
                          policy: $0.policy.rawValue, healing: $0.healing)
        }
        var driftKeys = drift.map { APISnapshot.key($0.site, $0.resource) }
        APISnapshot.sort(&drift, by: &driftKeys)
        self.drift = drift
        self.driftKeys = driftKeys

        // Tenants' shares.
        var shares: [String: APISummary.TenantShare] = [:]
        for t in manifests?.tenants ?? [] {
            shares[t.metadata.name] = .init(name: t.metadata.name, services: 0, placedReplicas: 0, unplacedReplicas: 0, gpus: 0)
        }
        for s in services {
            var share = shares[s.tenant] ?? .init(name: s.tenant, services: 0, placedReplicas: 0, unplacedReplicas: 0, gpus: 0)
            share.services += 1
            share.placedReplicas += s.placedReplicas
            share.unplacedReplicas += s.unplacedReplicas
            share.gpus += s.placedReplicas * (perReplica["\(s.tenant)/\(s.name)"] ?? 1)
            shares[s.tenant] = share
        }
        for r in placement?.reservations ?? [] { shares[r.tenant]?.gpus += r.gpus }
        self.shares = shares
        adminSummary = APISnapshot.summary(sites: sites, services: services, shares: Array(shares.values),
                                           drifted: drift.count, revision: revision, observedAt: finished)
    }

    private static func site(_ s: Site, observed: SiteObservation?, condition: Condition?, tenants: Set<String>) -> APISite {
        var capacity: [String: Int] = [:]
        for pool in s.gpus { capacity[pool.model, default: 0] += pool.count }
        return APISite(
            name: s.metadata.name, region: s.region.name, tier: s.tier.rawValue, jurisdiction: s.jurisdiction,
            location: .init(lat: s.location.lat, lon: s.location.lon), maintenance: s.maintenance,
            condition: condition?.status.rawValue ?? "Unknown", reason: condition?.reason ?? "", reachable: observed != nil,
            gpus: capacity.keys.sorted().map { APIGPUPool(model: $0, capacity: capacity[$0] ?? 0, inUse: observed?.gpusUsed[$0] ?? 0) },
            tenants: tenants.sorted(), resources: nil)
    }

    /// Sorts `items` and `keys` (parallel) by key.
    private static func sort<T>(_ items: inout [T], by keys: inout [String]) {
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        items = order.map { items[$0] }
        keys = order.map { keys[$0] }
    }
}
