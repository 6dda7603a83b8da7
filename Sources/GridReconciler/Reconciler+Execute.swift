import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridStore

/// One site's share of a phase.
struct SiteWork: Sendable {
    var site: String
    /// The site's place in `PassReport.sites`.
    var index: Int
    var driver: any SiteDriver
    var actions: [SiteAction]
}

/// How a site's share went.
struct SiteRun: Sendable {
    var done: [SiteAction] = []
    var failed: [(action: SiteAction, error: DriverError)] = []
}

extension Reconciler {
    /// Runs the plans: every site's creates and updates first (concurrently, at most
    /// `maxParallelSites` at once), then deletions, so a replica that moves runs at its new
    /// site before the old one goes. Deletions of a service whose creates failed are held.
    func execute(_ report: inout PassReport, grid: ManifestSet) async throws {
        guard let revision = report.inForce?.sha else { return }
        let limit = grid.grid?.reconcile.maxParallelSites ?? ReconcileSettings.default.maxParallelSites
        // Every plan is of a declared site, and every declared site has a result and a driver.
        var work: [(plan: SitePlan, index: Int, driver: any SiteDriver)] = []
        var planIndex: [String: Int] = [:]
        for (i, plan) in report.plans.enumerated() { planIndex[plan.site] = i }
        for (i, site) in report.sites.enumerated() {
            if let p = planIndex[site.site], let driver = siteDrivers[site.site] { work.append((report.plans[p], i, driver)) }
        }

        // Deployments not (yet) running where they should: deletions and shrinks of the same
        // service elsewhere wait for them.
        var unfinished = report.waitingAtUnreachable
        var ensure: [SiteWork] = []
        for (plan, i, driver) in work {
            for id in plan.blocked where id.kind == .deployment { unfinished.insert(id) }
            let (actions, refused) = runnable(plan.ensure, at: plan.site)
            for a in refused where a.id.kind == .deployment { unfinished.insert(a.id) }
            if !actions.isEmpty { ensure.append(SiteWork(site: plan.site, index: i, driver: driver, actions: actions)) }
        }
        let ensured = await run(ensure, revision: revision, limit: limit)
        for (work, outcome) in zip(ensure, ensured) {
            record(outcome, of: work, revision: revision, into: &report.sites[work.index])
            for (action, _) in outcome.failed where action.id.kind == .deployment { unfinished.insert(action.id) }
        }

        var removals: [SiteWork] = []
        for (plan, i, driver) in work {
            // A held deployment keeps its tenant's namespace and QoS rules at that site too:
            // deleting a namespace takes everything in it.
            let heldTenants = Set(plan.remove.filter { $0.id.kind == .deployment && unfinished.contains($0.id) }.map(\.id.tenant))
            let isHeld = { (a: SiteAction) in
                unfinished.contains(a.id) || (a.id.kind != .deployment && heldTenants.contains(a.id.tenant))
            }
            report.sites[i].held = plan.remove.count(where: isHeld)
            let (actions, _) = runnable(plan.remove.filter { !isHeld($0) }, at: plan.site)
            if !actions.isEmpty { removals.append(SiteWork(site: plan.site, index: i, driver: driver, actions: actions)) }
        }
        let removed = await run(removals, revision: revision, limit: limit)
        for (work, outcome) in zip(removals, removed) {
            record(outcome, of: work, revision: revision, into: &report.sites[work.index])
        }

        try recordResults(&report, grid: grid, revision: revision)
    }

    /// Conditions and events of the pass. Synchronous and untyped on purpose: a typed-throws
    /// call right after an `await` in `execute` crashes the Swift 6.3 optimizer (coroutine
    /// splitting with swifterror) in release builds.
    private func recordResults(_ report: inout PassReport, grid: ManifestSet, revision: String) throws {
        try failRolloutsOnApplyErrors(&report)
        // Conditions follow from the placement and each site's results: when neither changed
        // since the last pass, neither did they (computing them for 100,000 services is not free).
        let inputs = ConditionInputs(report)
        if let last = cache.lastConditions, last.inputs == inputs {
            report.conditions = last.conditions
        } else {
            report.conditions = try saveConditions(conditions(report, manifests: grid))
            cache.lastConditions = (inputs, report.conditions)
        }
        try store.addEvents(report.sites.flatMap { s in
            s.failed.map { Event(level: .warning, revision: revision, site: s.site, resource: $0.action.id.description,
                                 message: "\($0.action) failed: \($0.error)") }
        })
    }

    /// Splits actions into those to run and those the site refused before for the same
    /// spec (stalled: not retried until the spec changes).
    private func runnable(_ actions: [SiteAction], at site: String) -> (run: [SiteAction], refused: [SiteAction]) {
        var run: [SiteAction] = [], refused: [SiteAction] = []
        for a in actions {
            if cache.refusal(of: a, at: site) == nil { run.append(a) } else { refused.append(a) }
        }
        return (run, refused)
    }

