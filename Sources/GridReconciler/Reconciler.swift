public import GridDrivers
import Dispatch
import GridManifests
import GridModel
import GridPlacement
import GridPlan
public import GridStore
import Foundation

/// Knobs of the reconciler that are not in the manifests.
public struct ReconcilerOptions: Sendable {
    /// Driver calls per action before it counts as failed for this pass.
    public var maxAttempts = 5
    /// First retry delay; doubles each attempt, with jitter, up to `maxBackoff`.
    public var backoff: Swift.Duration = .milliseconds(50)
    public var maxBackoff: Swift.Duration = .seconds(2)
    /// Sites observed at once. Observing only reads, so it is bounded by what this process
    /// can hold open, not by the grid's `maxParallelSites` (how many sites are changed at
    /// once): at 10,000 sites 50 ms away, 64 at once is an 8 s pass, 4,096 under a second.
    public var maxObserving = ReconcilerOptions.defaultMaxObserving

    /// Retries of a failed driver call.
    var retry: RetryPolicy { RetryPolicy(maxAttempts: maxAttempts, backoff: backoff, maxBackoff: maxBackoff) }

    /// A quarter of the process's open-file limit (each observation of a remote site holds
    /// a connection), between 64 and 4,096.
    public static let defaultMaxObserving: Int = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        return Int(clamping: min(4_096, max(64, limit.rlim_cur / 4)))
    }()

    public init() {}
}

