public import GridModel

/// How gridops talks to a site: its transport. Level-triggered and idempotent: the
/// reconciler always recomputes from desired and observed state, and applying the same
/// (resource, spec hash) twice is a no-op, deleting what is absent succeeds. Made, cached,
/// and stopped by the `DriverRegistry`.
public protocol SiteDriver: Sendable {
    /// What the site runs now: health, GPU use, resources with their spec hash and status.
    func observe(site: String) async throws(DriverError) -> SiteObservation

    /// Applies one action. `key` is the action's idempotency key: the same action on the
    /// same spec always carries the same key.
    func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError)

    /// Called when the site or its driver settings go away, or the controller stops.
    func stop() async
}

extension SiteDriver {
    public func stop() async {}
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
