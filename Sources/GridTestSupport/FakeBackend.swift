import Foundation
public import GridDrivers
public import GridModel

/// A backend over an in-memory subsystem, for unit tests of transports and the Reconciler
/// beside the real backends. It behaves as the contract says (idempotent calls, a marker
/// on what it made, refusal of what is not its own) and lets a test do what a person or a
/// network would: change or delete a resource out of band, add one of its own, hide fields
/// it cannot show, make calls slow or failing. It records every call and the most calls it
/// ever saw at once.
public final class FakeBackend: SiteBackend, @unchecked Sendable {
    public struct Item: Sendable, Hashable {
        public var spec: ResourceSpec
        public var ours: Bool
        public var marker: String?
    }

    public let name: String
    public let kinds: Set<ResourceKind>
    public let limits: BackendLimits
    /// Whether the subsystem can hold the applied spec hash in its marker (else only "ours").
    public let markerHoldsHash: Bool
    /// Fields it never shows (they are not in its observation).
    public let hiddenFields: Set<String>

    private let lock = NSLock()
    private var items: [ResourceID: Item] = [:]
    private var running = 0
    private var peak = 0
    private var log: [String] = []
    private var slow: [(matching: String, delay: Swift.Duration, cancellable: Bool, times: Int)] = []
    private var failures: [(matching: String, error: DriverError, times: Int)] = []
    private var lifecycle: [String] = []
    private var holds: [(matching: String, times: Int)] = []
    private let held = CallHold()

    public init(name: String = "fake", kinds: Set<ResourceKind> = Set(ResourceKind.allCases),
                limits: BackendLimits = BackendLimits(callsAtOnce: nil, timeout: .seconds(60)),
                markerHoldsHash: Bool = true, hiddenFields: Set<String> = []) {
        self.name = name
        self.kinds = kinds
        self.limits = limits
        self.markerHoldsHash = markerHoldsHash
        self.hiddenFields = hiddenFields
    }

    // MARK: The contract

    public func start() async throws(DriverError) {
        lock.withLock { lifecycle.append("start") }
    }

    public func stop() async {
        lock.withLock { lifecycle.append("stop") }
    }

    public func observe() async throws(DriverError) -> BackendObservation {
        try await enter("observe")
        defer { leave() }
        let snapshot = lock.withLock { items }
        let resources = snapshot.sorted { $0.key < $1.key }.map { id, item in
            BackendResource(id: id, spec: ResourceSpec(item.spec.fields.filter { !hiddenFields.contains($0.key) }),
                            owner: item.ours ? .gridops(appliedHash: item.marker) : .other, status: .ready)
        }
        return BackendObservation(resources: resources)
    }

    public func apply(_ change: BackendChange) async throws(DriverError) {
        try await enter("\(change.verb.rawValue) \(change.id)")
        defer { leave() }
        let refused: Bool = lock.withLock {
            if let item = items[change.id], !item.ours { return true }
            switch change.verb {
            case .create, .update:
                items[change.id] = Item(spec: change.action.spec, ours: true, marker: markerHoldsHash ? change.action.specHash : nil)
            case .delete:
                items[change.id] = nil
            }
            return false
        }
        if refused { throw DriverError(.rejected, "\(change.id) exists and is not gridops's") }
    }

    // MARK: What a test does to it

    /// What the subsystem holds now.
    public var contents: [ResourceID: Item] { lock.withLock { items } }
    /// Every call, in order: `observe`, `create deployment/acme/chat`, ...
    public var calls: [String] { lock.withLock { log } }
    /// `start` and `stop`, in the order they came.
    public var lifecycleCalls: [String] { lock.withLock { lifecycle } }
    /// The most calls that ever ran at once.
    public var peakConcurrency: Int { lock.withLock { peak } }

    public func changeOutOfBand(_ id: ResourceID, _ field: String, _ value: String) {
        lock.withLock { items[id]?.spec[field] = value }
    }

    public func deleteOutOfBand(_ id: ResourceID) {
        lock.withLock { items[id] = nil }
    }

    /// A resource someone else made.
    public func addForeign(_ id: ResourceID, _ spec: ResourceSpec) {
        lock.withLock { items[id] = Item(spec: spec, ours: false, marker: nil) }
    }

