import Foundation
public import GridDrivers
public import GridModel
import GridPlan

/// The behaviour every backend, behind every transport, must show (DRIVERS.md, "A
/// conformance suite"). A test target gives it a backend, what to do to that backend's
/// subsystem out of band, and a resource of the backend's kinds, and runs each check as a
/// test; a check that fails throws a `ConformanceFailure` saying what it saw.
public struct BackendConformance: Sendable {
    /// What a person (or another tool) does to the subsystem behind gridops's back.
    public struct OutOfBand: Sendable {
        public var change: @Sendable (ResourceID, _ field: String, _ value: String) async throws -> Void
        public var delete: @Sendable (ResourceID) async throws -> Void
        public var addForeign: @Sendable (ResourceID, ResourceSpec) async throws -> Void

        public init(change: @escaping @Sendable (ResourceID, String, String) async throws -> Void,
                    delete: @escaping @Sendable (ResourceID) async throws -> Void,
                    addForeign: @escaping @Sendable (ResourceID, ResourceSpec) async throws -> Void) {
            self.change = change
            self.delete = delete
            self.addForeign = addForeign
        }
    }

    public var site: String
    /// A fresh backend over a fresh subsystem for each check.
    public var makeBackend: @Sendable () throws -> (backend: any SiteBackend, outOfBand: OutOfBand)
    /// The transport to test with; by default the local one, with a ledger in a new folder.
    public var makeTransport: @Sendable (any SiteBackend) throws -> any SiteDriver
    /// A resource the backend owns, and a field of it that a person could change.
    public var sample: DesiredResource
    public var field: String

    public init(site: String, sample: DesiredResource, field: String,
                makeBackend: @escaping @Sendable () throws -> (backend: any SiteBackend, outOfBand: OutOfBand),
                makeTransport: (@Sendable (any SiteBackend) throws -> any SiteDriver)? = nil) {
        self.site = site
        self.sample = sample
        self.field = field
        self.makeBackend = makeBackend
        self.makeTransport = makeTransport ?? { backend in
            let folder = NSTemporaryDirectory() + "gridops-conformance-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try LocalTransport(site: site, backends: [(backend, try SpecLedger(path: folder + "/applied.json"))])
        }
    }

    private var create: SiteAction { SiteAction(verb: .create, id: sample.id, spec: sample.spec, specHash: sample.specHash) }
    private var delete: SiteAction { SiteAction(verb: .delete, id: sample.id, spec: ResourceSpec(), specHash: sample.specHash) }

    /// Creating the same resource twice succeeds, and the site reads back exactly the spec
    /// applied: the diff finds nothing to do.
    public func applyTwiceIsNoOp() async throws {
        let (backend, _) = try makeBackend()
        let driver = try makeTransport(backend)
        try await apply(driver, create)
        let first = try await plan(driver)
        try await apply(driver, create)
        let second = try await plan(driver)
        for (n, p) in [first, second].enumerated() where !p.isEmpty || !p.drift.isEmpty || p.unchanged != 1 {
            throw ConformanceFailure("after create #\(n + 1): expected nothing to do, found \(p.actions) drift \(p.drift.map(\.kind))")
        }
    }

    /// Deleting what is absent succeeds, twice.
    public func deleteOfAbsentSucceeds() async throws {
        let (backend, _) = try makeBackend()
        let driver = try makeTransport(backend)
        try await apply(driver, delete)
        try await apply(driver, create)
        try await apply(driver, delete)
        try await apply(driver, delete)
        let seen = try await driver.observe(site: site)
        if seen.resources.contains(where: { $0.id == sample.id }) {
            throw ConformanceFailure("\(sample.id) is still observed after its deletion")
        }
    }

    /// A field changed out of band is Modified, naming the field with both values; healing
    /// puts it back.
    public func outOfBandChangeIsModified() async throws {
        let (backend, outOfBand) = try makeBackend()
        let driver = try makeTransport(backend)
        try await apply(driver, create)
        try await outOfBand.change(sample.id, field, "changed-by-hand")
        let p = try await plan(driver)
        guard let item = p.drift.first, p.drift.count == 1, item.kind == .modified else {
            throw ConformanceFailure("expected one Modified, found \(p.drift.map { "\($0.kind) \($0.resource)" })")
        }
        guard item.fields.contains(where: { $0.field == field && $0.observed == "changed-by-hand" && $0.desired == sample.spec[field] }) else {
            throw ConformanceFailure("Modified does not name \(field) with both values: \(item.fields)")
        }
        for action in p.ensure { try await apply(driver, action) }
        let healed = try await plan(driver)
        if !healed.isEmpty || !healed.drift.isEmpty { throw ConformanceFailure("healing left \(healed.actions) \(healed.drift.map(\.kind))") }
    }

    /// A resource deleted out of band is Missing, and healing creates it again.
    public func outOfBandDeletionIsMissing() async throws {
        let (backend, outOfBand) = try makeBackend()
        let driver = try makeTransport(backend)
        try await apply(driver, create)
        try await outOfBand.delete(sample.id)
        let p = try await plan(driver)
        guard p.drift.map(\.kind) == [.missing], p.ensure.map(\.verb) == [.create] else {
            throw ConformanceFailure("expected Missing and a create, found \(p.drift.map(\.kind)) \(p.actions)")
        }
        try await apply(driver, p.ensure[0])
        let healed = try await plan(driver)
        if !healed.isEmpty { throw ConformanceFailure("healing left \(healed.actions)") }
    }

