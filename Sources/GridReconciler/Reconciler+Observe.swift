import Foundation
import GridDrivers
import GridManifests
import GridModel
import GridPlacement
import GridPlan
import GridStore

/// What the cached placement was computed from; equal keys give the same placement.
struct PlacementKey: Equatable {
    var sha: String
    var observed: ObservedSnapshot
    var current: Placement?
}

/// The last placement, what it was computed from, and what the next commit's placement
/// starts from: its rendering, its ledger, and the services' positions in the manifests by
/// qualified name (valid while commits only edit services in place).
struct PlacementCache {
    var input: PlacementKey
    var placement: Placement
    var desired: DesiredState
    var manifests: ManifestSet
    var ledger: PlacementLedger
    /// `input.observed`'s digest, saved with the placement.
    var observedDigest: String
    var servicePositions: [String: Int]
    /// Counts the renderings cached, so a diff can tell which one it saw.
    var version: Int

    static func positions(of manifests: ManifestSet) -> [String: Int] {
        var out: [String: Int] = [:]
        out.reserveCapacity(manifests.modelServices.count)
        for (i, s) in manifests.modelServices.enumerated() { out[s.metadata.qualifiedName] = i }
        return out
    }
}

/// A pass's rendering: its version in the placement cache (nil: not the cached one, as when
/// a rollout changed it), and the sites where it differs from an earlier cached one, when known.
struct Rendering {
    var version: Int?
    var changedSince: (version: Int, sites: Set<String>)?
}

/// What every site answered, in the manifests' site order.
struct Observations {
    var entries: [(site: String, result: Result<SiteObservation, DriverError>)] = []
    var results: [String: Result<SiteObservation, DriverError>] = [:]
    /// The sites that did not answer.
    var unanswered: [String] = []

    subscript(site: String) -> Result<SiteObservation, DriverError>? { results[site] }
}

extension Reconciler {
    /// Observes every site, at most `limit` at once.
    func observeAll(_ sites: [Site], limit: Int) async -> Observations {
        let work = sites.compactMap { site in siteDrivers[site.metadata.name].map { (site.metadata.name, $0) } }
        let options = self.options
        let results = await concurrentMap(work, limit: limit) { name, driver in
            await retrying(options.retry, transient: { $0.kind == .transient }) { () async throws(DriverError) in
                try await driver.observe(site: name)
            }
        }
        var out = Observations()
        for ((name, _), result) in zip(work, results) {
            out.entries.append((name, result))
            out.results[name] = result
            if case .failure = result { out.unanswered.append(name) }
        }
        return out
    }

    /// Updates the stored observations: only sites whose content changed are written, and a
    /// change of reachability is an event. Returns the sites whose content changed.
    func recordObservations(_ observed: Observations, cache: inout ReconcileCache, persist: Persist,
                            events: inout [Event]) throws -> Set<String> {
        var known = try cache.storedObservations(store)
        // The only reference while it changes: changed in place, not copied.
        cache.observations = nil
        var changed: [StoredObservation] = []
        let now = Date()
        for (name, result) in observed.entries {
            let previous = known[name]
            // Reachability keeps the time it last changed.
            let since = { (reachable: Bool) in previous.flatMap { $0.reachable == reachable ? $0.since : nil } ?? now }
            let next: StoredObservation
            switch result {
            case .success(let observation):
                next = StoredObservation(site: name, reachable: true, since: since(true),
                                         observedAt: now, error: "", observation: observation)
                if previous?.reachable == false {
                    events.append(Event(level: .info, site: name, message: "\(name) answers again"))
                }
            case .failure(let error):
                next = StoredObservation(site: name, reachable: false, since: since(false),
                                         observedAt: now, error: error.message, observation: previous?.observation)
                if previous?.reachable != false {
                    events.append(Event(level: .warning, site: name, message: "\(name) cannot be observed: \(error.message)"))
                }
            }
            if let previous, next.sameContent(as: previous) { continue }
            known[name] = next
            changed.append(next)
        }
        cache.observations = known
        if persist.writes { try store.saveObservations(changed) }
        return Set(changed.map(\.site))
    }

    /// After a restart: closes the journal's open intents from what the sites report now, at
    /// each site the first time it answers. An action whose effect is there becomes the last
    /// applied; one whose effect is not is abandoned, and the diff decides afresh. Either way
    /// nothing is called twice blindly.
    func resumeOpenIntents(_ observed: Observations, cache: inout ReconcileCache) throws {
        var resolved: [(entry: JournalEntry, found: Bool)] = []
        var waiting = Set<String>()
        for entry in try store.openIntents() {
            guard case .success(let observation)? = observed[entry.site] else {
                waiting.insert(entry.site)
                continue
            }
            let present = observation.resources.first { $0.id == entry.action.id }
            let found = switch entry.action.verb {
            case .create, .update: present?.specHash == entry.action.specHash
            case .delete: present == nil
            }
            resolved.append((entry, found))
        }
        cache.pendingResume = waiting
        guard !resolved.isEmpty else { return }
        try store.resolveIntents(resolved)
        cache.applied = nil  // re-read: resolving wrote to it
        cache.diffs = nil
    }

