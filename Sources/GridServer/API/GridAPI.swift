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
    /// The lists and aggregates of the last pass, built once per pass.
    let cache = SnapshotCache()

    public init(board: PassBoard, store: GridStore, wakeup: Wakeup) {
        self.board = board
        self.store = store
        self.wakeup = wakeup
        // The pass that posts prepares what the API serves from it, so no request waits for that.
        board.onPost { [cache] report, finished in cache.rebuild(report, finished: finished) }
    }

    /// The first pass has finished.
    var ready: Bool { board.latest != nil }

    func status(_ caller: Caller) throws(APIFailure) -> APIStatus {
        guard caller == .admin else { throw .forbidden("the grid's status") }
        let latest = board.latest
        let report = latest?.report
        let state = try storeRead { () throws(StoreError) in try store.controllerState() }
        let summary = snapshot.adminSummary
        return APIStatus(
            revision: report?.inForce.map { .init(sha: $0.sha, message: $0.message, author: $0.author) },
            refused: state.latest.flatMap { $0.valid ? nil : .init(sha: $0.sha, reason: $0.reason) },
            ready: latest != nil,
            lastPass: latest.map { l in
                .init(finishedAt: l.finished, durationMs: Int(l.report.duration * 1000), converged: l.report.converged,
                      actionsPlanned: l.report.planned, actionsDone: l.report.done, actionsFailed: l.report.failed,
                      notConverged: Array(l.report.whyNotConverged.prefix(20)))
            },
            counts: .init(sites: summary.sites?.sites ?? 0, sitesByCondition: (summary.byCondition ?? [:]).mapValues(\.sites),
                          services: summary.services, servicesByCondition: summary.servicesByCondition,
                          gpus: summary.sites?.capacity ?? 0, gpusInUse: summary.sites?.inUse ?? 0,
                          driftedResources: summary.driftedResources,
                          unplacedReplicas: report?.placement?.unplaced.reduce(0) { $0 + $1.replicas } ?? 0,
                          activeRollouts: report?.rollouts.count ?? 0))
    }

    func sites(_ query: ListQuery, _ caller: Caller) throws(APIFailure) -> APISiteList {
        guard caller == .admin else { throw .forbidden("sites") }
        let snap = snapshot
        let (condition, tier, region, tenant) = (query["condition"], query["tier"], query["region"], query["tenant"])
        let filtered = condition != nil || tier != nil || region != nil || tenant != nil
        let matches: ((APISite) -> Bool)? = !filtered ? nil : { s in
            (condition == nil || s.condition == condition) && (tier == nil || s.tier == tier)
                && (region == nil || s.region == region) && (tenant.map { s.tenants.contains($0) } ?? true)
        }
        let page = ListPage(snap.sites, keys: snap.siteKeys, query: query, matches: matches)
        return APISiteList(sites: page.items, metadata: page.metadata)
    }

    func site(_ name: String, _ caller: Caller) throws(APIFailure) -> APISite {
        guard caller == .admin else { throw .forbidden("sites") }
        let snap = snapshot
        let i = snap.siteKeys.partitionPoint { $0 >= name }
        guard i < snap.sites.count, snap.siteKeys[i] == name else { throw APIFailure(.notFound, "no site '\(name)'") }
        var out = snap.sites[i]
        out.resources = (board.latest?.report.observations[name]?.resources ?? []).map {
            .init(id: $0.id.description, kind: $0.id.kind.rawValue, tenant: $0.id.tenant, name: $0.id.name, managed: $0.managed,
                  status: $0.status.rawValue)
        }
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