    /// A resource gridops did not make is Unmanaged and blocks the desired one; creating,
    /// updating or deleting it is refused and leaves it as it was.
    public func foreignIsUnmanagedAndUntouched() async throws {
        let (backend, outOfBand) = try makeBackend()
        let driver = try makeTransport(backend)
        var theirs = sample.spec
        theirs[field] = "theirs"
        try await outOfBand.addForeign(sample.id, theirs)
        let p = try await plan(driver, applied: false)
        guard p.drift.map(\.kind) == [.unmanaged], p.blocked == [sample.id], p.isEmpty else {
            throw ConformanceFailure("expected Unmanaged and blocked, found \(p.drift.map(\.kind)) blocked \(p.blocked) \(p.actions)")
        }
        for action in [create, SiteAction(verb: .update, id: sample.id, spec: sample.spec, specHash: sample.specHash), delete] {
            do {
                try await driver.apply(action, site: site, key: action.idempotencyKey(site: site))
                throw ConformanceFailure("\(action) of a resource not gridops's succeeded")
            } catch let error as DriverError where error.kind == .rejected {
                continue
            }
        }
        let after = try await driver.observe(site: site).resources.first { $0.id == sample.id }
        guard let after, !after.managed, after.spec[field] == "theirs" else {
            throw ConformanceFailure("the resource not gridops's was changed: \(String(describing: after))")
        }
    }

    /// Calls over the backend's declared limit wait their turn: wrapped in a probe with a
    /// limit of one and slow calls, many at once never overlap.
    public func callsOverTheLimitWait() async throws {
        let (backend, _) = try makeBackend()
        let probe = ProbeBackend(backend, limits: BackendLimits(callsAtOnce: 1, timeout: .seconds(30)), delay: .milliseconds(20))
        let driver = try makeTransport(probe)
        let site = self.site
        _ = await concurrentMap(Array(0..<6), limit: 6) { _ in try? await driver.observe(site: site) }
        if probe.peak != 1 { throw ConformanceFailure("a limit of 1 saw \(probe.peak) calls at once") }
        if probe.count < 6 { throw ConformanceFailure("only \(probe.count) of 6 calls reached the backend") }
    }

    /// A call past the backend's deadline fails as transient, while the call itself is
    /// still running (it is held until the check has its answer).
    public func callPastTimeoutIsTransient() async throws {
        let (backend, _) = try makeBackend()
        let probe = ProbeBackend(backend, limits: BackendLimits(callsAtOnce: 1, timeout: .milliseconds(50)), delay: .zero, hold: true)
        defer { probe.release() }
        let driver = try makeTransport(probe)
        do {
            _ = try await driver.observe(site: site)
            throw ConformanceFailure("a call past its deadline succeeded")
        } catch let error as DriverError {
            guard error.kind == .transient else { throw ConformanceFailure("a call past its deadline failed as \(error.kind): \(error)") }
        }
        if probe.finished > 0 { throw ConformanceFailure("the caller waited for the slow call to end") }
    }

    /// Every check, in order.
    public func runAll() async throws {
        try await applyTwiceIsNoOp()
        try await deleteOfAbsentSucceeds()
        try await outOfBandChangeIsModified()
        try await outOfBandDeletionIsMissing()
        try await foreignIsUnmanagedAndUntouched()
        try await callsOverTheLimitWait()
        try await callPastTimeoutIsTransient()
    }

    private func apply(_ driver: any SiteDriver, _ action: SiteAction) async throws {
        try await driver.apply(action, site: site, key: action.idempotencyKey(site: site))
    }

    /// The diff of the site against `sample` desired, with `sample` as last applied (or nothing).
    private func plan(_ driver: any SiteDriver, applied: Bool = true) async throws -> SitePlan {
        let seen = try await driver.observe(site: site)
        let applied = applied ? [sample.id: AppliedRecord(specHash: sample.specHash, revision: "conformance")] : [:]
        return SiteDiff.diff(site: site, desired: [sample], observed: seen.resources.filter { $0.id == sample.id },
                             applied: applied, policy: { _ in .heal })
    }
}

/// A check of the conformance suite failed.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Wraps a backend with other limits and a delay on every call, counting calls and the
/// most at once: how the suite checks that a transport enforces limits.
final class ProbeBackend: SiteBackend, @unchecked Sendable {
    let inner: any SiteBackend
    let limits: BackendLimits
    let delay: Swift.Duration
    /// Calls wait for `release()` (deaf to cancellation, as a hung command is).
    let hold: Bool
    private let lock = NSLock()
    private var running = 0
    private let holding = CallHold()
    private(set) var peak = 0
    private(set) var count = 0
    /// Calls that have ended.
    var finished: Int { lock.withLock { ended } }
    private var ended = 0

    init(_ inner: any SiteBackend, limits: BackendLimits, delay: Swift.Duration, hold: Bool = false) {
        self.inner = inner
        self.limits = limits
        self.delay = delay
        self.hold = hold
    }

    var name: String { inner.name }
    var kinds: Set<ResourceKind> { inner.kinds }

    /// Calls held now.
    var held: Int { holding.count }

    func release() {
        holding.release()
    }

    func observe() async throws(DriverError) -> BackendObservation {
        lock.withLock {
            running += 1
            count += 1
            peak = max(peak, running)
        }
        if delay > .zero { await uncancellableSleep(delay) }
        if hold { await holding.wait() }
        defer {
            lock.withLock {
                running -= 1
                ended += 1
            }
        }
        return try await inner.observe()
    }

    func apply(_ change: BackendChange) async throws(DriverError) {
        try await inner.apply(change)
    }
}