    /// Places (unless nothing placement reads has changed) and renders the desired state.
    /// `edits` are the positions of the services the revision changed since the one placed
    /// last, when the loader knows them.
    func placeAndRender(_ manifests: ManifestSet, grid: Grid, sha: String, edits: LoadResult.ServiceEdits?,
                        observed: Observations, changed: Set<String>, cache: inout ReconcileCache, persist: Persist,
                        clock: inout PhaseClock) throws -> (Placement, DesiredState, Rendering) {
        let snapshot: ObservedSnapshot
        // No site's observation changed and every site answered (so none is offline by the
        // clock): what placement must respect is what it was.
        if let last = cache.placement?.input.observed, changed.isEmpty, cache.snapshotGrace == grid.reconcile.offlineGrace,
           observed.unanswered.isEmpty {
            snapshot = last
        } else {
            snapshot = ObservedSnapshot.from(observed, stored: try cache.storedObservations(store), grace: grid.reconcile.offlineGrace)
        }
        let running = try cache.runningPlacement(store)
        let key = PlacementKey(sha: sha, observed: snapshot, current: running)
        clock.lap("observed for placement")
        if let cached = cache.placement, cached.input == key {
            return (cached.placement, cached.desired, Rendering(version: cached.version, changedSince: (cached.version, [])))
        }

        let placement: Placement
        let desired: DesiredState
        let ledger: PlacementLedger
        var rendering = Rendering()
        var positions: [String: Int]?
        var services: [(tenant: String, name: String)]?
        // The snapshot's digest is kept with the placement; a quiet commit reuses the one cached.
        let digest = cache.placement.flatMap { $0.input.observed == snapshot ? $0.observedDigest : nil } ?? snapshot.digest
        // A new commit, same observations, and the placement running is the one cached: place
        // only the services that changed, and render only the sites they touch.
        let known = edits.flatMap { $0.base == cache.placement?.input.sha ? $0.positions : nil }
        if cache.placement == nil, let running, running.revision == sha, try store.placedFor()?.observedDigest == digest,
           let kept = PlacementLedger(running, grid: manifests, observed: snapshot) {
            // A process that starts afresh (a restart, `plan` beside a daemon) with the revision
            // and observations the placement in force was made for: that placement is the
            // answer, as it is in the process that made it (whose cache holds it). Placing
            // again could differ where it was made by the incremental path.
            placement = running
            ledger = kept
            clock.lap("placement in force")
            desired = DesiredState.render(manifests, placement: placement)
        } else if let cached = cache.placement, cached.input.observed == snapshot, running == cached.placement,
           let change = Placer.placeChanged(from: cached.manifests, cached.placement, to: manifests, edits: known,
                                            ledger: cached.ledger, observed: snapshot, revision: sha) {
            placement = change.placement
            ledger = change.ledger
            services = change.services
            // Edits in place keep every service where it was in the list.
            if known != nil { positions = cached.servicePositions }
            clock.lap("place changed services")
            // QoS rules are rendered at every site of their service: a QoS change renders all.
            if cached.manifests.networkQoS == manifests.networkQoS {
                desired = cached.desired.rerendering(change.sites, manifests, placement: placement, positions: positions, changed: change.services)
                rendering.changedSince = (cached.version, change.sites)
            } else {
                desired = DesiredState.render(manifests, placement: placement)
            }
        } else {
            (placement, ledger) = Placer.placeKeepingLedger(PlacementInput(grid: manifests, revision: sha, observed: snapshot, current: running))
            clock.lap("place")
            desired = DesiredState.render(manifests, placement: placement)
        }
        clock.lap("render")
        if persist.writes {
            try store.savePlacement(placement, previous: running, services: services, observedDigest: digest)
            clock.lap("save placement")
        }
        cache.snapshotGrace = grid.reconcile.offlineGrace
        cache.current = placement
        let version = (cache.placement?.version ?? 0) + 1
        cache.placement = PlacementCache(input: PlacementKey(sha: sha, observed: snapshot, current: placement), placement: placement,
                                         desired: desired, manifests: manifests, ledger: ledger, observedDigest: digest,
                                         servicePositions: positions ?? PlacementCache.positions(of: manifests), version: version)
        rendering.version = version
        return (placement, desired, rendering)
    }
}

extension ObservedSnapshot {
    /// The snapshot of this pass's answers; a site that did not answer counts with its last
    /// stored observation, unreachable since it went so.
    static func from(_ observed: Observations, stored: [String: StoredObservation], grace: GridModel.Duration) -> ObservedSnapshot {
        from(sites: observed.entries.map(\.site), grace: grace) { name in
            switch observed[name] {
            case .success(let o)?: (o, nil)
            case .failure?, nil: (stored[name]?.observation, stored[name]?.since)
            }
        }
    }

    /// What placement must respect from the sites: GPU use that is not ours, measured round
    /// trips, and sites unreachable for longer than the grace (their replicas move; before
    /// that they are kept where they are). `site` gives a site's last observation and, when
    /// it does not answer now, since when.
    static func from(sites: [String], grace: GridModel.Duration, now: Date = Date(),
                     _ site: (String) -> (observation: SiteObservation?, unreachableSince: Date?)) -> ObservedSnapshot {
        var snapshot = ObservedSnapshot()
        for name in sites {
            let (last, since) = site(name)
            if let since, now.timeIntervalSince(since) * 1000 > Double(grace.milliseconds) {
                snapshot.offline.append(name)
            }
            guard let last else { continue }
            for (model, used) in last.foreignGPUs.sorted(by: { $0.key < $1.key }) {
                snapshot.pools.append(.init(site: name, gpuModel: model, used: used))
            }
            for (region, rtt) in last.latencies.sorted(by: { $0.key < $1.key }) {
                snapshot.latencies.append(.init(region: region, site: name, rttMs: rtt))
            }
        }
        return snapshot
    }
}
