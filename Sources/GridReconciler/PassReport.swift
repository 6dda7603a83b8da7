public import Foundation
import Dispatch
public import GridDrivers
public import GridModel
public import GridPlan

/// What every site answered in a pass, by name: kept as the observe phase gave it (no
/// copy per pass); reads give the observations of the sites that answered.
public struct SiteAnswers: Sendable, Equatable {
    var results: [String: Result<SiteObservation, DriverError>] = [:]

    public subscript(site: String) -> SiteObservation? {
        if case .success(let observation)? = results[site] { observation } else { nil }
    }

    /// The observations of the sites that answered, in no particular order.
    public var values: [SiteObservation] { results.values.compactMap { try? $0.get() } }
}

/// What one pass saw and did: what `apply` prints, `status` summarizes and `serve` logs.
public struct PassReport: Sendable {
    /// The revision in force after the pass (nil: no valid revision yet).
    public var inForce: CommitSummary?
    /// The newest revision seen, when it is not the one in force, and why.
    public var refused: (revision: CommitSummary, reason: String)?
    /// Diagnostics of the newest revision, when this pass read it (a known-bad revision is not read again).
    public var diagnostics: [Diagnostic] = []
    public var placement: Placement?
    /// The manifests in force, and what each site that answered reported: for the API and metrics.
    public var manifests: ManifestSet?
    public var observations = SiteAnswers()
    /// Every site's plan, by site name (reachable sites only).
    public var plans: [SitePlan] = []
    /// Deployments an unreachable site should run but is not known to: their services'
    /// deletions elsewhere are held.
    public var waitingAtUnreachable: Set<ResourceID> = []
    public var sites: [SiteResult] = []
    public var drift: [DriftItem] { plans.flatMap(\.drift) }
    public var conditions: [Condition] = []
    /// The rollouts that decide what runs after this pass: progressing, paused, failed, aborted.
    public var rollouts: [ServiceRollout] = []
    public var storeWrites = 0
    public var duration: TimeInterval = 0
    /// Seconds spent in each phase, in order: where a slow pass spends its time.
    public var phases: [(name: String, seconds: Double)] = []

    public var planned: Int { sites.reduce(0) { $0 + $1.planned } }
    public var done: Int { sites.reduce(0) { $0 + $1.done } }
    public var failed: Int { sites.reduce(0) { $0 + $1.failed.count } }

    /// Nothing left to do: every site answered, nothing was planned or held, nothing stalled.
    public var converged: Bool { inForce != nil && whyNotConverged.isEmpty }

    /// Another pass would do no more: nothing was done, nothing failed, and no rollout
    /// waits on its health gate (what is left waits on a site or a person).
    public var madeNoProgress: Bool { done == 0 && failed == 0 && !rolloutsProgressing }

    /// A rollout is going out: passes should come soon, to move it through its waves.
    public var rolloutsProgressing: Bool { rollouts.contains { $0.phase == .progressing } }

    /// Why the grid is not converged yet, one line per reason.
    public var whyNotConverged: [String] {
        var why: [String] = []
        if inForce == nil { why.append(refused.map { "no valid revision in force: \($0.reason)" } ?? "no revision read yet") }
        for s in sites {
            if let stalled = s.stalled {
                why.append("\(s.site): stalled: \(stalled)")
            } else if let unreachable = s.unreachable {
                why.append("\(s.site): \(unreachable)")
            }
            if s.planned > 0 { why.append("\(s.site): \(s.planned) action(s) were needed (\(s.done) done)") }
            for (action, error) in s.failed.prefix(3) { why.append("\(s.site): \(action) failed: \(error)") }
            if s.held > 0 { why.append("\(s.site): \(s.held) deletion(s) held until their service runs elsewhere") }
            for id in s.blocked { why.append("\(s.site): \(id) is held by a resource gridops does not manage") }
        }
        for r in rollouts {
            switch r.phase {
            case .progressing: why.append("\(r.qualifiedName): rollout at wave \(r.wave + 1) of \(r.waves.count)")
            case .paused: why.append("\(r.qualifiedName): rollout paused at wave \(r.wave + 1) of \(r.waves.count)")
            case .failed, .aborted:
                why.append("\(r.qualifiedName): rollout \(r.phase.rawValue.lowercased()): \(r.reason)"
                    + (r.rolledBack ? " (held at the previous version until a new commit changes the service)" : ""))
            case .succeeded, .superseded: break
            }
        }
        return why
    }
}

/// One site in a pass.
public struct SiteResult: Sendable {
    public var site: String
    /// Why the site could not be observed; nil when it answered.
    public var unreachable: String?
    /// The site refused (its driver, or an action) and will again: needs a person.
    public var stalled: String?
    public var planned = 0
    /// The actions that succeeded.
    public var completed: [SiteAction] = []
    public var done: Int { completed.count }
    public var failed: [(action: SiteAction, error: String)] = []
    /// Deletions not run because the service they belong to failed to start elsewhere.
    public var held = 0
    public var blocked: [ResourceID] = []

    public init(site: String) {
        self.site = site
    }
}

/// Times the phases of a pass.
struct PhaseClock {
    private var last = DispatchTime.now()
    private(set) var phases: [(name: String, seconds: Double)] = []

    mutating func lap(_ name: String) {
        let now = DispatchTime.now()
        phases.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }
}
