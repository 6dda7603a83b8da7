import GridModel
import GridPlan
import GridStore

extension Reconciler {
    /// Writes the conditions whose status or reason differ from the stored ones (kept in
    /// memory after the first read), and removes those of sites and services that are gone.
    /// A condition that did not change keeps the revision it changed at, so a commit that
    /// touches one service rewrites one service's condition, not every one. Returns the
    /// conditions as stored.
    func saveConditions(_ all: [Condition]) throws -> [Condition] {
        var known = try storedConditions()
        var changed: [Condition] = []
        var next: [ConditionKey: Condition] = [:]
        var effective: [Condition] = []
        effective.reserveCapacity(all.count)
        for c in all {
            let key = ConditionKey(c)
            if let old = known.removeValue(forKey: key), old.status == c.status, old.reason == c.reason {
                next[key] = old
                effective.append(old)
            } else {
                next[key] = c
                effective.append(c)
                changed.append(c)
            }
        }
        let removed = known.values.sorted { ($0.scope.rawValue, $0.name) < ($1.scope.rawValue, $1.name) }
        try store.updateConditions(changed: changed, removed: removed)
        cache.conditions = next
        return effective
    }

    private func storedConditions() throws -> [ConditionKey: Condition] {
        if let conditions = cache.conditions { return conditions }
        var out: [ConditionKey: Condition] = [:]
        for c in try store.conditions() { out[ConditionKey(c.condition)] = c.condition }
        return out
    }

    /// Per site and per ModelService: Ready, Progressing, Degraded, Offline or Stalled, with
    /// the reason a person needs. A service is Offline (or Stalled) only when every site it
    /// runs on is; with some of them down it is Degraded.
    func conditions(_ report: PassReport, manifests: ManifestSet) -> [Condition] {
        let revision = report.inForce?.sha ?? ""
        var out: [Condition] = []
        var siteStatus: [String: Condition.Status] = [:]
        var reported: [String: Int] = [:]
        for plan in report.plans { reported[plan.site] = plan.drift.count { !$0.healing } }
        for s in report.sites {
            let (status, reason): (Condition.Status, String)
            if let stalled = s.stalled {
                (status, reason) = (.stalled, stalled)
            } else if let unreachable = s.unreachable {
                (status, reason) = (.offline, unreachable)
            } else if let first = s.failed.first {
                (status, reason) = (.degraded, "\(s.failed.count) action(s) failed; first: \(first.action): \(first.error)")
            } else if s.held > 0 {
                (status, reason) = (.progressing, "\(s.held) deletion(s) held until their service runs elsewhere")
            } else if !s.blocked.isEmpty {
                (status, reason) = (.stalled, "\(s.blocked[0]) is held by a resource gridops does not manage")
            } else {
                let drift = reported[s.site] ?? 0
                (status, reason) = (.ready, s.done > 0 ? "\(s.done) action(s) applied" : drift > 0 ? "\(drift) drifted resource(s) reported" : "in sync")
            }
            siteStatus[s.site] = status
            out.append(Condition(scope: .site, name: s.site, status: status, reason: reason, revision: revision))
        }

        var sitesOf: [String: Set<String>] = [:]
        var placedOf: [String: Int] = [:]
        for a in report.placement?.assignments ?? [] {
            sitesOf["\(a.tenant)/\(a.service)", default: []].insert(a.site)
            placedOf["\(a.tenant)/\(a.service)", default: 0] += a.replicas
        }
        var unplaced: [String: (Int, String)] = [:]
        for u in report.placement?.unplaced ?? [] where !u.region.isEmpty {
            let key = "\(u.tenant)/\(u.service)"
            unplaced[key] = ((unplaced[key]?.0 ?? 0) + u.replicas, unplaced[key]?.1 ?? u.reason)
        }
        var failedAt: [String: String] = [:]
        for s in report.sites {
            for (action, error) in s.failed where action.id.kind == .deployment {
                failedAt["\(action.id.tenant)/\(action.id.name)"] = "\(s.site): \(error)"
            }
        }
        var rollouts: [String: ServiceRollout] = [:]
        for r in report.rollouts { rollouts[r.qualifiedName] = r }
        for service in manifests.modelServices {
            let key = service.metadata.qualifiedName
            let sites = (sitesOf[key] ?? []).sorted()
            let placed = placedOf[key] ?? 0
            let (status, reason): (Condition.Status, String)
            if let r = rollouts[key], r.phase == .failed || r.phase == .aborted {
                (status, reason) = (.degraded, "rollout \(r.phase.rawValue.lowercased()): \(r.reason)"
                    + (r.rolledBack ? "; held at the previous version until a new commit changes the service" : ""))
            } else if let failure = failedAt[key] {
                (status, reason) = (.degraded, "an action failed at \(failure)")
            } else if let (site, down) = sites.lazy.compactMap({ site in
                siteStatus[site].flatMap { $0 == .offline || $0 == .stalled ? (site, $0) : nil }
            }).first {
                // Down everywhere it runs: Offline (or Stalled). Elsewhere it still serves: Degraded.
                let downSites = sites.filter { siteStatus[$0] == .offline || siteStatus[$0] == .stalled }
                if downSites.count == sites.count {
                    (status, reason) = (down, sites.count == 1 ? "\(site) is \(down.rawValue.lowercased())"
                        : "every site it runs on is offline or stalled: \(downSites.joined(separator: ", "))")
                } else {
                    let what = downSites.count == 1 ? "\(site) is \(down.rawValue.lowercased())"
                        : "\(downSites.joined(separator: ", ")) are offline or stalled"
                    (status, reason) = (.degraded, "\(what); \(sites.count - downSites.count) of \(sites.count) site(s) serve")
                }
            } else if let (count, why) = unplaced[key] {
                (status, reason) = (.degraded, "\(count) of \(service.replicas) replica(s) unplaced: \(why)")
            } else if let r = rollouts[key] {
                (status, reason) = (.progressing, "rollout \(r.phase == .paused ? "paused" : "going out") at wave \(r.wave + 1) of \(r.waves.count)")
            } else if sites.contains(where: { siteStatus[$0] == .progressing }) {
                (status, reason) = (.progressing, "rolling out")
            } else {
                (status, reason) = (.ready, "\(placed) replica(s) on \(sites.count) site(s)")
            }
            out.append(Condition(scope: .service, name: key, status: status, reason: reason, revision: revision))
        }
        return out
    }
}
