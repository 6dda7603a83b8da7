/// The API version every manifest carries.
public let gridAPIVersion = "gridops/v1alpha1"

/// The kinds of document a grid repository holds.
public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
    case grid = "Grid"
    case site = "Site"
    case tenant = "Tenant"
    case modelService = "ModelService"
    case kubernetesCluster = "KubernetesCluster"
    case slurmCluster = "SlurmCluster"
    case networkQoS = "NetworkQoS"
    case placementPolicy = "PlacementPolicy"
    case compliancePolicy = "CompliancePolicy"

    /// Tenant-owned kinds carry `metadata.tenant` and live under `manifests/tenants/<tenant>/`.
    public var isTenantOwned: Bool {
        switch self {
        case .modelService, .kubernetesCluster, .slurmCluster, .networkQoS: true
        default: false
        }
    }
}

/// A name that refers to another object, with where it was written (for diagnostics).
public struct Ref: Sendable, Hashable {
    public var name: String
    public var at: SourceLocation

    public init(_ name: String, at: SourceLocation) {
        self.name = name
        self.at = at
    }
}

public struct Metadata: Sendable, Hashable {
    public var name: String
    public var tenant: Ref?
    public var labels: [String: String]
    /// Where the document starts.
    public var source: SourceLocation
    /// Where `metadata.name` is written.
    public var nameAt: SourceLocation

    public init(
        name: String, tenant: Ref? = nil, labels: [String: String] = [:],
        source: SourceLocation, nameAt: SourceLocation? = nil
    ) {
        self.name = name
        self.tenant = tenant
        self.labels = labels
        self.source = source
        self.nameAt = nameAt ?? source
    }
}

extension Metadata {
    /// `tenant/name` for a tenant-owned document (`/name` otherwise): how a service or
    /// cluster is named across a grid.
    public var qualifiedName: String { "\(tenant?.name ?? "")/\(name)" }
}

/// One decoded document.
public enum Manifest: Sendable, Hashable {
    case grid(Grid)
    case site(Site)
    case tenant(Tenant)
    case modelService(ModelService)
    case kubernetesCluster(KubernetesCluster)
    case slurmCluster(SlurmCluster)
    case networkQoS(NetworkQoS)
    case placementPolicy(PlacementPolicy)
    case compliancePolicy(CompliancePolicy)

    public var kind: Kind {
        switch self {
        case .grid: .grid
        case .site: .site
        case .tenant: .tenant
        case .modelService: .modelService
        case .kubernetesCluster: .kubernetesCluster
        case .slurmCluster: .slurmCluster
        case .networkQoS: .networkQoS
        case .placementPolicy: .placementPolicy
        case .compliancePolicy: .compliancePolicy
        }
    }

    public var metadata: Metadata {
        switch self {
        case .grid(let m): m.metadata
        case .site(let m): m.metadata
        case .tenant(let m): m.metadata
        case .modelService(let m): m.metadata
        case .kubernetesCluster(let m): m.metadata
        case .slurmCluster(let m): m.metadata
        case .networkQoS(let m): m.metadata
        case .placementPolicy(let m): m.metadata
        case .compliancePolicy(let m): m.metadata
        }
    }
}
