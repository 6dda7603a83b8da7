import Foundation
import Hummingbird
import GridModel
import GridPlan
public import GridReconciler
public import GridStore

/// The API's answers, built from the last finished pass (`PassBoard`) and the store. Pure
/// reads: nothing here changes the grid except `reconcile`, which only wakes the daemon.
public struct GridAPI: Sendable {
    public let board: PassBoard
    public let store: GridStore
    public let wakeup: Wakeup

    public init(board: PassBoard, store: GridStore, wakeup: Wakeup) {
        self.board = board
        self.store = store
        self.wakeup = wakeup
    }

    /// The first pass has finished.
    var ready: Bool { board.latest != nil }

    func status(_ caller: Caller) throws(APIFailure) -> APIStatus {
        guard caller == .admin else { throw .forbidden("the grid's status") }
        let latest = board.latest
        let report = latest?.report
        let state = try storeRead { () throws(StoreError) in try store.controllerState() }
        var sitesByCondition: [String: Int] = [:]
        var servicesByCondition: [String: Int] = [:]
        for c in report?.conditions ?? [] {
            if c.scope == .site { sitesByCondition[c.status.rawValue, default: 0] += 1 } else { servicesByCondition[c.status.rawValue, default: 0] += 1 }
        }
        let sites = report?.manifests?.sites ?? []
        let capacity = sites.reduce(0) { $0 + $1.gpus.reduce(0) { $0 + $1.count } }
        let inUse = report?.observations.values.reduce(0) { $0 + $1.gpusUsed.values.reduce(0, +) } ?? 0
        return APIStatus(
            revision: report?.inForce.map { .init(sha: $0.sha, message: $0.message, author: $0.author) },
            refused: state.latest.flatMap { $0.valid ? nil : .init(sha: $0.sha, reason: $0.reason) },
            ready: latest != nil,
            lastPass: latest.map { l in
                .init(finishedAt: l.finished, durationMs: Int(l.report.duration * 1000), converged: l.report.converged,
                      actionsPlanned: l.report.planned, actionsDone: l.report.done, actionsFailed: l.report.failed,
                      notConverged: Array(l.report.whyNotConverged.prefix(20)))
            },
            counts: .init(sites: sites.count, sitesByCondition: sitesByCondition,
                          services: report?.manifests?.modelServices.count ?? 0, servicesByCondition: servicesByCondition,
                          gpus: capacity, gpusInUse: inUse, driftedResources: report?.drift.count ?? 0,
                          unplacedReplicas: report?.placement?.unplaced.reduce(0) { $0 + $1.replicas } ?? 0,
                          activeRollouts: report?.rollouts.count ?? 0))
    }

    func sites(_ caller: Caller) throws(APIFailure) -> APISiteList {
        guard caller == .admin else { throw .forbidden("sites") }
        guard let report = board.latest?.report else { return APISiteList(sites: []) }
        let conditions = siteConditions(report)
        let tenants = tenantsBySite(report)
        return APISiteList(sites: (report.manifests?.sites ?? []).map { site(for: $0, report, conditions, tenants) })
    }

    func site(_ name: String, _ caller: Caller) throws(APIFailure) -> APISite {
        guard caller == .admin else { throw .forbidden("sites") }
        guard let report = board.latest?.report, let s = report.manifests?.sites.first(where: { $0.metadata.name == name }) else {
            throw APIFailure(.notFound, "no site '\(name)'")
        }
        var out = site(for: s, report, siteConditions(report), tenantsBySite(report))
        out.resources = (report.observations[name]?.resources ?? []).map {
            .init(id: $0.id.description, kind: $0.id.kind.rawValue, tenant: $0.id.tenant, name: $0.id.name, managed: $0.managed,
                  status: $0.status.rawValue)
        }
        return out
    }

    private func site(for s: Site, _ report: PassReport, _ conditions: [String: Condition],
                      _ tenants: [String: Set<String>]) -> APISite {
        let name = s.metadata.name
        let observed = report.observations[name]
        var capacity: [String: Int] = [:]
        for pool in s.gpus { capacity[pool.model, default: 0] += pool.count }
        let condition = conditions[name]
        return APISite(
            name: name, region: s.region.name, tier: s.tier.rawValue, jurisdiction: s.jurisdiction,
            location: .init(lat: s.location.lat, lon: s.location.lon), maintenance: s.maintenance,
            condition: condition?.status.rawValue ?? "Unknown", reason: condition?.reason ?? "",
            reachable: observed != nil,
            gpus: capacity.keys.sorted().map { APIGPUPool(model: $0, capacity: capacity[$0] ?? 0, inUse: observed?.gpusUsed[$0] ?? 0) },
            tenants: (tenants[name] ?? []).sorted(), resources: nil)
    }

    private func siteConditions(_ report: PassReport) -> [String: Condition] {
        var out: [String: Condition] = [:]
        for c in report.conditions where c.scope == .site { out[c.name] = c }
        return out
    }

    private func tenantsBySite(_ report: PassReport) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for a in report.placement?.assignments ?? [] { out[a.site, default: []].insert(a.tenant) }
        for r in report.placement?.reservations ?? [] { out[r.site, default: []].insert(r.tenant) }
        return out
    }

    /// `POST /api/v1/reconcile`: the daemon looks again at once.
    func reconcile(_ caller: Caller) throws(APIFailure) -> APIReconcileRequested {
        guard caller == .admin else { throw .forbidden("reconcile requests") }
        wakeup.poke()
        return APIReconcileRequested(requested: true)
    }
}

/// A store read, its failure a 500 that says what could not be read.
func storeRead<T>(_ body: () throws(StoreError) -> T) throws(APIFailure) -> T {
    do {
        return try body()
    } catch {
        throw APIFailure(.internalServerError, "\(error)")
    }
}