    /// The next `times` calls whose description contains `matching` take `delay`. Not
    /// cancellable: the call goes on after its deadline, as a stuck command would.
    public func slowDown(_ matching: String, by delay: Swift.Duration, cancellable: Bool = false, times: Int = 1) {
        lock.withLock { slow.append((matching, delay, cancellable, times)) }
    }

    /// The next `times` calls whose description contains `matching` wait until
    /// `releaseHeld()`, deaf to cancellation (as a hung command is).
    public func hold(_ matching: String, times: Int = 1) {
        held.arm()
        lock.withLock { holds.append((matching, times)) }
    }

    /// Held calls their caller cancelled (they stay held: a hung command does not hear it).
    public var heldCancelledCount: Int { held.cancelledCount }

    /// Calls waiting in a hold now.
    public var heldCount: Int { held.count }

    /// Lets every held call go on.
    public func releaseHeld() {
        lock.withLock { holds = [] }
        held.release()
    }

    /// The next `times` calls whose description contains `matching` fail with `error`.
    public func fail(_ matching: String, with error: DriverError, times: Int = 1) {
        lock.withLock { failures.append((matching, error, times)) }
    }

    /// No more injected failures or slow calls.
    public func recover() {
        lock.withLock {
            failures = []
            slow = []
        }
    }

    // MARK: Bookkeeping

    private func enter(_ call: String) async throws(DriverError) {
        let (delay, failure): ((Swift.Duration, Bool)?, DriverError?) = lock.withLock {
            running += 1
            peak = max(peak, running)
            log.append(call)
            var delay: (Swift.Duration, Bool)?
            if let i = slow.firstIndex(where: { call.contains($0.matching) && $0.times > 0 }) {
                slow[i].times -= 1
                delay = (slow[i].delay, slow[i].cancellable)
            }
            var failure: DriverError?
            if let i = failures.firstIndex(where: { call.contains($0.matching) && $0.times > 0 }) {
                failures[i].times -= 1
                failure = failures[i].error
            }
            return (delay, failure)
        }
        let isHeld: Bool = lock.withLock {
            guard let i = holds.firstIndex(where: { call.contains($0.matching) && $0.times > 0 }) else { return false }
            holds[i].times -= 1
            return true
        }
        if isHeld { await held.wait() }
        if let (duration, cancellable) = delay {
            if cancellable {
                do {
                    try await Task.sleep(for: duration)
                } catch {
                    leave()
                    throw DriverError(.transient, "\(call): cancelled")
                }
            } else {
                await uncancellableSleep(duration)
            }
        }
        if let failure {
            leave()
            throw failure
        }
    }

    private func leave() {
        lock.withLock { running -= 1 }
    }
}

/// Calls that wait until released, deaf to cancellation (as a hung command is), counting the
/// callers that gave up on them meanwhile.
final class CallHold: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var released = false
    private var cancelled = 0

    /// Calls waiting now.
    var count: Int { lock.withLock { waiting.count } }
    /// Waiting calls whose caller cancelled them.
    var cancelledCount: Int { lock.withLock { cancelled } }

    /// Holds calls again after a release.
    func arm() {
        lock.withLock { released = false }
    }

    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let go: Bool = lock.withLock {
                    if released { return true }
                    waiting.append(c)
                    return false
                }
                if go { c.resume() }
            }
        } onCancel: {
            lock.withLock { cancelled += 1 }
        }
    }

    /// Lets every waiting call go on, and those that come later.
    func release() {
        let all: [CheckedContinuation<Void, Never>] = lock.withLock {
            released = true
            defer { waiting = [] }
            return waiting
        }
        for c in all { c.resume() }
    }
}

/// Sleeps on a dispatch timer, deaf to cancellation.
func uncancellableSleep(_ duration: Swift.Duration) async {
    let (s, atto) = duration.components
    let nanos = Int(s) * 1_000_000_000 + Int(atto / 1_000_000_000)
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { c.resume() }
    }
}

extension BackendCatalog {
    /// A catalog with `backend` under its name (settings: none), for tests.
    public static func with(_ backend: FakeBackend) -> BackendCatalog {
        BackendCatalog([backend.name: Entry(schema: BackendSchema([])) { _ in backend }])
    }
}
