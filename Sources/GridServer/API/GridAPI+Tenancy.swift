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

    func services(_ caller: Caller) -> APIServiceList {
        guard let report = board.latest?.report, let manifests = report.manifests else { return APIServiceList(services: []) }
        var placed: [String: [APIService.Placed]] = [:]
        for a in report.placement?.assignments ?? [] where caller.sees(a.tenant) {
            placed["\(a.tenant)/\(a.service)", default: []].append(.init(site: a.site, gpuModel: a.gpuModel, replicas: a.replicas))
        }
        var unplaced: [String: Int] = [:]
        for u in report.placement?.unplaced ?? [] { unplaced["\(u.tenant)/\(u.service)", default: 0] += u.replicas }
        var conditions: [String: Condition] = [:]
        for c in report.conditions where c.scope == .service { conditions[c.name] = c }
        var rollouts: [String: String] = [:]
        for r in report.rollouts { rollouts[r.qualifiedName] = r.phase.rawValue }
        let services = manifests.modelServices.filter { caller.sees($0.metadata.tenant?.name ?? "") }.map { s in
            let key = s.metadata.qualifiedName
            let here = placed[key] ?? []
            return APIService(tenant: s.metadata.tenant?.name ?? "", name: s.metadata.name, model: s.modelName, version: s.modelVersion,
                              replicas: s.replicas, placedReplicas: here.reduce(0) { $0 + $1.replicas },
                              unplacedReplicas: unplaced[key] ?? 0, placement: here,
                              condition: conditions[key]?.status.rawValue ?? "Unknown", reason: conditions[key]?.reason ?? "",
                              rollout: rollouts[key])
        }
        return APIServiceList(services: services.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) })
    }

    func placements(_ caller: Caller) -> APIPlacements {
        let placement = board.latest?.report.placement
        return APIPlacements(revision: placement?.revision,
                             assignments: (placement?.assignments ?? []).filter { caller.sees($0.tenant) },
                             reservations: (placement?.reservations ?? []).filter { caller.sees($0.tenant) },
                             unplaced: (placement?.unplaced ?? []).filter { caller.sees($0.tenant) })
    }

    func drift(_ caller: Caller) -> APIDrift {
        let latest = board.latest
        let items = (latest?.report.drift ?? []).filter { caller.sees($0.resource.tenant) }.map {
            APIDrift.Item(site: $0.site, resource: $0.resource.description, tenant: $0.resource.tenant, drift: $0.kind.rawValue,
                          fields: $0.fields.map { .init(field: $0.field, desired: $0.desired, observed: $0.observed) },
                          policy: $0.policy.rawValue, healing: $0.healing)
        }
        return APIDrift(observedAt: latest?.finished, items: items)
    }

    func rollouts(_ caller: Caller) throws(APIFailure) -> APIRolloutList {
        let rollouts = try storeRead { () throws(StoreError) in try store.rollouts() }
        return APIRolloutList(rollouts: rollouts.filter { caller.sees($0.tenant) }.map { r in
            APIRollout(id: Int(r.id), tenant: r.tenant, service: r.service, phase: r.phase.rawValue, wave: r.wave + 1,
                       waves: r.waves.map { .init(sites: $0.sites, started: $0.started, healthy: $0.healthy) },
                       fromVersion: ResourceSpec(canonical: r.fromTemplate)["version"] ?? "",
                       toVersion: ResourceSpec(canonical: r.toTemplate)["version"] ?? "",
                       revision: r.revision, pullRequest: r.pullRequest, author: r.author, message: r.message, reason: r.reason,
                       rolledBack: r.rolledBack, created: r.created, updated: r.updated)
        })
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
    func events(since: Int64, limit: Int, _ caller: Caller) throws(APIFailure) -> APIEvents {
        let events = try storeRead { () throws(StoreError) in try store.events(since: since, limit: limit) }
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
