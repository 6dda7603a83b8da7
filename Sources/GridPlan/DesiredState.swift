public import GridModel

/// What should exist at every site: rendered from the manifests and their placement. Pure.
public struct DesiredState: Sendable, Equatable {
    /// Resources per site name, sorted by `ResourceID` (apply order).
    public var sites: [String: [DesiredResource]]

    public init(sites: [String: [DesiredResource]]) {
        self.sites = sites
    }

    public var resourceCount: Int { sites.values.reduce(0) { $0 + $1.count } }

    /// Renders every site's resources:
    /// - a tenant's namespace wherever the tenant has anything;
    /// - one deployment per service and site (model, version, replicas by GPU model);
    /// - a KubernetesCluster where it is reserved, one resource per SLURM partition;
    /// - a NetworkQoS rule at every site that runs its target service.
    public static func render(_ manifests: ManifestSet, placement: Placement) -> DesiredState {
        var builder = Builder(manifests)
        for a in placement.assignments { builder.add(a) }
        for r in placement.reservations { builder.add(r) }
        return builder.finish()
    }

    /// This state with only `sites` rendered again (a site's resources depend only on what
    /// is placed there): what a commit that moved a few services costs.
    ///
    /// - Parameters:
    ///   - positions: each service's position in `manifests.modelServices`, by qualified
    ///     name, when the caller keeps such an index: the services those sites run are then
    ///     looked up rather than found by a pass over all of them.
    ///   - changed: with `positions`, the only services whose assignments differ from those
    ///     this state was rendered from: the sites' assignments are then found from the
    ///     services they run (theirs and these), not by a pass over every assignment.
    public func rerendering(_ sites: Set<String>, _ manifests: ManifestSet, placement: Placement,
                            positions: [String: Int]? = nil, changed: [(tenant: String, name: String)]? = nil) -> DesiredState {
        guard !sites.isEmpty else { return self }
        let assignments: [Placement.Assignment]
        if positions != nil, let changed {
            var running = Set(changed.map { "\($0.tenant)/\($0.name)" })
            var keys = changed
            for site in sites {
                for r in self.sites[site] ?? [] where r.id.kind == .deployment && running.insert("\(r.id.tenant)/\(r.id.name)").inserted {
                    keys.append((r.id.tenant, r.id.name))
                }
            }
            assignments = keys.flatMap { placement.assignments[placement.assignmentRange(tenant: $0.tenant, service: $0.name)] }
                .filter { sites.contains($0.site) }
        } else {
            assignments = placement.assignments.filter { sites.contains($0.site) }
        }
        let reservations = placement.reservations.filter { sites.contains($0.site) }
        // Index only the manifests those sites use, not the whole grid. (Names compared as
        // pairs: no string is built per manifest.)
        typealias Key = Builder.ServiceKey
        let services = Set(assignments.map { Key(tenant: $0.tenant, name: $0.service) })
        let clusters = Set(reservations.map { Key(tenant: $0.tenant, name: $0.name) })
        func key(_ m: Metadata) -> Key { Key(tenant: m.tenant?.name ?? "", name: m.name) }
        var used = manifests
        if let positions {
            used.modelServices = ChunkedArray(services.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) }
                .compactMap { positions["\($0.tenant)/\($0.name)"].map { manifests.modelServices[$0] } })
        } else {
            used.modelServices = manifests.modelServices.filter { services.contains(key($0.metadata)) }
        }
        used.networkQoS = manifests.networkQoS.filter { services.contains(Key(tenant: $0.metadata.tenant?.name ?? "", name: $0.toService.name)) }
        used.kubernetesClusters = clusters.isEmpty ? [] : manifests.kubernetesClusters.filter { clusters.contains(key($0.metadata)) }
        used.slurmClusters = clusters.isEmpty ? [] : manifests.slurmClusters.filter { clusters.contains(key($0.metadata)) }
        var builder = Builder(used)
        for a in assignments { builder.add(a) }
        for r in reservations { builder.add(r) }
        let fresh = builder.finish()
        var next = self
        for site in sites { next.sites[site] = fresh.sites[site] }
        return next
    }
}

private struct Builder {
    var tenants: [String: Tenant] = [:]
    var services: [ServiceKey: ModelService] = [:]
    var kubernetes: [ServiceKey: KubernetesCluster] = [:]
    var slurm: [ServiceKey: SlurmCluster] = [:]
    var qosByService: [ServiceKey: [NetworkQoS]] = [:]
    /// Site → id → spec, filled as assignments and reservations arrive.
    var specs: [String: [ResourceID: ResourceSpec]] = [:]

    struct ServiceKey: Hashable {
        var tenant: String
        var name: String
    }

    init(_ m: ManifestSet) {
        for t in m.tenants { tenants[t.metadata.name] = t }
        for s in m.modelServices { services[key(s.metadata)] = s }
        for k in m.kubernetesClusters { kubernetes[key(k.metadata)] = k }
        for s in m.slurmClusters { slurm[key(s.metadata)] = s }
        for q in m.networkQoS {
            qosByService[ServiceKey(tenant: q.metadata.tenant?.name ?? "", name: q.toService.name), default: []].append(q)
        }
    }

