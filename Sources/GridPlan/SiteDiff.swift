public import GridModel

/// One resource that is not as gridops left it.
public struct DriftItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Desired and applied before, now absent.
        case missing = "Missing"
        /// Present, but its spec differs from what was last applied: changed out of band.
        case modified = "Modified"
        /// Labelled as ours, not desired, and not something gridops applied.
        case orphan = "Orphan"
        /// Not ours: reported, never touched.
        case unmanaged = "Unmanaged"
    }

    public struct Field: Sendable, Hashable, Codable {
        public var field: String
        public var desired: String?
        public var observed: String?

        public init(field: String, desired: String?, observed: String?) {
            self.field = field
            self.desired = desired
            self.observed = observed
        }
    }

    public var site: String
    public var resource: ResourceID
    public var kind: Kind
    /// For Modified: the fields that differ between what git says and what the site runs.
    public var fields: [Field]
    public var policy: DriftPolicy
    /// Whether this plan puts it back (heal) or leaves it (report, or never for Unmanaged).
    public var healing: Bool
}

/// What one site needs: actions to run, drift found, resources left as they are.
public struct SitePlan: Sendable, Hashable {
    public var site: String
    /// Creates and updates, in apply order (namespaces first, QoS last).
    public var ensure: [SiteAction]
    /// Deletes, and updates that shrink a deployment, in reverse apply order. They run after
    /// every site's ensure phase, so a replica that moves is created at its new site before
    /// the old one goes.
    public var remove: [SiteAction]
    public var drift: [DriftItem]
    /// Desired resources that cannot be created: an unmanaged resource holds the name.
    public var blocked: [ResourceID]
    public var unchanged: Int
    /// For each update: the fields that change, from what the site runs to what git says.
    public var changes: [ResourceID: [DriftItem.Field]] = [:]

    public var actions: [SiteAction] { ensure + remove }
    public var isEmpty: Bool { ensure.isEmpty && remove.isEmpty }
}

/// The diff of one site: desired against observed, with the store's last-applied hashes.
public enum SiteDiff {
    /// - Parameters:
    ///   - desired: what should exist, sorted by id.
    ///   - observed: what the site reports, sorted by id (as `SiteObservation` keeps it).
    ///   - applied: what gridops last applied there, by resource.
    ///   - policy: the drift policy of a tenant.
    public static func diff(
        site: String, desired: [DesiredResource], observed: [ObservedResource],
        applied: [ResourceID: AppliedRecord], policy: (String) -> DriftPolicy
    ) -> SitePlan {
        var plan = SitePlan(site: site, ensure: [], remove: [], drift: [], blocked: [], unchanged: 0)
        // The common case, checked without hashing: the site runs exactly what is desired.
        // (Both lists are sorted by ResourceID.)
        if desired.count == observed.count,
           zip(desired, observed).allSatisfy({ $0.id == $1.id && $0.specHash == $1.specHash && $1.managed }) {
            plan.unchanged = desired.count
            return plan
        }
        var present: [ResourceID: ObservedResource] = [:]
        for o in observed { present[o.id] = o }

        for d in desired {
            let last = applied[d.id]
            guard let o = present.removeValue(forKey: d.id) else {
                // Absent. Applied before: someone deleted it (Missing). Never applied: a plain create.
                if last != nil {
                    let heal = policy(d.id.tenant) == .heal
                    plan.drift.append(DriftItem(site: site, resource: d.id, kind: .missing, fields: [],
                                                policy: policy(d.id.tenant), healing: heal))
                    if !heal { continue }
                }
                plan.ensure.append(SiteAction(verb: .create, id: d.id, spec: d.spec, specHash: d.specHash))
                continue
            }
            guard o.managed else {
                plan.drift.append(DriftItem(site: site, resource: d.id, kind: .unmanaged, fields: [],
                                            policy: policy(d.id.tenant), healing: false))
                plan.blocked.append(d.id)
                continue
            }
            if o.specHash == d.specHash {
                plan.unchanged += 1
                continue
            }
            // Present and different. If the site no longer runs what gridops applied, it was
            // changed out of band. A new revision (desired differs from what was applied)
            // is applied even under `report`; an unchanged one heals only under `heal`.
            if let last, last.specHash != o.specHash {
                let heal = policy(d.id.tenant) == .heal || last.specHash != d.specHash
                plan.drift.append(DriftItem(site: site, resource: d.id, kind: .modified, fields: fields(d.spec, o.spec),
                                            policy: policy(d.id.tenant), healing: heal))
                if !heal { continue }
            }
            let update = SiteAction(verb: .update, id: d.id, spec: d.spec, specHash: d.specHash)
            // A deployment that shrinks runs with the deletions: after its service has grown
            // elsewhere, so a replica that moves is up before it goes.
            if d.id.kind == .deployment, let want = Int(d.spec["replicas"] ?? ""), let have = Int(o.spec["replicas"] ?? ""), want < have {
                plan.remove.append(update)
            } else {
                plan.ensure.append(update)
            }
            plan.changes[d.id] = fields(d.spec, o.spec)
        }

        for o in present.values.sorted(by: { $0.id < $1.id }) {
            guard o.managed else {
                plan.drift.append(DriftItem(site: site, resource: o.id, kind: .unmanaged, fields: [],
                                            policy: policy(o.id.tenant), healing: false))
                continue
            }
            if applied[o.id] == nil {
                let heal = policy(o.id.tenant) == .heal
                plan.drift.append(DriftItem(site: site, resource: o.id, kind: .orphan, fields: [],
                                            policy: policy(o.id.tenant), healing: heal))
                if !heal { continue }
            }
            plan.remove.append(SiteAction(verb: .delete, id: o.id, spec: ResourceSpec(), specHash: o.specHash))
        }
        plan.remove.sort { $1.id < $0.id }  // QoS first, namespaces last
        return plan
    }

    private static func fields(_ desired: ResourceSpec, _ observed: ResourceSpec) -> [DriftItem.Field] {
        desired.differingKeys(from: observed).map { DriftItem.Field(field: $0, desired: desired[$0], observed: observed[$0]) }
    }
}
