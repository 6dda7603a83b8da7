import Foundation
public import GridModel

/// A site whose backends run in this process: the `local` transport (the backends of the
/// drivers file, on this host) and the `simulated` one (the simulated world as the one
/// backend). Observes every backend at once and merges what they see; routes each action
/// to the backend of its kind. Every call goes through the backend's `CallLimiter`; every
/// change made is recorded in the backend's `SpecLedger` (when it has one), which drift is
/// found against.
public final class LocalTransport: SiteDriver, @unchecked Sendable {
    struct Slot: Sendable {
        var backend: any SiteBackend
        var limiter: CallLimiter
        /// nil for a backend that stores gridops's canonical specs itself (the simulated world).
        var ledger: SpecLedger?
    }

    public let site: String
    let slots: [Slot]
    private let route: [ResourceKind: Int]
    private let lock = NSLock()
    private var started: Set<Int> = []
    /// The last observation of each backend and what it became: a backend that answers the
    /// same again (the simulated world answers from memory) costs no conversion.
    private var last: (raw: [BackendObservation], observation: SiteObservation)?

    /// - Parameter backends: each with its ledger (nil: the backend keeps specs itself).
    /// Two backends may not own the same kind.
    public init(site: String, backends: [(backend: any SiteBackend, ledger: SpecLedger?)]) throws(DriverError) {
        self.site = site
        var route: [ResourceKind: Int] = [:]
        for (i, entry) in backends.enumerated() {
            for kind in entry.backend.kinds {
                if let other = route[kind] {
                    throw DriverError(.rejected, "backends '\(backends[other].backend.name)' and '\(entry.backend.name)' both own \(kind.rawValue) at \(site)")
                }
                route[kind] = i
            }
        }
        self.route = route
        slots = backends.map { Slot(backend: $0.backend, limiter: CallLimiter($0.backend.limits), ledger: $0.ledger) }
    }

    public var backendNames: [String] { slots.map(\.backend.name) }

    public func observe(site: String) async throws(DriverError) -> SiteObservation {
        var raw: [BackendObservation] = []
        raw.reserveCapacity(slots.count)
        if slots.count == 1 {
            raw.append(try await observe(0))
        } else {
            let results = await concurrentMap(Array(slots.indices), limit: slots.count) { i in
                do throws(DriverError) { return Result<BackendObservation, DriverError>.success(try await self.observe(i)) } catch {
                    return .failure(error)
                }
            }
            for r in results { raw.append(try r.get()) }
        }
        if let last = lock.withLock({ last }), last.raw == raw { return last.observation }
        var resources: [ObservedResource] = []
        var other: [String: Int] = [:]
        var latencies: [String: Double] = [:]
        for (slot, seen) in zip(slots, raw) {
            for r in seen.resources where slot.backend.kinds.contains(r.id.kind) {
                resources.append(slot.ledger?.observed(r) ?? r.asObserved)
            }
            other.merge(seen.otherGPUs, uniquingKeysWith: +)
            latencies.merge(seen.latencies, uniquingKeysWith: min)
        }
        let observation = SiteObservation(site: self.site, healthy: true, otherUse: other, resources: resources, latencies: latencies)
        lock.withLock { last = (raw, observation) }
        return observation
    }

    public func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError) {
        guard let i = route[action.id.kind] else {
            let names = slots.map(\.backend.name).joined(separator: ", ")
            throw DriverError(.rejected, "\(self.site) has no backend for \(action.id.kind.rawValue) (its backends: \(names.isEmpty ? "none" : names))")
        }
        try await ensureStarted(i)
        let slot = slots[i]
        let change = BackendChange(action, key: key)
        try await slot.limiter.call("\(slot.backend.name) at \(self.site): \(action)") { () async throws(DriverError) in
            try await slot.backend.apply(change)
        }
        try slot.ledger?.record(action)
    }

    public func stop() async {
        let running = lock.withLock {
            defer { started = [] }
            return started
        }
        for i in running.sorted() { await slots[i].backend.stop() }
    }

    private func observe(_ i: Int) async throws(DriverError) -> BackendObservation {
        try await ensureStarted(i)
        let slot = slots[i]
        return try await slot.limiter.call("\(slot.backend.name) at \(site): observe") { () async throws(DriverError) in
            try await slot.backend.observe()
        }
    }

    /// Starts a backend before its first call; a start that fails is tried again next time.
    private func ensureStarted(_ i: Int) async throws(DriverError) {
        if lock.withLock({ started.contains(i) }) { return }
        let slot = slots[i]
        try await slot.limiter.call("\(slot.backend.name) at \(site): start") { () async throws(DriverError) in
            try await slot.backend.start()
        }
        lock.withLock { _ = started.insert(i) }
    }
}