    private func key(_ metadata: Metadata) -> ServiceKey {
        ServiceKey(tenant: metadata.tenant?.name ?? "", name: metadata.name)
    }

    mutating func add(_ a: Placement.Assignment) {
        guard a.replicas > 0, let service = services[ServiceKey(tenant: a.tenant, name: a.service)] else { return }
        let id = ResourceID(kind: .deployment, tenant: a.tenant, name: a.service)
        var spec = specs[a.site]?[id] ?? Rollouts.template(of: service)
        spec.add(a.replicas, to: "replicas")
        spec.add(a.replicas, to: "replicas.\(a.gpuModel)")
        spec.add(a.replicas * service.gpusPerReplica, to: "gpus.\(a.gpuModel)")
        put(spec, id, at: a.site)
    }

    mutating func add(_ r: Placement.Reservation) {
        let key = ServiceKey(tenant: r.tenant, name: r.name)
        if let cluster = kubernetes[key] {
            let id = ResourceID(kind: .kubernetesCluster, tenant: r.tenant, name: r.name)
            var spec = specs[r.site]?[id] ?? ResourceSpec([
                "version": cluster.version,
                "controlPlane": String(cluster.controlPlaneReplicas),
                "nodePools": cluster.nodePools.map { pool in
                    "\(pool.name):\(pool.nodes)x\(pool.gpusPerNode)x\(pool.gpuModel?.name ?? "cpu")"
                }.joined(separator: ","),
            ])
            spec.add(r.gpus, to: "gpus.\(r.gpuModel)")
            put(spec, id, at: r.site)
        } else if let cluster = slurm[key], !placedSlurm(key, at: r.site) {
            // A SLURM cluster reserves one entry per partition; each partition is a resource.
            for partition in cluster.partitions {
                let id = ResourceID(kind: .slurmPartition, tenant: r.tenant, name: "\(r.name).\(partition.name)")
                var spec = ResourceSpec([
                    "cluster": r.name,
                    "partition": partition.name,
                    "gpuModel": partition.gpuModel.name,
                    "priority": String(partition.priority),
                    "accounts": cluster.accounts.joined(separator: ","),
                    "gpus.\(partition.gpuModel.name)": String(partition.gpuCount),
                ])
                if let maxTime = partition.maxTime { spec["maxTime"] = maxTime.text }
                put(spec, id, at: r.site)
            }
        }
    }

    private func placedSlurm(_ key: ServiceKey, at site: String) -> Bool {
        guard let first = slurm[key]?.partitions.first else { return true }
        return specs[site]?[ResourceID(kind: .slurmPartition, tenant: key.tenant, name: "\(key.name).\(first.name)")] != nil
    }

    private mutating func put(_ spec: ResourceSpec, _ id: ResourceID, at site: String) {
        specs[site, default: [:]][id] = spec
        let namespace = ResourceID(kind: .namespace, tenant: id.tenant, name: id.tenant)
        if specs[site]?[namespace] == nil {
            let isolation = tenants[id.tenant]?.isolation.rawValue ?? Isolation.shared.rawValue
            specs[site]?[namespace] = ResourceSpec(["tenant": id.tenant, "isolation": isolation])
        }
    }

    mutating func finish() -> DesiredState {
        // QoS rules follow their service to every site it runs at.
        for (site, resources) in specs {
            for id in resources.keys where id.kind == .deployment {
                for q in qosByService[ServiceKey(tenant: id.tenant, name: id.name)] ?? [] {
                    specs[site]?[ResourceID(kind: .networkQoS, tenant: id.tenant, name: q.metadata.name)] = q.spec
                }
            }
        }
        var sites: [String: [DesiredResource]] = [:]
        for (site, resources) in specs {
            sites[site] = resources.map { DesiredResource(id: $0.key, spec: $0.value) }.sorted { $0.id < $1.id }
        }
        return DesiredState(sites: sites)
    }
}

extension ResourceSpec {
    fileprivate mutating func add(_ n: Int, to key: String) {
        self[key] = String((self[key].flatMap { Int($0) } ?? 0) + n)
    }
}

extension NetworkQoS {
    fileprivate var spec: ResourceSpec {
        var spec = ResourceSpec([
            "service": toService.name,
            "class": qosClass.rawValue,
            "dscp": qosClass.dscp,
            "guaranteedMbps": String(guaranteedMbps),
            "maxMbps": String(maxMbps),
        ])
        switch from {
        case .region(let r): spec["from"] = "region:\(r.name)"
        case .site(let s): spec["from"] = "site:\(s.name)"
        case .cidr(let c): spec["from"] = "cidr:\(c)"
        }
        if let maxLatencyMs { spec["maxLatencyMs"] = plain(maxLatencyMs) }
        return spec
    }
}

extension QoSClass {
    /// The DiffServ code point the class marks packets with.
    public var dscp: String {
        switch self {
        case .realtime: "EF"
        case .interactive: "AF41"
        case .bulk: "AF11"
        }
    }
}
