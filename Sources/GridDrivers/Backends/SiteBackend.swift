public import GridModel

/// One subsystem of one site (SLURM, the network, model processes, the simulated world):
/// the resource kinds it owns there, how it observes them and how it changes them.
///
/// The contract (docs/controller.md, "Backends"):
/// - `observe` reports every resource of its kinds that exists, gridops's or not,
///   normalised to the fields the renderer gives that kind (so an unchanged resource reads
///   back equal). A field the subsystem cannot show is left out; it never drifts.
/// - It says which resources are gridops's: by a marker the subsystem holds (a SLURM
///   account's description, an nftables table's comment), with the spec hash last applied
///   when the marker can hold it. What is not marked is never changed or deleted.
/// - `apply` is idempotent: creating what exists with the same spec succeeds, deleting what
///   is absent succeeds. A resource of the name that is not gridops's is refused
///   (`DriverError.rejected`).
/// - `limits`: how many calls it takes at once and how long one may take. The transport
///   enforces both (`CallLimiter`); a call past its deadline fails as transient.
///
/// A backend knows nothing of git, placement or the store. The last applied specs are kept
/// for it by the transport (`SpecLedger`), and drift is found by comparing what it observes
/// with them field by field: a backend never has to reproduce gridops's hash.
public protocol SiteBackend: Sendable {
    /// The name a Site manifest lists under `driver.backends`.
    var name: String { get }
    var kinds: Set<ResourceKind> { get }
    var limits: BackendLimits { get }

    /// Called once before the first observe or apply (connect, check the commands exist).
    /// A failure is retried at the next call.
    func start() async throws(DriverError)
    /// Called when the site or its driver settings go away, or the controller stops.
    func stop() async

    func observe() async throws(DriverError) -> BackendObservation
    func apply(_ change: BackendChange) async throws(DriverError)
}

extension SiteBackend {
    public func start() async throws(DriverError) {}
    public func stop() async {}
}

/// What a backend takes: calls at once (nil: no limit) and a deadline per call.
public struct BackendLimits: Sendable, Hashable {
    public var callsAtOnce: Int?
    public var timeout: Swift.Duration

    public init(callsAtOnce: Int?, timeout: Swift.Duration) {
        self.callsAtOnce = callsAtOnce.map { max(1, $0) }
        self.timeout = timeout
    }
}

/// One resource as the subsystem shows it.
public struct BackendResource: Sendable, Hashable {
    public enum Owner: Sendable, Hashable {
        /// Marked as gridops's; the spec hash last applied when the marker holds it.
        case gridops(appliedHash: String?)
        /// Made by someone else: reported as Unmanaged, never touched.
        case other
    }

    public var id: ResourceID
    /// What it runs, normalised to the renderer's fields, in canonical encoding.
    public var canonicalSpec: String
    /// The hash of `canonicalSpec`, when the subsystem stores gridops's encoding itself (the
    /// simulated world does); nil: computed by the transport when needed.
    public var specHash: String?
    public var owner: Owner
    public var status: ObservedResource.Status

    public init(id: ResourceID, canonicalSpec: String, specHash: String? = nil, owner: Owner, status: ObservedResource.Status) {
        self.id = id
        self.canonicalSpec = canonicalSpec
        self.specHash = specHash
        self.owner = owner
        self.status = status
    }

    public init(id: ResourceID, spec: ResourceSpec, owner: Owner, status: ObservedResource.Status) {
        self.init(id: id, canonicalSpec: spec.canonical, owner: owner, status: status)
    }
}

/// One look at a subsystem.
public struct BackendObservation: Sendable, Hashable {
    public var resources: [BackendResource]
    /// GPUs in use that none of `resources` holds (other workloads), by model.
    public var otherGPUs: [String: Int]
    /// Measured round trips by user region, in milliseconds.
    public var latencies: [String: Double]

    public init(resources: [BackendResource], otherGPUs: [String: Int] = [:], latencies: [String: Double] = [:]) {
        self.resources = resources
        self.otherGPUs = otherGPUs
        self.latencies = latencies
    }
}

/// One change a backend makes: a create or update with the spec and its hash (for the
/// marker), or a delete. `key` is the action's idempotency key.
public struct BackendChange: Sendable, Hashable {
    public var action: SiteAction
    public var key: String

    public init(_ action: SiteAction, key: String) {
        self.action = action
        self.key = key
    }

    public var id: ResourceID { action.id }
    public var verb: SiteAction.Verb { action.verb }
}
