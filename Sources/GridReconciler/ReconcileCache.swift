import Foundation
import GridDrivers
import GridManifests
import GridModel
import GridPlan
import GridStore

/// A site and one of its resources: the key of what is remembered per resource at a site.
struct SiteResourceKey: Hashable {
    var site: String
    var id: ResourceID
}

/// A condition's identity: its scope and the site or `tenant/service` it is about.
struct ConditionKey: Hashable {
    var scope: Condition.Scope
    var name: String

    init(_ condition: Condition) {
        scope = condition.scope
        name = condition.name
    }
}

/// An action a site refused: the spec it refused, and why.
struct Refusal {
    var specHash: String
    var reason: String
}

/// The reconciler's memory between passes: what it read from git and the store, and what it
/// computed from them, so that a pass where nothing changed reads the sites and writes
/// nothing. Owned by the `Reconciler` actor, one stored property; nothing here is the truth
/// (git is, and the sites are), so every part can be dropped and is read or computed again.
///
/// A real pass takes the cache out of the actor, changes it in place and puts it back. A
/// plan (`Reconciler.plan`, `drift`) works on a copy and drops it: what it reads or computes
/// is not taken as seen. Copies share storage until changed (copy-on-write), so a plan costs
/// the parts it changes, as a dry run did before.
///
/// Each part says what it caches and when it is invalid.
struct ReconcileCache {
    /// The revision in force, loaded and validated (git). Invalid when the tracked name
    /// resolves to another commit: the pass loads that one (patching this one when it can).
    var loaded: (sha: String, result: LoadResult)?
    /// The subjects and authors of the commits resolved lately (git): the head and the one
    /// in force. Trimmed to those two at every pass.
    var commits: [String: CommitSummary] = [:]
    /// The last placement, what it was computed from, and its rendering (computed; saved in
    /// the store). Invalid when its key (revision, observed snapshot, placement running)
    /// differs from the pass's.
    var placement: PlacementCache?
    /// The offline grace `placement`'s snapshot was made with: another grace needs a new snapshot.
    var snapshotGrace: GridModel.Duration?
    /// What was last applied, per site and resource (the store's `applied`). Nil until read;
    /// kept as actions complete; nil again when resuming intents wrote to it.
    var applied: [String: [ResourceID: AppliedRecord]]?
    /// The stored observations, per site (the store's `observation`). Nil until read; kept as
    /// the pass writes observations that changed.
    var observations: [String: StoredObservation]?
    /// The placement running now (the store's `placement_assignment`); `currentLoaded` says
    /// whether it was read yet (nil is also an answer: nothing placed). Kept as placements are saved.
    var current: Placement?
    var currentLoaded = false
    /// Actions a site refused, by site and resource: not retried until the spec changes. Only
    /// in memory (the process's own finding): a restart retries them once.
    var refused: [SiteResourceKey: Refusal] = [:]
    /// Sites with journal intents still open after a restart (the store's `journal`); nil
    /// until the first real pass reads them, empty once all are resolved.
    var pendingResume: Set<String>?
    /// The last pass's diff, site by site (computed). Invalid as a whole when the sites,
    /// tenants or drift policy change; per site when its desired resources, its observation,
    /// its applied records or refusals (`changedSinceDiff`) change, or it did not answer.
    var diffs: DiffCache?
    /// Sites whose applied records or refusals changed since `diffs` was computed.
    var changedSinceDiff = Set<String>()
    /// The stored conditions (the store's `condition`). Nil until read; kept as they are written.
    var conditions: [ConditionKey: Condition]?
    /// The last conditions computed, with what they were computed from: equal inputs give
    /// equal conditions.
    var lastConditions: (inputs: ConditionInputs, conditions: [Condition])?

    /// What was last applied, read from the store the first time.
    mutating func appliedRecords(_ store: GridStore) throws -> [String: [ResourceID: AppliedRecord]] {
        if let applied { return applied }
        let records = try store.appliedRecords()
        applied = records
        return records
    }

    /// The stored observations, read from the store the first time.
    mutating func storedObservations(_ store: GridStore) throws -> [String: StoredObservation] {
        if let observations { return observations }
        let stored = try store.observations()
        observations = stored
        return stored
    }

    /// The placement running now: read from the store once, then kept as it changes.
    mutating func runningPlacement(_ store: GridStore) throws -> Placement? {
        if !currentLoaded {
            current = try store.currentPlacement()
            currentLoaded = true
        }
        return current
    }

    /// Why the site refused this action before, when it did for the same spec.
    func refusal(of action: SiteAction, at site: String) -> String? {
        guard let r = refused[SiteResourceKey(site: site, id: action.id)], r.specHash == action.specHash else { return nil }
        return "\(action) refused: \(r.reason)"
    }

    /// Why a site is unreachable, with the time it went so: the same words at every pass
    /// until it answers again, so its condition is not rewritten each time.
    func unreachableReason(_ site: String, _ error: DriverError) -> String {
        guard let stored = observations?[site], !stored.reachable else { return "unreachable: \(error.message)" }
        let since = ISO8601DateFormatter().string(from: stored.since)
        return "offline since \(since): \(error.message)"
    }
}

/// Whether a pass writes what it finds to the store. It guards store writes only: what is
/// computed and cached is the same either way (a plan's cache is a copy, dropped after).
enum Persist {
    /// A real pass: revisions, observations, placement, rollouts, events, journal resumes.
    case store
    /// A plan: the store is read, never written.
    case nothing

    var writes: Bool { self == .store }
}
