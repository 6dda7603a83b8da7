import GridDrivers
import GridModel
import GridPlan
import GridStore

/// The last pass's diff, site by site in the manifests' order, with what every site's diff
/// depends on besides its own observation, applied records and refusals.
struct DiffCache {
    var sites: [Site]
    var tenants: [Tenant]
    var policy: DriftPolicy
    var desired: DesiredState
    /// The version of the cached rendering `desired` is, when it is one (no rollout applied).
    var rendering: Int?
    /// Site name to position.
    var position: [String: Int]
    /// Per site: its plan (nil when it did not answer) and its result.
    var plans: [SitePlan?]
    var results: [SiteResult]
    /// The sites without a plan.
    var unanswered: Set<Int>
}

extension Reconciler {
    /// Diffs every site that answered against its desired resources and fills the report's
    /// plans and site results. A site is diffed again only when something its diff depends
    /// on changed since the last pass: its desired resources, its observation's content, its
    /// applied records or refusals (an action ran there), the sites, tenants or drift policy;
    /// a site that did not answer is looked at every pass. The others keep their last plan
    /// and result, so a pass where little changed costs little.
    ///
    /// - Parameter rendering: what is known of `desired` as a cached rendering (empty when a
    ///   rollout was applied to it): the sites where it differs from the last pass's are then
    ///   known without comparing every site's list.
    func diffSites(_ manifests: ManifestSet, grid: Grid, desired: DesiredState, rendering: Rendering,
                   observed: Observations, changed: Set<String>, cache: inout ReconcileCache, report: inout PassReport) throws {
        let applied = try cache.appliedRecords(store)
        var policies: [String: DriftPolicy] = [:]
        for t in manifests.tenants { policies[t.metadata.name] = t.driftPolicy ?? grid.driftPolicy }
        let fallback = grid.driftPolicy

        var diff: DiffCache
        var again: [Int]
        var kept = cache.diffs.flatMap { $0.sites == manifests.sites && $0.tenants == manifests.tenants && $0.policy == fallback ? $0 : nil }
        // Taken out of the cache, so the pass holds the only reference and changes it in place
        // (a plan's copy of the cache shares it with the actor's: there it is copied as it changes).
        cache.diffs = nil
        if let last = kept.take() {
            diff = last
            var dirty = Set<Int>()
            for name in changed.union(cache.changedSinceDiff) { if let i = last.position[name] { dirty.insert(i) } }
            // Sites that did not answer, now or last time, are looked at every pass.
            for name in observed.unanswered {
                if let i = last.position[name] { dirty.insert(i) }
            }
            dirty.formUnion(last.unanswered)
            if let since = rendering.changedSince, let seen = last.rendering, since.version == seen {
                for name in since.sites { if let i = last.position[name] { dirty.insert(i) } }
            } else if desired.sites != last.desired.sites {
                // Unchanged sites share their lists with the last rendering: compared by identity.
                for (name, resources) in desired.sites where last.desired.sites[name] != resources {
                    if let i = last.position[name] { dirty.insert(i) }
                }
                for name in last.desired.sites.keys where desired.sites[name] == nil {
                    if let i = last.position[name] { dirty.insert(i) }
                }
            }
            again = dirty.sorted()
        } else {
            var position: [String: Int] = [:]
            for (i, site) in manifests.sites.enumerated() { position[site.metadata.name] = i }
            diff = DiffCache(sites: manifests.sites, tenants: manifests.tenants, policy: fallback, desired: desired, rendering: rendering.version,
                              position: position,
                              plans: Array(repeating: nil, count: manifests.sites.count),
                              results: manifests.sites.map { SiteResult(site: $0.metadata.name) }, unanswered: [])
            again = Array(manifests.sites.indices)
        }
        diff.desired = desired
        diff.rendering = rendering.version

        for i in again {
            let name = manifests.sites[i].metadata.name
            var result = SiteResult(site: name)
            diff.plans[i] = nil
            diff.unanswered.insert(i)
            switch observed[name] {
            case .success(let observation)?:
                let plan = SiteDiff.diff(site: name, desired: desired.sites[name] ?? [], observed: observation.resources,
                                         applied: applied[name] ?? [:], policy: { policies[$0] ?? fallback })
                diff.plans[i] = plan
                diff.unanswered.remove(i)
                if !plan.isEmpty {
                    let refusals = plan.actions.compactMap { cache.refusal(of: $0, at: name) }
                    result.planned = plan.actions.count - refusals.count
                    result.stalled = refusals.first
                }
                result.blocked = plan.blocked
            case .failure(let error)?:
                if error.kind == DriverError.Kind.rejected { result.stalled = error.message }
                result.unreachable = cache.unreachableReason(name, error)
                // Deployments this site should run but was not seen to: deletions elsewhere wait for them.
                for d in desired.sites[name] ?? [] where d.id.kind == .deployment && applied[name]?[d.id]?.specHash != d.specHash {
                    report.waitingAtUnreachable.insert(d.id)
                }
            case nil:
                break
            }
            diff.results[i] = result
        }
        // What the sites answered now (the last pass's answers, equal where kept, are freed with
        // the last report, not here).
        report.observations = SiteAnswers(results: observed.results)
        report.plans = diff.plans.compactMap { $0 }
        report.sites = diff.results
        cache.diffs = diff
        cache.changedSinceDiff = []
    }
}
