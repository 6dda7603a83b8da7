import GridModel

/// The policy a workload class is placed under: its PlacementPolicy, or the documented default.
struct ClassPolicy {
    var tiers: Set<Tier> {
        didSet { tierMask = Self.mask(tiers) }
    }
    /// `tiers` as bits (`Tier.bit`), for the hot loops.
    private(set) var tierMask: UInt8 = 0
    var maxUtilization: Double
    var weights: PlacementWeights
    var name: String

    /// For a class without a PlacementPolicy: every tier, 0.85, the default weights.
    static func fallback(_ name: String) -> ClassPolicy {
        ClassPolicy(tiers: Set(Tier.allCases), maxUtilization: 0.85, weights: .default, name: name)
    }

    init(tiers: Set<Tier>, maxUtilization: Double, weights: PlacementWeights, name: String) {
        self.tiers = tiers
        tierMask = Self.mask(tiers)
        self.maxUtilization = maxUtilization
        self.weights = weights
        self.name = name
    }

    init(_ policy: PlacementPolicy) {
        self.init(tiers: Set(policy.tiers), maxUtilization: policy.maxUtilization, weights: policy.weights,
                  name: policy.workloadClass)
    }
}

extension ClassPolicy {
    static func mask(_ tiers: Set<Tier>) -> UInt8 {
        tiers.reduce(0) { $0 | $1.bit }
    }

    @inline(__always) func allows(bit: UInt8) -> Bool { tierMask & bit != 0 }
}

extension Tier {
    var bit: UInt8 {
        switch self {
        case .factory: 1
        case .regional: 2
        case .edge: 4
        }
    }
}

/// Why a site cannot take a tenant's workloads at all, whatever the service.
enum ComplianceVerdict: Equatable {
    case allowed
    case jurisdiction(String)
    case notSovereign
    case policyJurisdiction(policy: String, jurisdiction: String)
    case policySovereign(policy: String)
    case policyDeniedLabels(policy: String)
}

/// The compliance rules that bind one tenant: its own, and every CompliancePolicy matching it.
struct TenantRules {
    let tenant: Tenant
    let deny: [CompliancePolicy]
    /// `warn` policies: placed against, and reported.
    let warn: [CompliancePolicy]

    init(_ tenant: Tenant, policies: [CompliancePolicy]) {
        self.tenant = tenant
        let matching = policies.filter { Self.matches($0, tenant) }
        deny = matching.filter { $0.enforcement == .deny }
        warn = matching.filter { $0.enforcement == .warn }
    }

    static func matches(_ policy: CompliancePolicy, _ tenant: Tenant) -> Bool {
        switch policy.match {
        case .tenants(let refs): refs.contains { $0.name == tenant.metadata.name }
        case .tenantLabels(let labels): labels.allSatisfy { tenant.metadata.labels[$0.key] == $0.value }
        }
    }

    func verdict(_ site: Site) -> ComplianceVerdict {
        if let compliance = tenant.compliance {
            if !compliance.jurisdictions.isEmpty, !compliance.jurisdictions.contains(site.jurisdiction) {
                return .jurisdiction(site.jurisdiction)
            }
            if compliance.sovereign, !site.sovereign { return .notSovereign }
        }
        for policy in deny {
            if let verdict = Self.check(policy, site) { return verdict }
        }
        return .allowed
    }

    /// The first rule of `policy` that `site` breaks, if any.
    static func check(_ policy: CompliancePolicy, _ site: Site) -> ComplianceVerdict? {
        let name = policy.metadata.name
        if let require = policy.require {
            if !require.jurisdictions.isEmpty, !require.jurisdictions.contains(site.jurisdiction) {
                return .policyJurisdiction(policy: name, jurisdiction: site.jurisdiction)
            }
            if require.sovereign, !site.sovereign { return .policySovereign(policy: name) }
        }
        if !policy.denySiteLabels.isEmpty, policy.denySiteLabels.allSatisfy({ site.metadata.labels[$0.key] == $0.value }) {
            return .policyDeniedLabels(policy: name)
        }
        return nil
    }
}
