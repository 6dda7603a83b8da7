public import Foundation

/// One service's rollout of a new deployment template (model, version, class, GPUs per
/// replica) to the sites it runs at, wave by wave, each wave gated on health.
///
/// What it decides: at a site its waves have reached, the deployment runs `toTemplate`;
/// elsewhere it keeps `fromTemplate`. A failed rollout that rolled back, or an aborted one,
/// keeps `fromTemplate` everywhere: the service is held at the previous revision until a new
/// commit changes it.
public struct ServiceRollout: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waves are going out.
        case progressing = "Progressing"
        /// Stopped by a person at its current wave (`gridops rollout pause`).
        case paused = "Paused"
        /// Every wave healthy: the service runs the new template everywhere.
        case succeeded = "Succeeded"
        /// A wave was unhealthy or could not be applied; rolled back when `autoRollback`.
        case failed = "Failed"
        /// Stopped and rolled back by a person (`gridops rollout abort`).
        case aborted = "Aborted"
        /// A newer commit changed the service again (or removed it) before this one finished.
        case superseded = "Superseded"

        /// Still decides what runs where: the rollouts a pass reads.
        public var isActive: Bool { self == .progressing || self == .paused || self == .failed || self == .aborted }
    }

    public struct Wave: Sendable, Hashable, Codable {
        public var sites: [String]
        /// When the wave's sites were given the new template; nil while it waits.
        public var started: Date?
        /// When every site of the wave (and of the waves before) reported healthy.
        public var healthy: Date?

        public init(sites: [String], started: Date? = nil, healthy: Date? = nil) {
            self.sites = sites
            self.started = started
            self.healthy = healthy
        }
    }

    /// The store's row id; 0 before it is saved.
    public var id: Int64
    public var tenant: String
    public var service: String
    /// The commit that changed the service, and the one in force before it.
    public var revision: String
    public var fromRevision: String
    public var phase: Phase
    /// The wave going out now: the last one started.
    public var wave: Int
    public var waves: [Wave]
    /// Canonical encodings of the deployment template before and after.
    public var fromTemplate: String
    public var toTemplate: String
    public var healthTimeout: Duration
    public var autoRollback: Bool
    /// Every site is back on `fromTemplate`.
    public var rolledBack: Bool
    /// Why it failed, was aborted, paused or superseded.
    public var reason: String
    public var pullRequest: Int?
    public var author: String
    /// The first line of the commit message.
    public var message: String
    public var created: Date
    public var updated: Date
    public var finished: Date?

    public init(id: Int64 = 0, tenant: String, service: String, revision: String, fromRevision: String, phase: Phase = .progressing,
                wave: Int = 0, waves: [Wave], fromTemplate: String, toTemplate: String, healthTimeout: Duration,
                autoRollback: Bool, rolledBack: Bool = false, reason: String = "", pullRequest: Int? = nil, author: String,
                message: String, created: Date, updated: Date? = nil, finished: Date? = nil) {
        self.id = id
        self.tenant = tenant
        self.service = service
        self.revision = revision
        self.fromRevision = fromRevision
        self.phase = phase
        self.wave = wave
        self.waves = waves
        self.fromTemplate = fromTemplate
        self.toTemplate = toTemplate
        self.healthTimeout = healthTimeout
        self.autoRollback = autoRollback
        self.rolledBack = rolledBack
        self.reason = reason
        self.pullRequest = pullRequest
        self.author = author
        self.message = message
        self.created = created
        self.updated = updated ?? created
        self.finished = finished
    }

    /// `tenant/service`.
    public var qualifiedName: String { "\(tenant)/\(service)" }

    /// The sites of the waves started so far.
    public var reachedSites: Set<String> {
        var sites = Set<String>()
        for wave in waves where wave.started != nil { sites.formUnion(wave.sites) }
        return sites
    }

    /// The template a site runs while this rollout decides, or nil when it no longer does.
    public func template(at site: String, reached: Set<String>) -> String? {
        switch phase {
        case .succeeded, .superseded: nil
        case _ where rolledBack: fromTemplate
        case .progressing, .paused, .failed, .aborted: reached.contains(site) ? toTemplate : fromTemplate
        }
    }

    // MARK: What people ask of it

    /// `gridops rollout pause`: stops at the current wave.
    public mutating func pause(at now: Date) throws(RolloutCommandError) {
        guard phase == .progressing else { throw RolloutCommandError(self, "pause") }
        phase = .paused
        reason = "paused by an operator"
        updated = now
    }

    /// `gridops rollout resume`: goes on from the current wave; its health timeout counts anew.
    public mutating func resume(at now: Date) throws(RolloutCommandError) {
        guard phase == .paused else { throw RolloutCommandError(self, "resume") }
        phase = .progressing
        reason = ""
        if waves.indices.contains(wave) { waves[wave].started = now }
        updated = now
    }

    /// `gridops rollout abort`: stops and puts every site back on the previous template.
    public mutating func abort(at now: Date) throws(RolloutCommandError) {
        guard phase == .progressing || phase == .paused || (phase == .failed && !rolledBack) else {
            throw RolloutCommandError(self, "abort")
        }
        phase = .aborted
        rolledBack = true
        reason = "aborted by an operator"
        updated = now
        finished = now
    }

    /// Stops it for `reason`; rolls back when its spec says to.
    public mutating func fail(_ reason: String, at now: Date) {
        phase = .failed
        rolledBack = autoRollback
        self.reason = reason
        updated = now
        finished = now
    }
}

/// A rollout command that does not apply to the rollout's phase.
public struct RolloutCommandError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ rollout: ServiceRollout, _ command: String) {
        let hint = switch rollout.phase {
        case .failed, .aborted: "; it is held at the previous revision until a new commit changes the service"
        case .succeeded, .superseded: "; it is over"
        case .progressing, .paused: ""
        }
        description = "cannot \(command) the rollout of \(rollout.qualifiedName) (#\(rollout.id)): it is \(rollout.phase.rawValue)\(hint)"
    }
}

/// The pull request a commit message names: GitHub's merge commits ("Merge pull request #12
/// from …") and squash merges ("Title (#12)").
public func pullRequestNumber(inMessage message: String) -> Int? {
    let first = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
    if first.hasPrefix("Merge pull request #") {
        return Int(first.dropFirst("Merge pull request #".count).prefix { $0.isNumber })
    }
    if first.hasSuffix(")"), let open = first.range(of: "(#", options: .backwards) {
        return Int(first[open.upperBound...].dropLast())
    }
    return nil
}
