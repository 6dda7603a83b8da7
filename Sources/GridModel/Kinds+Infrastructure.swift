// Grid and Site: the operator's inventory.

public struct Region: Sendable, Hashable {
    public var name: String
    public var location: GeoPoint
    public var jurisdiction: String
    public var at: SourceLocation

    public init(name: String, location: GeoPoint, jurisdiction: String, at: SourceLocation) {
        self.name = name
        self.location = location
        self.jurisdiction = jurisdiction
        self.at = at
    }
}

public struct LatencyModel: Sendable, Hashable {
    public var baseMs: Double
    public var routeFactor: Double

    public static let `default` = LatencyModel(baseMs: 2, routeFactor: 1.5)

    public init(baseMs: Double, routeFactor: Double) {
        self.baseMs = baseMs
        self.routeFactor = routeFactor
    }

    /// Estimated round trip in milliseconds: light in fiber covers about 100 km of round trip per ms.
    public func rttMs(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        baseMs + routeFactor * a.distanceKm(to: b) / 100
    }
}

public struct ReconcileSettings: Sendable, Hashable {
    public var interval: Duration
    public var maxParallelSites: Int
    /// How long a site may stay unreachable before its replicas are placed elsewhere.
    public var offlineGrace: Duration

    public static let `default` = ReconcileSettings(
        interval: Duration(milliseconds: 30_000, text: "30s"), maxParallelSites: 64,
        offlineGrace: Duration(milliseconds: 600_000, text: "10m"))

    public init(interval: Duration, maxParallelSites: Int, offlineGrace: Duration = ReconcileSettings.default.offlineGrace) {
        self.interval = interval
        self.maxParallelSites = maxParallelSites
        self.offlineGrace = offlineGrace
    }
}

public struct Grid: Sendable, Hashable {
    public var metadata: Metadata
    public var regions: [Region]
    public var latencyModel: LatencyModel
    public var reconcile: ReconcileSettings
    /// What the next pass does about drift; a Tenant may override it.
    public var driftPolicy: DriftPolicy
    /// The rollout of services that do not give their own.
    public var rollout: RolloutSpec

    public init(metadata: Metadata, regions: [Region], latencyModel: LatencyModel, reconcile: ReconcileSettings,
                driftPolicy: DriftPolicy = .heal, rollout: RolloutSpec = .default) {
        self.rollout = rollout
        self.metadata = metadata
        self.regions = regions
        self.latencyModel = latencyModel
        self.reconcile = reconcile
        self.driftPolicy = driftPolicy
    }
}

public struct GPUPool: Sendable, Hashable {
    public var model: String
    public var count: Int
    public var memoryGiB: Int
    public var costPerHour: Double

    public init(model: String, count: Int, memoryGiB: Int, costPerHour: Double) {
        self.model = model
        self.count = count
        self.memoryGiB = memoryGiB
        self.costPerHour = costPerHour
    }
}

/// How the controller reaches a site (see docs/controller.md, "Site drivers").
public enum Transport: String, Sendable, Hashable, CaseIterable {
    /// The simulated world, in the controller's state folder.
    case simulated
    /// The site's backends run in the controller's own process, on its host.
    case local
    /// `gridops agent` runs at the site and pulls its desired state (a later issue).
    case agent
}

/// A site's transport and the backends (subsystems) it has. Hosts, interfaces, credentials
/// and commands are never here: they come from the controller's drivers file, by site name.
public struct DriverSpec: Sendable, Hashable {
    public var transport: Transport
    /// Backend names (`slurm`, `network`, `models`); empty for `simulated`, whose one
    /// backend is the world.
    public var backends: [String]

    public static let simulated = DriverSpec(transport: .simulated)

    public init(transport: Transport, backends: [String] = []) {
        self.transport = transport
        self.backends = backends
    }
}

public struct Site: Sendable, Hashable {
    public var metadata: Metadata
    public var tier: Tier
    public var region: Ref
    public var location: GeoPoint
    public var jurisdiction: String
    public var sovereign: Bool
    public var gpus: [GPUPool]
    public var services: [ServiceKind]
    public var driver: DriverSpec
    public var maintenance: Bool

    public init(
        metadata: Metadata, tier: Tier, region: Ref, location: GeoPoint, jurisdiction: String,
        sovereign: Bool = false, gpus: [GPUPool] = [], services: [ServiceKind] = [],
        driver: DriverSpec = .simulated, maintenance: Bool = false
    ) {
        self.metadata = metadata
        self.tier = tier
        self.region = region
        self.location = location
        self.jurisdiction = jurisdiction
        self.sovereign = sovereign
        self.gpus = gpus
        self.services = services
        self.driver = driver
        self.maintenance = maintenance
    }

    public func hosts(_ kind: ServiceKind) -> Bool { services.contains(kind) }
}
