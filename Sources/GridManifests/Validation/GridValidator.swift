public import GridModel

/// The identity of a document that failed to decode, kept so that references to it do not
/// cascade into "unknown" errors: the document's own diagnostics already say what is wrong.
struct Identity: Hashable, Sendable {
    var kind: Kind
    var tenant: String?
    var name: String
    var at: SourceLocation
}

/// Grid-wide checks: every document against the others. Exactly one Grid, unique names,
/// tenant ownership by folder, and every reference resolves.
struct GridValidator {
    let all: [Manifest]
    let grid: ManifestSet
    let invalid: [Identity]
    private(set) var diagnostics: [Diagnostic] = []

    private var regions: Set<String> = []
    private var siteByName: [String: Site] = [:]
    private var tenantByName: [String: Tenant] = [:]
    private var names: [Kind: Set<String>] = [:]
    private var gpuModels: [String] = []
    private var workloadClasses: Set<String> = []

    init(manifests: [Manifest], invalid: [Identity]) {
        all = manifests
        grid = ManifestSet(manifests)
        self.invalid = invalid
        let set = grid
        regions = Set(set.grid?.regions.map(\.name) ?? [])
        siteByName = Dictionary(set.sites.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        tenantByName = Dictionary(set.tenants.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        for identity in invalid {
            names[identity.kind, default: []].insert(qualified(identity.tenant, identity.name))
        }
        for manifest in all {
            names[manifest.kind, default: []].insert(qualified(manifest.metadata.tenant?.name, manifest.metadata.name))
        }
        gpuModels = Set(set.sites.flatMap { $0.gpus.map(\.model) }).sorted()
        workloadClasses = Set(set.placementPolicies.map(\.workloadClass))
    }

    mutating func run() -> [Diagnostic] {
        checkGridCount()
        checkUniqueNames()
        checkOwnership()
        checkSites()
        checkTenants()
        checkModelServices()
        checkClusters()
        checkNetworkQoS()
        checkPolicies()
        return diagnostics
    }

    // MARK: Helpers

    private mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(code, message, at: location))
    }

    private func qualified(_ tenant: String?, _ name: String) -> String {
        tenant.map { $0 + "/" + name } ?? name
    }

    private func exists(_ kind: Kind, _ name: String, tenant: String? = nil) -> Bool {
        names[kind]?.contains(qualified(tenant, name)) ?? false
    }

    private func hint(_ name: String, among candidates: [String]) -> String {
        closest(to: name, in: candidates).map { ": did you mean '\($0)'?" } ?? ""
    }

    private mutating func requireRegion(_ ref: Ref, what: String) {
        guard grid.grid != nil, !regions.contains(ref.name) else { return }
        report(.unresolvedReference, "\(what) '\(ref.name)' is not a region of the Grid" + hint(ref.name, among: regions.sorted()), at: ref.at)
    }

    /// When a Site failed to decode, the models it has are unknown: GPU-model references are
    /// not checked then, rather than blamed for the Site's own error.
    private var gpuModelsKnown: Bool { !invalid.contains { $0.kind == .site } }

    private mutating func requireGPUModel(_ ref: Ref, what: String) {
        guard gpuModelsKnown, !gpuModels.contains(ref.name) else { return }
        let known = gpuModels.isEmpty ? "" : " (models in the grid: \(gpuModels.joined(separator: ", ")))"
        let suggestion = closest(to: ref.name, in: gpuModels)
        report(.unknownGPUModel, "no site has GPU model '\(ref.name)' for \(what)"
               + (suggestion.map { ": did you mean '\($0)'?" } ?? known), at: ref.at)
    }

    // MARK: Checks

    private mutating func checkGridCount() {
        let invalidGrids = invalid.filter { $0.kind == .grid }
        if grid.grids.isEmpty, invalidGrids.isEmpty {
            report(.gridCount, "no Grid: a grid repository needs exactly one Grid, in manifests/grid.yaml",
                   at: SourceLocation(path: "manifests/grid.yaml"))
        }
        let all = grid.grids.map { ($0.metadata.name, $0.metadata.source) } + invalidGrids.map { ($0.name, $0.at) }
        guard let first = all.min(by: { $0.1 < $1.1 }) else { return }
        for other in all where other.1 != first.1 {
            report(.gridCount, "a second Grid '\(other.0)': there must be exactly one (the first is '\(first.0)' at \(first.1.description))",
                   at: other.1)
        }
    }