    /// Folds a site's outcomes into the report and the in-memory copy of what is applied.
    private func record(_ run: SiteRun, of work: SiteWork, revision: String, into result: inout SiteResult) {
        cache.changedSinceDiff.insert(work.site)
        result.completed += run.done
        for action in run.done {
            switch action.verb {
            case .create, .update: cache.applied?[work.site, default: [:]][action.id] = AppliedRecord(specHash: action.specHash, revision: revision)
            case .delete: cache.applied?[work.site]?[action.id] = nil
            }
        }
        for (action, error) in run.failed {
            result.failed.append((action, error.message))
            if error.kind == .rejected {
                cache.refused[SiteResourceKey(site: work.site, id: action.id)] = Refusal(specHash: action.specHash, reason: error.message)
                result.stalled = "\(action) refused: \(error.message)"
            }
            if error.kind == .unreachable { result.unreachable = error.message }
        }
    }

    private func run(_ work: [SiteWork], revision: String, limit: Int) async -> [SiteRun] {
        let store = self.store
        let options = self.options
        return await concurrentMap(work, limit: limit) { work in
            await Self.run(work, revision: revision, store: store, options: options)
        }
    }

    /// One site: intents committed (group commit, before any call), then the actions level
    /// by level (namespaces, clusters, partitions, deployments, QoS; reversed for
    /// deletions), the actions of a level concurrently, each retried with backoff while its
    /// failure is transient; then the outcomes. An action that fails for good (or is
    /// refused) stops the levels after it: they may depend on it and wait for the next pass.
    private static func run(_ work: SiteWork, revision: String, store: GridStore, options: ReconcilerOptions) async -> SiteRun {
        var outcome = SiteRun()
        let ids: [Int64]
        do {
            ids = try await store.recordIntents(site: work.site, actions: work.actions, revision: revision)
        } catch {
            outcome.failed = work.actions.map { ($0, DriverError(.transient, "journal: \(error)")) }
            return outcome
        }
        CrashPoint.afterIntents.reached()
        var records: [ActionOutcome] = []
        var stopped: DriverError?
        for level in levels(Array(zip(work.actions, ids))) {
            if let stopped {
                let error = DriverError(stopped.kind == .unreachable ? .unreachable : .transient,
                                        "not attempted: an earlier action at \(work.site) failed")
                for (action, id) in level {
                    outcome.failed.append((action, error))
                    records.append(ActionOutcome(journalID: id, site: work.site, action: action, revision: revision, result: .failed(error.message)))
                }
                continue
            }
            let results = await concurrentMap(level, limit: level.count) { action, _ in
                CrashPoint.beforeCall.reached()
                let error = await callWithRetry(work.driver, action, site: work.site, options: options)
                CrashPoint.afterCall.reached()
                return error
            }
            for ((action, id), error) in zip(level, results) {
                if let error {
                    outcome.failed.append((action, error))
                    records.append(ActionOutcome(journalID: id, site: work.site, action: action, revision: revision, result: .failed(error.message)))
                    stopped = error
                } else {
                    outcome.done.append(action)
                    records.append(ActionOutcome(journalID: id, site: work.site, action: action, revision: revision, result: .done))
                }
            }
        }
        // An outcome that cannot be written is found again at the next pass's observation.
        try? await store.recordOutcomes(records)
        CrashPoint.afterOutcomes.reached()
        return outcome
    }

    /// Consecutive actions of the same apply order: what may run at once.
    private static func levels(_ actions: [(SiteAction, Int64)]) -> [[(SiteAction, Int64)]] {
        var out: [[(SiteAction, Int64)]] = []
        for entry in actions {
            if let last = out.last?.last, last.0.id.kind.applyOrder == entry.0.id.kind.applyOrder {
                out[out.count - 1].append(entry)
            } else {
                out.append([entry])
            }
        }
        return out
    }

    private static func callWithRetry(_ driver: any SiteDriver, _ action: SiteAction, site: String,
                                      options: ReconcilerOptions) async -> DriverError? {
        let key = action.idempotencyKey(site: site)
        let result = await retrying(options.retry, transient: { $0.kind == .transient }) { () async throws(DriverError) in
            try await driver.apply(action, site: site, key: key)
        }
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Everything conditions are computed from, compared between passes.
struct ConditionInputs: Equatable {
    struct Site: Equatable {
        var site: String
        var unreachable: String?
        var stalled: String?
        var planned: Int
        var done: Int
        var failures: [String]
        var held: Int
        var blocked: [ResourceID]
        var reportedDrift: Int
    }

    var revision: String?
    var placement: Placement?
    var rollouts: [ServiceRollout]
    var sites: [Site]

    init(_ report: PassReport) {
        revision = report.inForce?.sha
        placement = report.placement
        rollouts = report.rollouts
        var drift: [String: Int] = [:]
        for plan in report.plans { drift[plan.site] = plan.drift.count { !$0.healing } }
        sites = report.sites.map {
            Site(site: $0.site, unreachable: $0.unreachable, stalled: $0.stalled, planned: $0.planned, done: $0.done,
                 failures: $0.failed.map { "\($0.action) \($0.error)" }, held: $0.held, blocked: $0.blocked,
                 reportedDrift: drift[$0.site] ?? 0)
        }
    }
}
