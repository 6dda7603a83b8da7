import Foundation
import GridManifests
import GridModel
import GridPlan
import GridStore

extension Reconciler {
    /// The rollouts of a pass, between rendering and the diff: starts those of a revision new
    /// in force, moves the progressing ones through their health gate (not in a plan: gating
    /// saves each rollout it moves), and
    /// returns `desired` with every rolling service on the template each site should run now.
    func rollOut(_ desired: DesiredState, manifests: ManifestSet, edits: LoadResult.ServiceEdits?, inForce: CommitSummary,
                 previous: (sha: String, manifests: ManifestSet)?, reader: any RevisionReader,
                 observed: Observations, persist: Persist, report: inout PassReport, events: inout [Event]) async throws -> DesiredState {
        var active = try store.activeRollouts()
        let since = try store.rolloutsRevision()
        if since != inForce.sha {
            active = try await start(active, since: since, desired: desired, manifests: manifests, edits: edits, inForce: inForce,
                               previous: previous, reader: reader, persist: persist, events: &events)
        }
        if persist.writes {
            active = try gate(active, desired: desired, observed: observed, events: &events)
        }
        report.rollouts = active
        return active.isEmpty ? desired : Rollouts.applying(active, to: desired)
    }

    /// Starts a rollout for each service whose template the revision in force changes since
    /// the revision rollouts were last started for; supersedes the rollouts it overtakes.
    /// Rollouts start from the template the service ran before any of them (a held service's
    /// previous one), with the canary at once.
    private func start(_ active: [ServiceRollout], since: String?, desired: DesiredState, manifests: ManifestSet,
                       edits: LoadResult.ServiceEdits?, inForce: CommitSummary, previous: (sha: String, manifests: ManifestSet)?, reader: any RevisionReader,
                       persist: Persist, events: inout [Event]) async throws -> [ServiceRollout] {
        guard let since else {
            // A new store: nothing to compare with; from now on, commits roll out.
            if persist.writes { _ = try store.startRollouts([], superseding: [], for: inForce.sha) }
            return active
        }
        var old = previous?.sha == since ? previous?.manifests : nil
        if old == nil {
            // Read off the cooperative pool: a whole revision can take seconds.
            let decodeCache = self.decodeCache
            old = try? await offPool { try reader.load(since, cache: decodeCache).manifests }
        }
        guard let old else {
            if persist.writes {
                events.append(Event(level: .warning, revision: inForce.sha,
                                    message: "cannot read revision \(since.prefix(12)) to compare with: changes apply without waves"))
                _ = try store.startRollouts([], superseding: [], for: inForce.sha)
            }
            return active
        }
        let now = Date()
        var byService: [String: ServiceRollout] = [:]
        for r in active { byService[r.qualifiedName] = r }
        var superseded: [ServiceRollout] = []
        func supersede(_ name: String, _ reason: String) {
            guard var r = byService.removeValue(forKey: name) else { return }
            r.phase = .superseded
            r.reason = reason
            r.updated = now
            r.finished = now
            superseded.append(r)
        }
        if !byService.isEmpty {
            let present = Set(manifests.modelServices.map(\.metadata.qualifiedName))
            for name in byService.keys.sorted() where !present.contains(name) {
                supersede(name, "removed by \(inForce.sha.prefix(12))")
            }
        }
        // A commit loaded by patching the one rollouts were started for says which services it changed.
        let changes = Rollouts.changes(from: old, to: manifests, positions: edits?.base == since ? edits?.positions : nil)
        let replicas = Rollouts.replicasBySite(desired, only: Set(changes.map(\.deployment)))
        let pullRequest = try store.pullRequest(forCommit: inForce.sha) ?? pullRequestNumber(inMessage: inForce.message)
        var started: [ServiceRollout] = []
        for change in changes {
            let id = change.deployment
            let name = change.service.metadata.qualifiedName
            let from = byService[name]?.fromTemplate ?? change.from.canonical
            let to = change.to.canonical
            supersede(name, "superseded by \(inForce.sha.prefix(12))")
            guard from != to, let sites = replicas[id] else { continue }
            let spec = change.service.rollout ?? manifests.grid?.rollout ?? .default
            var waves = Rollouts.waves(Rollouts.order(replicasBySite: sites), spec.waves).map { ServiceRollout.Wave(sites: $0) }
            waves[0].started = now
            started.append(ServiceRollout(
                tenant: id.tenant, service: id.name, revision: inForce.sha, fromRevision: since, waves: waves,
                fromTemplate: from, toTemplate: to, healthTimeout: spec.healthTimeout, autoRollback: spec.autoRollback,
                pullRequest: pullRequest, author: inForce.author, message: inForce.message, created: now))
        }
        if persist.writes {
            started = try store.startRollouts(started, superseding: superseded, for: inForce.sha)
            for r in started {
                events.append(Event(level: .info, revision: inForce.sha, resource: "deployment/\(r.qualifiedName)",
                                    message: "rollout of \(r.qualifiedName) started: \(Rollouts.versionText(r.fromTemplate)) → "
                                        + "\(Rollouts.versionText(r.toTemplate)) in \(r.waves.count) wave(s); canary \(r.waves[0].sites.joined(separator: ", "))"))
            }
        }
        return (Array(byService.values) + started).sorted { $0.qualifiedName < $1.qualifiedName }
    }

