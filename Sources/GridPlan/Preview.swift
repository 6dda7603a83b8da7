public import GridModel

/// What a change (base revision to head revision) would do to the grid: the preview a pull
/// request gets. Pure: built from both revisions' manifests and placements.
public struct Preview: Sendable, Encodable {
    public struct Revision: Sendable, Encodable {
        public var sha: String
        public var subject: String

        public init(sha: String, subject: String) {
            self.sha = sha
            self.subject = subject
        }
    }

    public struct ChangedFile: Sendable, Encodable {
        public var path: String
        /// added, changed or removed.
        public var status: String

        public init(path: String, status: String) {
            self.path = path
            self.status = status
        }
    }

    public struct Finding: Sendable, Encodable {
        public var path: String
        public var line: Int
        public var column: Int
        public var severity: String
        public var code: String
        public var message: String
    }

    /// One service whose placement changes.
    public struct ServiceChange: Sendable, Encodable {
        public struct Site: Sendable, Encodable {
            public var site: String
            public var before: Int
            public var after: Int
        }

        public var tenant: String
        public var service: String
        public var replicasBefore: Int
        public var replicasAfter: Int
        /// Replicas per site, where the count changes.
        public var sites: [Site]
        /// Replica-weighted mean round trip to the users, in milliseconds.
        public var rttMsBefore: Double
        public var rttMsAfter: Double
        /// GPU cost per hour of all its replicas.
        public var costPerHourBefore: Double
        public var costPerHourAfter: Double
        public var unplacedAfter: Int
    }

    /// A GPU pool that the change fills to or past `threshold` of its GPUs.
    public struct PoolPressure: Sendable, Encodable {
        public var site: String
        public var gpuModel: String
        public var usedBefore: Int
        public var usedAfter: Int
        public var count: Int
    }

    /// A tenant GPU quota the change brings near its limit.
    public struct QuotaPressure: Sendable, Encodable {
        public var tenant: String
        public var gpuModel: String
        public var usedBefore: Int
        public var usedAfter: Int
        public var quota: Int
    }

    /// The waves a changed service would roll out in.
    public struct Rollout: Sendable, Encodable {
        public var tenant: String
        public var service: String
        public var waves: [[String]]
    }

    public var base: Revision
    public var head: Revision
    public var changedFiles: [ChangedFile]
    public var valid: Bool
    public var errors: Int
    public var warnings: Int
    public var diagnostics: [Finding]
    public var services: [ServiceChange]
    public var sites: [SitePlan]
    public var pools: [PoolPressure]
    public var quotas: [QuotaPressure]
    public var rollouts: [Rollout]
    /// What `warn` CompliancePolicies object to in the head's placement; `new` when the base's did not.
    public var compliance: [Compliance]

    public struct Compliance: Sendable, Encodable {
        public var finding: ComplianceFinding
        public var new: Bool
    }

    /// Pools filled to this share of their GPUs are listed.
    public static let poolThreshold = 0.85
    /// Quotas used to this share are listed.
    public static let quotaThreshold = 0.9

    private enum CodingKeys: String, CodingKey {
        case base, head, changedFiles, valid, errors, warnings, diagnostics, services, sites, pools, quotas, rollouts, compliance
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(base, forKey: .base)
        try c.encode(head, forKey: .head)
        try c.encode(changedFiles, forKey: .changedFiles)
        try c.encode(valid, forKey: .valid)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(services, forKey: .services)
        try c.encode(sites.map(SiteActions.init), forKey: .sites)
        try c.encode(pools, forKey: .pools)
        try c.encode(quotas, forKey: .quotas)
        try c.encode(rollouts, forKey: .rollouts)
        try c.encode(compliance.map { ComplianceJSON(finding: $0.finding, new: $0.new) }, forKey: .compliance)
    }

    private struct ComplianceJSON: Encodable {
        var finding: ComplianceFinding
        var new: Bool

        func encode(to encoder: any Encoder) throws {
            try finding.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(new, forKey: .new)
        }

        enum Key: String, CodingKey { case new }
    }

    /// A site's actions, as the JSON shows them.
    struct SiteActions: Encodable {
        struct Action: Encodable {
            var verb: String
            var resource: String
            var changes: [DriftItem.Field]?
        }

        var site: String
        var actions: [Action]

        init(_ plan: SitePlan) {
            site = plan.site
            actions = plan.actions.map { Action(verb: $0.verb.rawValue, resource: $0.id.description, changes: plan.changes[$0.id]) }
        }
    }
}

