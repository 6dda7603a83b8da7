import GridModel

/// What names a document: enough to find it and to say where it is. Documents that failed to
/// decode keep theirs too, so references to them do not cascade into "unknown" errors: the
/// document's own diagnostics already say what is wrong.
struct Identity: Sendable {
    var key: NameKey
    /// Where `metadata.name` is written.
    var at: SourceLocation
    /// Where the document starts.
    var source: SourceLocation
    /// Where `metadata.tenant` is written, for tenant-owned kinds.
    var tenantAt: SourceLocation?

    init(kind: Kind, tenant: String?, name: String, at: SourceLocation, source: SourceLocation? = nil, tenantAt: SourceLocation? = nil) {
        key = NameKey(kind: kind, tenant: tenant, name: name)
        self.at = at
        self.source = source ?? at
        self.tenantAt = tenantAt
    }

    init(_ kind: Kind, _ metadata: Metadata) {
        self.init(kind: kind, tenant: metadata.tenant?.name, name: metadata.name, at: metadata.nameAt,
                  source: metadata.source, tenantAt: metadata.tenant?.at)
    }
}

/// Names are unique per kind, and per tenant for tenant-owned kinds.
struct NameKey: Hashable, Sendable {
    var kind: Kind
    var tenant: String?
    var name: String
}

/// Grid-wide checks: every document against the others. Exactly one Grid, unique names,
/// tenant ownership by folder, and every reference resolves.
struct GridValidator {
    let grid: ManifestSet
    private(set) var diagnostics: [Diagnostic] = []

    /// Every document's identity, valid ones and failed ones, in path order.
    private let identities: [Identity]
    /// The first place each name is declared.
    private var declared: [NameKey: SourceLocation] = [:]
    private let invalidKinds: Set<Kind>
    private let regions: Set<String>
    private let siteByName: [String: Site]
    private let tenantByName: [String: Tenant]
    private let gpuModels: [String]
    private let workloadClasses: Set<String>
    private let hintBudget = HintBudget()