/// One reconcile pass: resolve the revision; validate (any error: apply nothing, keep the
/// last good revision in force, record why); place, with the stored placement for
/// stability and observed GPU use; render; observe every site (bounded parallelism);
/// diff; execute per site concurrently (creates and updates everywhere first, deletions
/// after); record outcomes and conditions.
///
/// An actor, and passes go through a gate, so they never overlap (an actor alone would let
/// another call in at every `await`). What it keeps between passes (the loaded revision, the
/// last placement, what was applied, the last observations) is a cache of the store and of
/// git, one value (`cache`, a `ReconcileCache`), so a pass that changes nothing reads the
/// sites and writes nothing.
public actor Reconciler {
    let store: GridStore
    /// Makes the driver of each site; the command that built it stops it.
    let drivers: DriverRegistry
    let options: ReconcilerOptions

    /// Decoded files by blob: a new commit re-parses only the files it changed.
    let decodeCache = DecodeCache()
    /// What the reconciler keeps between passes (`ReconcileCache`). Out of the actor while a
    /// pass runs (the pass changes it in place and puts it back); a plan works on a copy.
    var cache = ReconcileCache()
    /// Passes run one at a time: the actor alone would interleave them at every `await`.
    let passes = CallGate(1)
    /// The revision whose sites `siteDrivers` were made for.
    var ensuredSites: String?
    /// The driver of each declared site of the revision in force.
    var siteDrivers: [String: any SiteDriver] = [:]

    public init(store: GridStore, drivers: DriverRegistry, options: ReconcilerOptions = ReconcilerOptions()) {
        self.store = store
        self.drivers = drivers
        self.options = options
    }

    /// Runs one pass against the revision `reader` resolves to.
    public func pass(_ reader: any RevisionReader) async throws -> PassReport {
        await passes.acquire()
        defer { passes.release() }
        let started = Date()
        let writesBefore = store.writeCount
        var report: PassReport
        do {
            // Taken out, so the pass holds the only reference and changes it in place (an
            // actor's property cannot be passed `inout` across an `await`); put back however
            // the pass ends.
            var working = ReconcileCache()
            swap(&working, &cache)
            defer { cache = working }
            report = try await prepare(reader, cache: &working, persist: .store)
        }
        if let grid = cache.loaded?.result.manifests {
            let start = DispatchTime.now()
            try await execute(&report, grid: grid)
            report.phases.append(("execute", Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9))
        }
        report.storeWrites = store.writeCount - writesBefore
        report.duration = Date().timeIntervalSince(started)
        return report
    }

    /// What a pass would do, without doing it and without writing to the store: it works on
    /// a copy of the cache, dropped after, so what it reads is not taken as seen either.
    public func plan(_ reader: any RevisionReader) async throws -> PassReport {
        await passes.acquire()
        defer { passes.release() }
        var copy = cache
        return try await prepare(reader, cache: &copy, persist: .nothing)
    }

    /// Everything up to the actions: revision, placement, desired state, observations, diff.
    /// Reads and updates `cache`; writes to the store only when `persist` says so.
    func prepare(_ reader: any RevisionReader, cache: inout ReconcileCache, persist: Persist) async throws -> PassReport {
        var report = PassReport()
        var events: [Event] = []
        var clock = PhaseClock()
        guard let revision = try await loadRevision(reader, cache: &cache, persist: persist, report: &report, events: &events) else {
            if persist.writes { try store.addEvents(events) }
            return report
        }
        let manifests = revision.manifests
        // A revision in force is valid: it has exactly one Grid.
        guard let grid = manifests.grid, let inForce = report.inForce else { return report }
        report.manifests = manifests
        clock.lap("revision")
        if ensuredSites != inForce.sha {
            // A new inventory: each site gets its driver (the registry keeps those that did not change).
            siteDrivers = try await drivers.drivers(for: manifests.sites)
            ensuredSites = inForce.sha
        }

        let observed = await observeAll(manifests.sites, limit: options.maxObserving)
        clock.lap("observe")
        let observationChanged = try recordObservations(observed, cache: &cache, persist: persist, events: &events)
        // Resuming closes journal intents: a write, so not in a plan.
        if persist.writes {
            if cache.pendingResume == nil { cache.pendingResume = Set(try store.openIntents().map(\.site)) }
            if cache.pendingResume?.isEmpty == false { try resumeOpenIntents(observed, cache: &cache) }
        }
        clock.lap("record observations")

        let previous = cache.placement.map { (sha: $0.input.sha, manifests: $0.manifests) }
        let (placement, rendered, rendering) = try placeAndRender(manifests, grid: grid, sha: inForce.sha, edits: revision.edits,
                                                       observed: observed, changed: observationChanged,
                                                       cache: &cache, persist: persist, clock: &clock)
        report.placement = placement
        let desired = try await rollOut(rendered, manifests: manifests, edits: revision.edits, inForce: inForce, previous: previous, reader: reader,
                                  observed: observed, persist: persist, report: &report, events: &events)
        clock.lap("rollouts")
        // With no rollout applied, the desired state is the rendering itself.
        try diffSites(manifests, grid: grid, desired: desired, rendering: report.rollouts.isEmpty ? rendering : Rendering(),
                      observed: observed, changed: observationChanged, cache: &cache, report: &report)
        clock.lap("diff")
        if persist.writes { try store.addEvents(events) }
        clock.lap("events")
        report.phases = clock.phases
        return report
    }

    /// Resolves and validates the tracked revision; returns the revision in force (the new
    /// one when valid, else the last good one), or nil when there is none. Reading git and
    /// decoding manifests can take seconds: both run off the cooperative pool (`offPool`).
    private func loadRevision(_ reader: any RevisionReader, cache: inout ReconcileCache, persist: Persist,
                              report: inout PassReport, events: inout [Event]) async throws -> LoadResult? {
        let head = try await offPool { try reader.resolve() }
        cache.commits[head.sha] = head
        defer {
            let keep = cache.loaded?.sha
            cache.commits = cache.commits.filter { $0.key == head.sha || $0.key == keep }
        }
        if cache.loaded?.sha != head.sha {
            let state = try store.controllerState()
            if let latest = state.latest, latest.sha == head.sha, !latest.valid {
                report.refused = (head, latest.reason)  // known bad: not parsed again
            } else {
                let (decodeCache, base) = (self.decodeCache, cache.loaded)
                let result = try await offPool { try reader.load(head.sha, cache: decodeCache, from: base) }
                report.diagnostics = result.diagnostics
                let errors = result.diagnostics.filter { $0.severity == .error }
                // The first error that points into a file: a missing Grid is usually its consequence.
                let reason = (errors.first { $0.location.line > 0 } ?? errors.first).map {
                    "\(errors.count) error(s); first: \($0.location.description): \($0.message)"
                } ?? ""
                let event = errors.isEmpty
                    ? (state.inForce?.sha != head.sha
                        ? Event(level: .info, revision: head.sha, message: "revision \(head.sha.prefix(12)) in force: \(head.message)") : nil)
                    : Event(level: .error, revision: head.sha, message: "revision \(head.sha.prefix(12)) not applied: \(reason)")
                if persist.writes {
                    try store.recordRevision(RevisionRecord(sha: head.sha, seenAt: Date(), valid: errors.isEmpty, errors: errors.count,
                                                            reason: reason, message: head.message, author: head.author),
                                             events: event.map { [$0] } ?? [])
                }
                if errors.isEmpty {
                    cache.loaded = (head.sha, result)
                } else {
                    report.refused = (head, reason)
                }
            }
            // A bad head leaves the last good revision in force.
            if report.refused != nil, let good = state.inForce, cache.loaded?.sha != good.sha {
                let decodeCache = self.decodeCache
                let result = try await offPool { try reader.load(good.sha, cache: decodeCache) }
                cache.loaded = result.isValid ? (good.sha, result) : nil
                cache.commits[good.sha] = CommitSummary(sha: good.sha, message: good.message, author: good.author)
            }
        }
        guard let loaded = cache.loaded else { return nil }
        report.inForce = cache.commits[loaded.sha] ?? CommitSummary(sha: loaded.sha, message: "", author: "")
        return loaded.result
    }
}