extension Preview {
    /// Builds the preview. When the head is invalid, `headPlacement` is nil: nothing of it
    /// would be applied, and only its files and diagnostics are shown.
    public static func build(
        base: Revision, head: Revision, changedFiles: [ChangedFile], headDiagnostics: [Diagnostic],
        baseManifests: ManifestSet, basePlacement: Placement,
        headManifests: ManifestSet, headPlacement: Placement?,
        baseCompliance: [ComplianceFinding] = [], headCompliance: [ComplianceFinding] = []
    ) -> Preview {
        let errors = headDiagnostics.count { $0.severity == .error }
        var preview = Preview(
            base: base, head: head, changedFiles: changedFiles, valid: errors == 0, errors: errors,
            warnings: headDiagnostics.count { $0.severity == .warning },
            diagnostics: headDiagnostics.map {
                Finding(path: $0.location.path, line: $0.location.line, column: $0.location.column,
                        severity: $0.severity.rawValue, code: $0.code.rawValue, message: $0.message)
            },
            services: [], sites: [], pools: [], quotas: [], rollouts: [], compliance: [])
        guard let headPlacement else { return preview }

        preview.services = serviceChanges(basePlacement, headPlacement, baseManifests, headManifests)
        let headDesired = DesiredState.render(headManifests, placement: headPlacement)
        preview.sites = siteActions(DesiredState.render(baseManifests, placement: basePlacement), headDesired)
        (preview.pools, preview.quotas) = pressure(basePlacement, headPlacement, baseManifests, headManifests)
        preview.rollouts = rollouts(baseManifests, headManifests, headDesired)
        let known = Set(baseCompliance)
        preview.compliance = headCompliance.map { Compliance(finding: $0, new: !known.contains($0)) }
        return preview
    }

    /// Services whose placement or spec changed, with replicas per site before and after.
    static func serviceChanges(_ before: Placement, _ after: Placement, _ old: ManifestSet, _ new: ManifestSet) -> [ServiceChange] {
        struct Tally {
            var bySite: [String: Int] = [:]
            var replicas = 0
            var rtt = 0.0
            var cost = 0.0
        }
        func tally(_ p: Placement, _ m: ManifestSet) -> [String: Tally] {
            let perReplica = gpusPerReplica(m)
            var out: [String: Tally] = [:]
            for a in p.assignments {
                let key = "\(a.tenant)/\(a.service)"
                var t = out[key] ?? Tally()
                t.bySite[a.site, default: 0] += a.replicas
                t.replicas += a.replicas
                t.rtt += a.rttMs * Double(a.replicas)
                t.cost += a.costPerHour * Double(a.replicas * (perReplica[key] ?? 1))
                out[key] = t
            }
            return out
        }
        let b = tally(before, old), a = tally(after, new)
        var oldSpec: [String: ModelService] = [:]
        for s in old.modelServices { oldSpec[s.metadata.qualifiedName] = s }
        var unplaced: [String: Int] = [:]
        for u in after.unplaced where !u.region.isEmpty { unplaced["\(u.tenant)/\(u.service)", default: 0] += u.replicas }
        // Services whose spec changed (or that are new) are listed even when they stay put.
        var specChanged = Set<String>()
        for s in new.modelServices {
            let key = s.metadata.qualifiedName
            if oldSpec[key].map({ !sameSpec($0, s) }) ?? true { specChanged.insert(key) }
        }
        return Set(b.keys).union(a.keys).union(specChanged).sorted().compactMap { key in
            let x = b[key] ?? Tally(), y = a[key] ?? Tally()
            guard x.bySite != y.bySite || specChanged.contains(key) else { return nil }
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            let sites = Set(x.bySite.keys).union(y.bySite.keys).sorted().compactMap { site -> ServiceChange.Site? in
                let (n, m) = (x.bySite[site] ?? 0, y.bySite[site] ?? 0)
                return n == m ? nil : ServiceChange.Site(site: site, before: n, after: m)
            }
            func mean(_ t: Tally) -> Double { t.replicas == 0 ? 0 : (t.rtt / Double(t.replicas) * 10).rounded() / 10 }
            return ServiceChange(tenant: parts[0], service: parts.count > 1 ? parts[1] : "", replicasBefore: x.replicas,
                                 replicasAfter: y.replicas, sites: sites, rttMsBefore: mean(x), rttMsAfter: mean(y),
                                 costPerHourBefore: (x.cost * 100).rounded() / 100, costPerHourAfter: (y.cost * 100).rounded() / 100,
                                 unplacedAfter: unplaced[key] ?? 0)
        }
    }