    /// `identities` are every document's, valid or not, in path order; `invalidKinds` the kinds
    /// of the documents that failed to decode. Without `sitesByName`, checks that look sites
    /// up by name (clusters, QoS) may not run.
    init(grid: ManifestSet, identities: [Identity], invalidKinds: Set<Kind>, sitesByName: Bool = true) {
        self.grid = grid
        self.identities = identities
        self.invalidKinds = invalidKinds
        regions = Set(grid.grid?.regions.map(\.name) ?? [])
        siteByName = sitesByName ? Dictionary(grid.sites.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        tenantByName = Dictionary(grid.tenants.map { ($0.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        var models = Set<String>()
        for site in grid.sites {
            for pool in site.gpus { models.insert(pool.model) }
        }
        gpuModels = models.sorted()
        workloadClasses = Set(grid.placementPolicies.map(\.workloadClass))
    }

    mutating func run() -> [Diagnostic] {
        checkGridCount()
        checkUniqueNames()
        checkOwnership()
        checkSites()
        checkTenants()
        checkModelServices(grid.modelServices)
        checkClusters()
        checkNetworkQoS()
        checkPolicies()
        return diagnostics
    }

    // MARK: Helpers

    private mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(code, message, at: location))
    }

    private func exists(_ kind: Kind, _ name: String, tenant: String? = nil) -> Bool {
        declared[NameKey(kind: kind, tenant: tenant, name: name)] != nil
    }

    /// ": did you mean 'x'?" for the closest candidate. Suggestions cost an edit distance per
    /// candidate, so a revision with thousands of broken references gets them for the first
    /// `hintBudget` only: hostile input stays cheap.
    private func hint(_ name: String, among candidates: @autoclosure () -> [String]) -> String {
        guard hintBudget.left > 0 else { return "" }
        hintBudget.left -= 1
        return closest(to: name, in: candidates()).map { ": did you mean '\($0)'?" } ?? ""
    }

    private mutating func requireRegion(_ ref: Ref, what: @autoclosure () -> String) {
        guard grid.grid != nil, !regions.contains(ref.name) else { return }
        report(.unresolvedReference, "\(what()) '\(ref.name)' is not a region of the Grid" + hint(ref.name, among: regions.sorted()), at: ref.at)
    }

    /// When a Site failed to decode, the models it has are unknown: GPU-model references are
    /// not checked then, rather than blamed for the Site's own error.
    private var gpuModelsKnown: Bool { !invalidKinds.contains(.site) }

    private mutating func requireGPUModel(_ ref: Ref, what: @autoclosure () -> String) {
        guard gpuModelsKnown, !gpuModels.contains(ref.name) else { return }
        let known = gpuModels.isEmpty ? "" : " (models in the grid: \(gpuModels.joined(separator: ", ")))"
        let suggestion = closest(to: ref.name, in: gpuModels)
        report(.unknownGPUModel, "no site has GPU model '\(ref.name)' for \(what())"
               + (suggestion.map { ": did you mean '\($0)'?" } ?? known), at: ref.at)
    }

    // MARK: Checks

    private mutating func checkGridCount() {
        let grids = identities.filter { $0.key.kind == .grid }.sorted { $0.source < $1.source }
        guard let first = grids.first else {
            report(.gridCount, "no Grid: a grid repository needs exactly one Grid, in manifests/grid.yaml",
                   at: SourceLocation(path: "manifests/grid.yaml"))
            return
        }
        for other in grids.dropFirst() {
            report(.gridCount, "a second Grid '\(other.key.name)': there must be exactly one (the first is '\(first.key.name)' at \(first.source.description))",
                   at: other.source)
        }
    }

    /// Fills `declared` and reports every name declared twice, at the later place.
    private mutating func checkUniqueNames() {
        var duplicates: [(key: NameKey, at: SourceLocation)] = []
        declared.reserveCapacity(identities.count)
        for identity in identities {
            if let first = declared[identity.key] {
                if identity.at < first {
                    declared[identity.key] = identity.at
                    duplicates.append((identity.key, first))
                } else {
                    duplicates.append((identity.key, identity.at))
                }
            } else {
                declared[identity.key] = identity.at
            }
        }
        for (key, at) in duplicates {
            let owner = key.tenant.map { " of tenant '\($0)'" } ?? ""
            let first = declared[key].map(\.description) ?? ""
            report(.duplicateName, "\(key.kind.rawValue) '\(key.name)'\(owner) is declared twice (first at \(first))", at: at)
        }
    }

    /// Tenant-owned documents live under `manifests/tenants/<their tenant>/`; nothing else may.
    private mutating func checkOwnership() {
        for identity in identities {
            let key = identity.key
            let folderTenant = tenantFolder(of: identity.source.path)
            if key.kind.isTenantOwned, let tenant = key.tenant {
                if folderTenant != tenant {
                    let place = folderTenant.map { "the folder of tenant '\($0)'" } ?? "no tenant's folder"
                    report(.ownership, "\(key.kind.rawValue) '\(key.name)' belongs to tenant '\(tenant)' but is in \(place): move it to manifests/tenants/\(tenant)/",
                           at: identity.tenantAt ?? identity.source)
                }
            } else if key.kind == .tenant {
                if let folderTenant, folderTenant != key.name {
                    report(.ownership, "Tenant '\(key.name)' is in the folder of tenant '\(folderTenant)': move it to manifests/tenants/\(key.name)/",
                           at: identity.at)
                }
            } else if let folderTenant {
                report(.ownership, "a \(key.kind.rawValue) may not be declared in a tenant's folder (manifests/tenants/\(folderTenant)/): it belongs to the operator",
                       at: identity.source)
            }
        }
    }

    /// `<t>` for a path under `manifests/tenants/<t>/`, without allocating for other paths.
    private func tenantFolder(of path: String) -> String? {
        let prefix = "manifests/tenants/".utf8
        let bytes = path.utf8
        guard bytes.starts(with: prefix) else { return nil }
        let rest = bytes.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash > rest.startIndex else { return nil }
        return String(path[rest.startIndex..<slash])
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

    /// Checks only `services` against the rest of a valid grid: what a commit that changed
    /// nothing but their content can have broken (their names, and so every reference to
    /// them, are unchanged).
    static func check(services: [ModelService], in grid: ManifestSet) -> [Diagnostic] {
        let identities = grid.tenants.map { Identity(.tenant, $0.metadata) }
            + grid.placementPolicies.map { Identity(.placementPolicy, $0.metadata) }
        var validator = GridValidator(grid: grid, identities: identities, invalidKinds: [], sitesByName: false)
        validator.checkUniqueNames()
        validator.checkModelServices(services)
        return validator.diagnostics
    }

    private mutating func checkModelServices(_ services: some Sequence<ModelService>) {
        for service in services {
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
                let suggestion = hint(qos.toService.name, among: grid.modelServices.filter { $0.metadata.tenant?.name == tenant }.map(\.metadata.name))
                report(.unresolvedReference, "tenant '\(tenant ?? "")' has no ModelService '\(qos.toService.name)'" + suggestion,
                       at: qos.toService.at)
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

/// How many "did you mean" suggestions one validation may still compute.
private final class HintBudget {
    var left = 200
}
