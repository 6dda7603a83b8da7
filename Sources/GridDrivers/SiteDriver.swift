public import GridModel

/// How gridops talks to a site. Level-triggered and idempotent: the reconciler always
/// recomputes from desired and observed state, and applying the same (resource, spec hash)
/// twice is a no-op, deleting what is absent succeeds.
public protocol SiteDriver: Sendable {
    /// What the site runs now: health, GPU use, resources with their spec hash and status.
    func observe(site: String) async throws(DriverError) -> SiteObservation

    /// Applies one action. `key` is the action's idempotency key: the same action on the
    /// same spec always carries the same key.
    func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError)
}

/// Why a driver call failed, classified for the reconciler.
public struct DriverError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Worth retrying at once, with backoff: a dropped connection, a timeout.
        case transient
        /// The site cannot be reached: look again at the next pass.
        case unreachable
        /// The site refused the action and will refuse it again: needs a person.
        case rejected
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// The drivers of every site: one per site, by its `driver.type`.
public struct SiteDrivers: Sendable {
    public var world: SimulatedWorld?

    public init(world: SimulatedWorld?) {
        self.world = world
    }

    public func driver(for site: Site) -> any SiteDriver {
        switch site.driver.type {
        case .simulated:
            if let world { return SimulatedSiteDriver(world: world) }
            return UnavailableDriver(reason: "no simulated world is open")
        case .agent, .slurm, .kubernetes, .netqos:
            return UnavailableDriver(reason: "driver type '\(site.driver.type.rawValue)' is not built into this gridops yet")
        }
    }
}

/// A driver gridops cannot use here: every call is refused with the reason, so the site
/// shows as Stalled instead of being retried in a loop.
struct UnavailableDriver: SiteDriver {
    var reason: String

    func observe(site: String) async throws(DriverError) -> SiteObservation {
        throw DriverError(.rejected, reason)
    }

    func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError) {
        throw DriverError(.rejected, reason)
    }
}
