/// Every valid manifest of a revision, by kind, in path order.
public struct ManifestSet: Sendable, Hashable {
    public var grids: [Grid] = []
    public var sites: [Site] = []
    public var tenants: [Tenant] = []
    public var modelServices: ChunkedArray<ModelService> = []
    public var kubernetesClusters: [KubernetesCluster] = []
    public var slurmClusters: [SlurmCluster] = []
    public var networkQoS: [NetworkQoS] = []
    public var placementPolicies: [PlacementPolicy] = []
    public var compliancePolicies: [CompliancePolicy] = []

    public init() {}

    public init(_ manifests: [Manifest]) {
        for manifest in manifests { add(manifest) }
    }

    /// The one Grid; nil unless exactly one is present (validation reports otherwise).
    public var grid: Grid? { grids.count == 1 ? grids[0] : nil }

    public mutating func add(_ manifest: Manifest) {
        switch manifest {
        case .grid(let m): grids.append(m)
        case .site(let m): sites.append(m)
        case .tenant(let m): tenants.append(m)
        case .modelService(let m): modelServices.append(m)
        case .kubernetesCluster(let m): kubernetesClusters.append(m)
        case .slurmCluster(let m): slurmClusters.append(m)
        case .networkQoS(let m): networkQoS.append(m)
        case .placementPolicy(let m): placementPolicies.append(m)
        case .compliancePolicy(let m): compliancePolicies.append(m)
        }
    }

    /// Appends every manifest of `other`, kind by kind, keeping order.
    public mutating func append(contentsOf other: ManifestSet) {
        grids += other.grids
        sites += other.sites
        tenants += other.tenants
        modelServices += other.modelServices
        kubernetesClusters += other.kubernetesClusters
        slurmClusters += other.slurmClusters
        networkQoS += other.networkQoS
        placementPolicies += other.placementPolicies
        compliancePolicies += other.compliancePolicies
    }

    public var count: Int {
        grids.count + sites.count + tenants.count + modelServices.count + kubernetesClusters.count
            + slurmClusters.count + networkQoS.count + placementPolicies.count + compliancePolicies.count
    }
}

/// What a revision holds, in a few numbers: the last line of `gridops validate`.
public struct GridSummary: Sendable, Hashable, Codable {
    public var sites: Int
    public var sitesByTier: [String: Int]
    public var jurisdictions: [String]
    public var gpusByModel: [String: Int]
    public var tenants: Int
    public var servicesByKind: [String: Int]

    public init(_ set: ManifestSet) {
        sites = set.sites.count
        sitesByTier = Dictionary(grouping: set.sites, by: \.tier.rawValue).mapValues(\.count)
        jurisdictions = Set(set.sites.map(\.jurisdiction)).sorted()
        var gpus: [String: Int] = [:]
        for site in set.sites {
            for pool in site.gpus { gpus[pool.model, default: 0] += pool.count }
        }
        gpusByModel = gpus
        tenants = set.tenants.count
        servicesByKind = [
            Kind.modelService.rawValue: set.modelServices.count,
            Kind.kubernetesCluster.rawValue: set.kubernetesClusters.count,
            Kind.slurmCluster.rawValue: set.slurmClusters.count,
            Kind.networkQoS.rawValue: set.networkQoS.count,
        ]
    }

    /// `18 sites (3 factory, 5 regional, 10 edge) in 5 jurisdictions; GPUs: 2544 H100, ...; 6 tenants; services: ...`
    public var line: String {
        let tiers = Tier.allCases.compactMap { t in sitesByTier[t.rawValue].map { "\($0) \(t.rawValue)" } }
        let gpuText = gpusByModel.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
        let kinds = [Kind.modelService, .kubernetesCluster, .slurmCluster, .networkQoS].map {
            "\(servicesByKind[$0.rawValue] ?? 0) \($0.rawValue)"
        }
        let gpuTotal = gpusByModel.values.reduce(0, +)
        let tierText = tiers.isEmpty ? "" : " (\(tiers.joined(separator: ", ")))"
        return "\(sites) sites\(tierText) in \(jurisdictions.count) jurisdictions"
            + "; \(gpuTotal) GPUs (\(gpuText.isEmpty ? "none" : gpuText.joined(separator: ", ")))"
            + "; \(tenants) tenants; services: \(kinds.joined(separator: ", "))"
    }
}