    private mutating func checkUniqueNames() {
        var seen: [String: SourceLocation] = [:]
        let identities = all.map {
            Identity(kind: $0.kind, tenant: $0.metadata.tenant?.name, name: $0.metadata.name, at: $0.metadata.nameAt)
        } + invalid
        for identity in identities.sorted(by: { $0.at < $1.at }) {
            let key = identity.kind.rawValue + "/" + qualified(identity.tenant, identity.name)
            if let first = seen[key] {
                let owner = identity.tenant.map { " of tenant '\($0)'" } ?? ""
                report(.duplicateName, "\(identity.kind.rawValue) '\(identity.name)'\(owner) is declared twice (first at \(first.description))",
                       at: identity.at)
            } else {
                seen[key] = identity.at
            }
        }
    }

    /// Tenant-owned documents live under `manifests/tenants/<their tenant>/`; nothing else may.
    private mutating func checkOwnership() {
        for manifest in all {
            let path = manifest.metadata.source.path
            let folderTenant = tenantFolder(of: path)
            let kind = manifest.kind
            if kind.isTenantOwned, let tenant = manifest.metadata.tenant {
                if folderTenant != tenant.name {
                    let place = folderTenant.map { "the folder of tenant '\($0)'" } ?? "no tenant's folder"
                    report(.ownership, "\(kind.rawValue) '\(manifest.metadata.name)' belongs to tenant '\(tenant.name)' but is in \(place): move it to manifests/tenants/\(tenant.name)/",
                           at: tenant.at)
                }
            } else if kind == .tenant {
                if let folderTenant, folderTenant != manifest.metadata.name {
                    report(.ownership, "Tenant '\(manifest.metadata.name)' is in the folder of tenant '\(folderTenant)': move it to manifests/tenants/\(manifest.metadata.name)/",
                           at: manifest.metadata.nameAt)
                }
            } else if let folderTenant {
                report(.ownership, "a \(kind.rawValue) may not be declared in a tenant's folder (manifests/tenants/\(folderTenant)/): it belongs to the operator",
                       at: manifest.metadata.source)
            }
        }
    }

    private func tenantFolder(of path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "manifests", parts[1] == "tenants" else { return nil }
        return String(parts[2])
    }

    private mutating func checkSites() {
        for site in grid.sites {
            requireRegion(site.region, what: "site region")
        }
    }

    private mutating func checkTenants() {
        for tenant in grid.tenants {
            for (model, at) in tenant.quotaAt.sorted(by: { $0.value < $1.value }) {
                requireGPUModel(Ref(model, at: at), what: "the quota of tenant '\(tenant.metadata.name)'")
            }
        }
    }

    private mutating func requireTenant(_ metadata: Metadata) -> Tenant? {
        guard let ref = metadata.tenant else { return nil }
        if let tenant = tenantByName[ref.name] { return tenant }
        if !exists(.tenant, ref.name) {
            report(.unresolvedReference, "tenant '\(ref.name)' is not declared (add manifests/tenants/\(ref.name)/tenant.yaml)"
                   + hint(ref.name, among: tenantByName.keys.sorted()), at: ref.at)
        }
        return nil
    }

    private mutating func checkModelServices() {
        for service in grid.modelServices {
            let tenant = requireTenant(service.metadata)
            for user in service.users { requireRegion(user.region, what: "user region") }
            for model in service.gpuModels { requireGPUModel(model, what: "service '\(service.metadata.name)'") }
            if let quota = tenant?.quota, !service.gpuModels.contains(where: { quota[$0.name] != nil }) {
                let listed = quota.keys.sorted().joined(separator: ", ")
                report(.quotaModel, "tenant '\(tenant?.metadata.name ?? "")' has a GPU quota for \(listed.isEmpty ? "no models" : listed) only; service '\(service.metadata.name)' asks for \(service.gpuModels.map(\.name).joined(separator: ", "))",
                       at: service.gpuModels[0].at)
            }
            if !workloadClasses.contains(service.workloadClass.name), !exists(.placementPolicy, service.workloadClass.name) {
                report(.noPlacementPolicy, "no PlacementPolicy for workload class '\(service.workloadClass.name)': the default policy applies (every tier, maxUtilization 0.85, default weights)"
                       + hint(service.workloadClass.name, among: workloadClasses.sorted()), at: service.workloadClass.at)
            }
        }
    }

