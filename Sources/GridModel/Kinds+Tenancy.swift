// Tenant and the workloads a tenant owns.

public enum Isolation: String, Sendable, Hashable, CaseIterable {
    /// Other tenants may use the same site GPU pool.
    case shared
    /// No other tenant on the same site GPU pool.
    case dedicated
}

public struct ComplianceRequirement: Sendable, Hashable {
    /// Empty: any jurisdiction.
    public var jurisdictions: [String]
    public var sovereign: Bool

    public init(jurisdictions: [String] = [], sovereign: Bool = false) {
        self.jurisdictions = jurisdictions
        self.sovereign = sovereign
    }
}

public struct Tenant: Sendable, Hashable {
    public var metadata: Metadata
    public var isolation: Isolation
    public var priority: Int
    /// GPU quota by model; nil is unlimited. With a quota, only the listed models may be used.
    public var quota: [String: Int]?
    public var quotaAt: [String: SourceLocation]
    public var compliance: ComplianceRequirement?
    /// Overrides the Grid's drift policy for this tenant's resources.
    public var driftPolicy: DriftPolicy?

    public init(
        metadata: Metadata, isolation: Isolation = .shared, priority: Int = 0,
        quota: [String: Int]? = nil, quotaAt: [String: SourceLocation] = [:],
        compliance: ComplianceRequirement? = nil, driftPolicy: DriftPolicy? = nil
    ) {
        self.driftPolicy = driftPolicy
        self.metadata = metadata
        self.isolation = isolation
        self.priority = priority
        self.quota = quota
        self.quotaAt = quotaAt
        self.compliance = compliance
    }
}

public struct UserRegion: Sendable, Hashable {
    public var region: Ref
    public var weight: Double

    public init(region: Ref, weight: Double) {
        self.region = region
        self.weight = weight
    }
}

public struct RolloutSpec: Sendable, Hashable {
    /// Each wave is a count of sites (`"1"`) or a percentage of them (`"25%"`).
    public enum Wave: Sendable, Hashable {
        case sites(Int)
        case percent(Int)
    }

    public var waves: [Wave]
    public var healthTimeout: Duration
    public var autoRollback: Bool

    public static let `default` = RolloutSpec(
        waves: [.sites(1), .percent(25), .percent(100)],
        healthTimeout: Duration(milliseconds: 300_000, text: "5m"), autoRollback: true)

    public init(waves: [Wave], healthTimeout: Duration, autoRollback: Bool) {
        self.waves = waves
        self.healthTimeout = healthTimeout
        self.autoRollback = autoRollback
    }
}

public struct ModelService: Sendable, Hashable {
    public var metadata: Metadata
    public var modelName: String
    public var modelVersion: String
    public var workloadClass: Ref
    public var replicas: Int
    public var gpuModels: [Ref]
    public var gpusPerReplica: Int
    public var users: [UserRegion]
    /// Every replica serves its region within this round trip; nil: no latency bound.
    public var sloLatencyMs: Double?
    public var minSites: Int
    public var maxReplicasPerSite: Int?
    /// Its own rollout; nil: the Grid's.
    public var rollout: RolloutSpec?

    public init(
        metadata: Metadata, modelName: String, modelVersion: String, workloadClass: Ref,
        replicas: Int, gpuModels: [Ref], gpusPerReplica: Int, users: [UserRegion],
        sloLatencyMs: Double? = nil, minSites: Int = 1, maxReplicasPerSite: Int? = nil,
        rollout: RolloutSpec? = nil
    ) {
        self.metadata = metadata
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.workloadClass = workloadClass
        self.replicas = replicas
        self.gpuModels = gpuModels
        self.gpusPerReplica = gpusPerReplica
        self.users = users
        self.sloLatencyMs = sloLatencyMs
        self.minSites = minSites
        self.maxReplicasPerSite = maxReplicasPerSite
        self.rollout = rollout
    }
}

/// Where a managed cluster goes: a pinned site, or the cheapest feasible site matching a selector.
public enum ClusterPlacement: Sendable, Hashable {
    case site(Ref)
    case selector(region: Ref?, tier: Tier?)
}

public struct NodePool: Sendable, Hashable {
    public var name: String
    public var nodes: Int
    public var gpuModel: Ref?
    public var gpusPerNode: Int

    public init(name: String, nodes: Int, gpuModel: Ref?, gpusPerNode: Int) {
        self.name = name
        self.nodes = nodes
        self.gpuModel = gpuModel
        self.gpusPerNode = gpusPerNode
    }
}

public struct KubernetesCluster: Sendable, Hashable {
    public var metadata: Metadata
    public var version: String
    public var placement: ClusterPlacement
    public var controlPlaneReplicas: Int
    public var nodePools: [NodePool]

    public init(
        metadata: Metadata, version: String, placement: ClusterPlacement,
        controlPlaneReplicas: Int = 3, nodePools: [NodePool] = []
    ) {
        self.metadata = metadata
        self.version = version
        self.placement = placement
        self.controlPlaneReplicas = controlPlaneReplicas
        self.nodePools = nodePools
    }
}

public struct SlurmPartition: Sendable, Hashable {
    public var name: String
    public var gpuModel: Ref
    public var gpuCount: Int
    public var maxTime: Duration?
    public var priority: Int

    public init(name: String, gpuModel: Ref, gpuCount: Int, maxTime: Duration? = nil, priority: Int = 0) {
        self.name = name
        self.gpuModel = gpuModel
        self.gpuCount = gpuCount
        self.maxTime = maxTime
        self.priority = priority
    }
}

public struct SlurmCluster: Sendable, Hashable {
    public var metadata: Metadata
    public var placement: ClusterPlacement
    public var partitions: [SlurmPartition]
    public var accounts: [String]

    public init(metadata: Metadata, placement: ClusterPlacement, partitions: [SlurmPartition], accounts: [String] = []) {
        self.metadata = metadata
        self.placement = placement
        self.partitions = partitions
        self.accounts = accounts
    }
}

public enum QoSClass: String, Sendable, Hashable, CaseIterable {
    /// DSCP EF
    case realtime
    /// DSCP AF41
    case interactive
    /// DSCP AF11
    case bulk
}

public struct NetworkQoS: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case region(Ref)
        case site(Ref)
        case cidr(String)
    }

    public var metadata: Metadata
    public var from: Source
    public var toService: Ref
    public var qosClass: QoSClass
    public var guaranteedMbps: Int
    public var maxMbps: Int
    public var maxLatencyMs: Double?

    public init(
        metadata: Metadata, from: Source, toService: Ref, qosClass: QoSClass,
        guaranteedMbps: Int, maxMbps: Int, maxLatencyMs: Double? = nil
    ) {
        self.metadata = metadata
        self.from = from
        self.toService = toService
        self.qosClass = qosClass
        self.guaranteedMbps = guaranteedMbps
        self.maxMbps = maxMbps
        self.maxLatencyMs = maxLatencyMs
    }
}
