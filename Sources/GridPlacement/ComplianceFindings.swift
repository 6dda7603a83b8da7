public import GridModel

extension Placer {
    /// Every assignment and reservation that a `warn` CompliancePolicy matching its tenant
    /// objects to, one finding per policy, workload and site, sorted. `deny` policies never
    /// show here: placement does not break them.
    public static func complianceFindings(_ grid: ManifestSet, _ placement: Placement) -> [ComplianceFinding] {
        let warn = grid.compliancePolicies.filter { $0.enforcement == .warn }
        guard !warn.isEmpty else { return [] }
        let sites = Dictionary(grid.sites.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        var rules: [String: [CompliancePolicy]] = [:]
        for tenant in grid.tenants {
            rules[tenant.metadata.name] = warn.filter { TenantRules.matches($0, tenant) }
        }
        var found = Set<ComplianceFinding>()
        let workloads = placement.assignments.map { ($0.tenant, $0.service, $0.site) }
            + placement.reservations.map { ($0.tenant, $0.name, $0.site) }
        for (tenant, workload, siteName) in workloads {
            guard let site = sites[siteName] else { continue }
            for policy in rules[tenant] ?? [] {
                guard let verdict = TenantRules.check(policy, site) else { continue }
                found.insert(ComplianceFinding(policy: policy.metadata.name, tenant: tenant, service: workload, site: siteName,
                                               reason: describe(verdict, site)))
            }
        }
        return found.sorted { ($0.policy, $0.tenant, $0.service, $0.site) < ($1.policy, $1.tenant, $1.service, $1.site) }
    }

    private static func describe(_ verdict: ComplianceVerdict, _ site: Site) -> String {
        switch verdict {
        case .policyJurisdiction(_, let jurisdiction): "jurisdiction \(jurisdiction) is not one the policy requires"
        case .policySovereign: "the site is not sovereign"
        case .policyDeniedLabels: "the site's labels are denied (" + site.metadata.labels.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        case .jurisdiction(let j): "jurisdiction \(j)"
        case .notSovereign: "the site is not sovereign"
        case .allowed: "allowed"
        }
    }
}
