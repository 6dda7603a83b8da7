import Foundation
import Hummingbird
import GridModel
import GridPlan
import GridReconciler
import GridStore

// What a tenant token may see too: its tenant, services, placements, drift, rollouts, events.

extension GridAPI {
    func tenant(_ name: String, _ caller: Caller) throws(APIFailure) -> APITenant {
        guard caller.sees(name) else { throw .forbidden("tenant '\(name)'") }
        guard let report = board.latest?.report, let manifests = report.manifests,
              let t = manifests.tenants.first(where: { $0.metadata.name == name }) else {
            throw APIFailure(.notFound, "no tenant '\(name)'")
        }
        var perReplica: [String: Int] = [:]
        for s in manifests.modelServices where s.metadata.tenant?.name == name { perReplica[s.metadata.name] = s.gpusPerReplica }
        var used: [String: Int] = [:]
        for a in report.placement?.assignments ?? [] where a.tenant == name {
            used[a.gpuModel, default: 0] += a.replicas * (perReplica[a.service] ?? 1)
        }
        for r in report.placement?.reservations ?? [] where r.tenant == name { used[r.gpuModel, default: 0] += r.gpus }
        let owned = { (m: Metadata) in m.tenant?.name == name }
        return APITenant(
            name: name, priority: t.priority, isolation: t.isolation.rawValue, quota: t.quota, gpusInUse: used,
            services: manifests.modelServices.filter { owned($0.metadata) }.map(\.metadata.name).sorted(),
            clusters: (manifests.kubernetesClusters.map(\.metadata) + manifests.slurmClusters.map(\.metadata)).filter(owned).map(\.name).sorted())
    }

    /// The tenant a list is narrowed to: the `tenant` filter, a tenant token's own tenant, or
    /// none. A tenant token naming another tenant is refused, as `/tenants/{name}` is.
    private func tenantScope(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> String? {
        switch caller {
        case .admin:
            return query["tenant"]
        case .tenant(let own):
            if let asked = query["tenant"], asked != own { throw .forbidden("tenant '\(asked)'") }
            return own
        }
    }

    func services(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> APIServiceList {
        let snap = snapshot
        let tenant = try tenantScope(query, caller)
        let (site, condition) = (query["site"], query["condition"])
        let page = ListPage(snap.services, keys: snap.serviceKeys, query: query,
                            matches: tenant == nil && site == nil && condition == nil ? nil : { s in
            (tenant == nil || s.tenant == tenant) && (condition == nil || s.condition == condition)
                && (site.map { site in s.placement.contains { $0.site == site } } ?? true)
        })
        return APIServiceList(services: page.items, metadata: page.metadata)
    }

    func placements(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> APIPlacements {
        let snap = snapshot
        let tenant = try tenantScope(query, caller)
        let site = query["site"]
        let page = ListPage(snap.placements, keys: snap.placementKeys, query: query,
                            matches: tenant == nil && site == nil ? nil : { item in
            (tenant == nil || item.tenant == tenant) && (site == nil || item.site == site)
        })
        var out = APIPlacements(revision: board.latest?.report.placement?.revision, assignments: [], reservations: [], unplaced: [],
                                metadata: page.metadata)
        for item in page.items {
            switch item {
            case .assignment(let a): out.assignments.append(a)
            case .reservation(let r): out.reservations.append(r)
            case .unplaced(let u): out.unplaced.append(u)
            }
        }
        return out
    }

    func drift(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> APIDrift {
        let snap = snapshot
        let tenant = try tenantScope(query, caller)
        let site = query["site"]
        let page = ListPage(snap.drift, keys: snap.driftKeys, query: query, matches: tenant == nil && site == nil ? nil : { item in
            (tenant == nil || item.tenant == tenant) && (site == nil || item.site == site)
        })
        return APIDrift(observedAt: snap.finished, items: page.items, metadata: page.metadata)
    }

    /// The latest rollout of each service, newest first (the store keeps at most 1000 of them).
    func rollouts(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> APIRolloutList {
        let tenant = try tenantScope(query, caller)
        let phase = query["phase"]
        let rollouts = try storeRead { () throws(StoreError) in try store.rollouts() }.filter {
            (tenant == nil || $0.tenant == tenant) && (phase == nil || $0.phase.rawValue == phase)
        }
        // Newest first: the key counts down as the id counts up.
        let keys = rollouts.map { String(format: "%020lld", Int64.max - $0.id) }
        let page = ListPage(rollouts, keys: keys, query: query)
        return APIRolloutList(rollouts: page.items.map { r in
            APIRollout(id: Int(r.id), tenant: r.tenant, service: r.service, phase: r.phase.rawValue, wave: r.wave + 1,
                       waves: r.waves.map { .init(sites: $0.sites, started: $0.started, healthy: $0.healthy) },
                       fromVersion: ResourceSpec(canonical: r.fromTemplate)["version"] ?? "",
                       toVersion: ResourceSpec(canonical: r.toTemplate)["version"] ?? "",
                       revision: r.revision, pullRequest: r.pullRequest, author: r.author, message: r.message, reason: r.reason,
                       rolledBack: r.rolledBack, created: r.created, updated: r.updated)
        }, metadata: page.metadata)
    }

    func previews(_ caller: Caller) throws(APIFailure) -> APIPreviewList {
        guard caller == .admin else { throw .forbidden("previews") }
        let previews = try storeRead { () throws(StoreError) in try store.previews() }
        return APIPreviewList(previews: previews.map {
            APIPreview(id: $0.id, ref: $0.ref, base: $0.base, head: $0.head, at: $0.at, valid: $0.valid, errors: $0.errors,
                       warnings: $0.warnings, actions: $0.actions)
        })
    }

    /// Events after `since`, oldest first; a tenant sees those about its own resources.
    /// With `tail`, the newest `tail` events instead (oldest first): where a page that just opened starts.
    func events(since: Int64, limit: Int, tail: Int? = nil, _ caller: Caller) throws(APIFailure) -> APIEvents {
        let events = try storeRead { () throws(StoreError) in
            if let tail { return try store.latestEvents(limit: tail) }
            return try store.events(since: since, limit: limit)
        }
        let visible = events.filter { e in
            caller == .admin || ResourceID(e.resource).map { caller.sees($0.tenant) } == true
        }
        return APIEvents(
            events: visible.map {
                .init(id: Int($0.id), at: $0.at, level: $0.level.rawValue, revision: $0.revision, site: $0.site, resource: $0.resource,
                      message: $0.message)
            },
            next: Int(events.last?.id ?? since))
    }
}