    /// The health gate of every progressing rollout, on this pass's observations: a healthy
    /// wave lets the next one start (or the rollout succeed); an unhealthy or late one fails
    /// it, and its sites go back to the previous template from this pass on.
    private func gate(_ active: [ServiceRollout], desired: DesiredState, observed: Observations,
                      events: inout [Event]) throws -> [ServiceRollout] {
        let now = Date()
        var out: [ServiceRollout] = []
        var lost = false
        for var rollout in active {
            guard rollout.phase == .progressing else {
                out.append(rollout)
                continue
            }
            let verdict = Rollouts.gate(rollout, desired: desired, now: now) { site in
                if case .success(let o)? = observed[site] { o } else { nil }
            }
            switch verdict {
            case .waiting:
                out.append(rollout)
                continue
            case .healthy:
                rollout.advance(at: now)
            case .failed(let reason):
                rollout.fail(reason, at: now)
            }
            guard try store.saveRollout(rollout, expecting: .progressing) else {
                lost = true  // paused or aborted meanwhile: the store has it
                continue
            }
            if rollout.phase == .progressing { CrashPoint.waveStarted.reached() }
            events.append(event(for: rollout))
            if rollout.phase.isActive { out.append(rollout) }
        }
        // A person changed a rollout while this pass gated it: theirs wins.
        return lost ? try store.activeRollouts() : out
    }

    /// Fails the progressing rollouts whose deployment could not be applied, past its retries,
    /// at a site they reached. Runs after the actions; the rollback goes out at the next pass.
    func failRolloutsOnApplyErrors(_ report: inout PassReport) throws {
        guard report.rollouts.contains(where: { $0.phase == .progressing }) else { return }
        var failures: [ResourceID: [(site: String, message: String)]] = [:]
        for site in report.sites where site.unreachable == nil {
            for (action, error) in site.failed where action.id.kind == .deployment {
                failures[action.id, default: []].append((site.site, "\(site.site): \(action) failed: \(error)"))
            }
        }
        guard !failures.isEmpty else { return }
        let now = Date()
        for (i, rollout) in report.rollouts.enumerated() where rollout.phase == .progressing {
            let id = ResourceID(kind: .deployment, tenant: rollout.tenant, name: rollout.service)
            // Only where the new template goes: elsewhere the site keeps the previous one.
            let reached = rollout.reachedSites
            guard let failure = failures[id]?.first(where: { reached.contains($0.site) })?.message else { continue }
            var failed = rollout
            failed.fail("wave \(rollout.wave + 1): \(failure)", at: now)
            if try store.saveRollout(failed, expecting: .progressing) {
                report.rollouts[i] = failed
                try store.addEvents([event(for: failed)])
            }
        }
    }

    private func event(for r: ServiceRollout) -> Event {
        let resource = "deployment/\(r.qualifiedName)"
        return switch r.phase {
        case .succeeded:
            Event(level: .info, revision: r.revision, resource: resource,
                  message: "rollout of \(r.qualifiedName) succeeded: \(Rollouts.versionText(r.toTemplate)) at every site")
        case .failed:
            Event(level: .error, revision: r.revision, resource: resource,
                  message: "rollout of \(r.qualifiedName) failed: \(r.reason)"
                      + (r.rolledBack ? "; rolled back to \(Rollouts.versionText(r.fromTemplate)) and held there" : "; not rolled back (autoRollback: false)"))
        default:
            Event(level: .info, revision: r.revision, resource: resource,
                  message: "rollout of \(r.qualifiedName): wave \(r.wave) healthy; wave \(r.wave + 1) of \(r.waves.count) started: "
                      + r.waves[r.wave].sites.joined(separator: ", "))
        }
    }
}