    private mutating func checkClusterPlacement(_ placement: ClusterPlacement, kind: ServiceKind, models: [Ref], what: String) {
        switch placement {
        case .site(let ref):
            guard let site = siteByName[ref.name] else {
                if !exists(.site, ref.name) {
                    report(.unresolvedReference, "site '\(ref.name)' is not declared" + hint(ref.name, among: siteByName.keys.sorted()), at: ref.at)
                }
                return
            }
            if !site.hosts(kind) {
                report(.siteLacksService, "site '\(ref.name)' does not host \(kind.rawValue) (its services: \(site.services.map(\.rawValue).joined(separator: ", ")))",
                       at: ref.at)
            }
            for model in models where !site.gpus.contains(where: { $0.model == model.name }) {
                report(.unknownGPUModel, "site '\(ref.name)' has no \(model.name) GPUs for \(what) (it has: \(site.gpus.map(\.model).joined(separator: ", ")))",
                       at: model.at)
            }
        case .selector(let region, _):
            if let region { requireRegion(region, what: "placement region") }
            for model in models { requireGPUModel(model, what: what) }
        }
    }

    private mutating func checkClusters() {
        for cluster in grid.kubernetesClusters {
            _ = requireTenant(cluster.metadata)
            checkClusterPlacement(cluster.placement, kind: .kubernetes, models: cluster.nodePools.compactMap(\.gpuModel),
                                  what: "cluster '\(cluster.metadata.name)'")
        }
        for cluster in grid.slurmClusters {
            _ = requireTenant(cluster.metadata)
            checkClusterPlacement(cluster.placement, kind: .slurm, models: cluster.partitions.map(\.gpuModel),
                                  what: "cluster '\(cluster.metadata.name)'")
        }
    }

    private mutating func checkNetworkQoS() {
        for qos in grid.networkQoS {
            _ = requireTenant(qos.metadata)
            let tenant = qos.metadata.tenant?.name
            switch qos.from {
            case .region(let ref): requireRegion(ref, what: "source region")
            case .site(let ref):
                if !exists(.site, ref.name) {
                    report(.unresolvedReference, "site '\(ref.name)' is not declared" + hint(ref.name, among: siteByName.keys.sorted()), at: ref.at)
                }
            case .cidr: break
            }
            if !exists(.modelService, qos.toService.name, tenant: tenant) {
                let ownServices = grid.modelServices.filter { $0.metadata.tenant?.name == tenant }.map(\.metadata.name)
                report(.unresolvedReference, "tenant '\(tenant ?? "")' has no ModelService '\(qos.toService.name)'"
                       + hint(qos.toService.name, among: ownServices), at: qos.toService.at)
            }
        }
    }

    private mutating func checkPolicies() {
        var classes: [String: SourceLocation] = [:]
        for policy in grid.placementPolicies.sorted(by: { $0.workloadClassAt < $1.workloadClassAt }) {
            if let first = classes[policy.workloadClass] {
                report(.duplicateName, "workload class '\(policy.workloadClass)' has a second PlacementPolicy (first at \(first.description))",
                       at: policy.workloadClassAt)
            } else {
                classes[policy.workloadClass] = policy.workloadClassAt
            }
        }
        for policy in grid.compliancePolicies {
            guard case .tenants(let refs) = policy.match else { continue }
            for ref in refs where !exists(.tenant, ref.name) {
                report(.unresolvedReference, "tenant '\(ref.name)' is not declared" + hint(ref.name, among: tenantByName.keys.sorted()), at: ref.at)
            }
        }
    }
}