    /// GPUs per replica of each service, by `tenant/name`.
    private static func gpusPerReplica(_ m: ManifestSet) -> [String: Int] {
        Dictionary(m.modelServices.map { ($0.metadata.qualifiedName, $0.gpusPerReplica) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether two versions of a service differ in anything but where they were written.
    private static func sameSpec(_ a: ModelService, _ b: ModelService) -> Bool {
        a.modelName == b.modelName && a.modelVersion == b.modelVersion && a.workloadClass.name == b.workloadClass.name
            && a.replicas == b.replicas && a.gpuModels.map(\.name) == b.gpuModels.map(\.name) && a.gpusPerReplica == b.gpusPerReplica
            && a.users.map { "\($0.region.name):\($0.weight)" } == b.users.map { "\($0.region.name):\($0.weight)" }
            && a.sloLatencyMs == b.sloLatencyMs && a.minSites == b.minSites && a.maxReplicasPerSite == b.maxReplicasPerSite
    }

    /// The actions that take every site from the base's desired state to the head's.
    static func siteActions(_ before: DesiredState, _ after: DesiredState) -> [SitePlan] {
        Set(before.sites.keys).union(after.sites.keys).sorted().compactMap { site in
            let running = (before.sites[site] ?? []).map {
                ObservedResource(id: $0.id, spec: $0.spec, specHash: $0.specHash, managed: true, status: .ready)
            }
            var applied: [ResourceID: AppliedRecord] = [:]
            for r in before.sites[site] ?? [] { applied[r.id] = AppliedRecord(specHash: r.specHash, revision: "base") }
            let plan = SiteDiff.diff(site: site, desired: after.sites[site] ?? [], observed: running, applied: applied,
                                     policy: { _ in .heal })
            return plan.isEmpty ? nil : plan
        }
    }

    /// Pools the change fills past `poolThreshold`, quotas it brings past `quotaThreshold`.
    static func pressure(_ before: Placement, _ after: Placement, _ old: ManifestSet,
                         _ new: ManifestSet) -> ([PoolPressure], [QuotaPressure]) {
        func use(_ p: Placement, _ m: ManifestSet) -> (pools: [String: Int], tenants: [String: Int]) {
            let perReplica = gpusPerReplica(m)
            var pools: [String: Int] = [:], tenants: [String: Int] = [:]
            for a in p.assignments {
                let gpus = a.replicas * (perReplica["\(a.tenant)/\(a.service)"] ?? 1)
                pools["\(a.site)|\(a.gpuModel)", default: 0] += gpus
                tenants["\(a.tenant)|\(a.gpuModel)", default: 0] += gpus
            }
            for r in p.reservations {
                pools["\(r.site)|\(r.gpuModel)", default: 0] += r.gpus
                tenants["\(r.tenant)|\(r.gpuModel)", default: 0] += r.gpus
            }
            return (pools, tenants)
        }
        let b = use(before, old), a = use(after, new)
        var pools: [PoolPressure] = []
        for site in new.sites {
            for pool in site.gpus {
                let key = "\(site.metadata.name)|\(pool.model)"
                let (x, y) = (b.pools[key] ?? 0, a.pools[key] ?? 0)
                if y > x, Double(y) >= poolThreshold * Double(pool.count) {
                    pools.append(PoolPressure(site: site.metadata.name, gpuModel: pool.model, usedBefore: x, usedAfter: y, count: pool.count))
                }
            }
        }
        var quotas: [QuotaPressure] = []
        for tenant in new.tenants {
            for (model, quota) in (tenant.quota ?? [:]).sorted(by: { $0.key < $1.key }) {
                let key = "\(tenant.metadata.name)|\(model)"
                let (x, y) = (b.tenants[key] ?? 0, a.tenants[key] ?? 0)
                if y > x, Double(y) >= quotaThreshold * Double(quota) {
                    quotas.append(QuotaPressure(tenant: tenant.metadata.name, gpuModel: model, usedBefore: x, usedAfter: y, quota: quota))
                }
            }
        }
        return (pools, quotas)
    }

    /// The waves the controller would roll each service out in: the services whose deployment
    /// template (model, version, class, GPUs per replica) the head changes, over the sites the
    /// head places them at, by `Rollouts.order` and their `rollout.waves` (or the Grid's).
    /// A change of replicas or sites alone is not rolled out in waves: placement applies it.
    static func rollouts(_ old: ManifestSet, _ new: ManifestSet, _ after: DesiredState) -> [Rollout] {
        let changes = Rollouts.changes(from: old, to: new)
        let replicas = Rollouts.replicasBySite(after, only: Set(changes.map(\.deployment)))
        return changes.compactMap { change in
            let id = change.deployment
            guard let sites = replicas[id] else { return nil }
            return Rollout(tenant: id.tenant, service: id.name,
                           waves: Rollouts.waves(Rollouts.order(replicasBySite: sites), (change.service.rollout ?? new.grid?.rollout ?? .default).waves))
        }
    }
}
