public import GridModel

extension Placer {
    /// What `placeChanged` gives back.
    public struct Change: Sendable {
        public var placement: Placement
        /// The sites whose assignments may differ (old and new sites of the changed
        /// services): only theirs need rendering again.
        public var sites: Set<String>
        /// The services placed again (changed, added or removed), in name order.
        public var services: [(tenant: String, name: String)]
        /// The new placement's ledger, for the next commit.
        public var ledger: PlacementLedger
    }

    /// Re-places only the ModelServices that changed between two revisions, keeping every
    /// other assignment exactly where it is: unchanged inputs are not placed again, so a
    /// one-file commit costs one service's placement and moves nothing else.
    ///
    /// Applies when nothing but ModelServices changed (Grid, Sites, Tenants, clusters and
    /// policies equal) and the observed snapshot is the one `previous` was placed with;
    /// returns nil otherwise, and the caller places everything.
    ///
    /// The changed services are placed on the pools as `previous` holds them (the ledger's
    /// index: foreign use, reservations and every replica), less their own replicas, so
    /// quotas, isolation and each pool's strictest class hold as in a full placement.
    /// Replicas of unchanged services that could not be placed stay unplaced until the next
    /// full placement.
    ///
    /// - Parameters:
    ///   - edits: the positions in `new.modelServices` that changed, when the caller knows
    ///     them (`LoadResult.edits`), with the same services at every other position as in
    ///     `old`; nil: found by comparing every service.
    ///   - ledger: `previous`'s ledger, from `placeKeepingLedger` or an earlier call; nil:
    ///     made from `previous` (a pass over every assignment).
    public static func placeChanged(
        from old: ManifestSet, _ previous: Placement, to new: ManifestSet, edits: [Int]? = nil, ledger: PlacementLedger? = nil,
        observed: ObservedSnapshot, revision: String?
    ) -> Change? {
        guard old.grids == new.grids, old.sites == new.sites, old.tenants == new.tenants,
              old.placementPolicies == new.placementPolicies, old.compliancePolicies == new.compliancePolicies,
              old.kubernetesClusters == new.kubernetesClusters, old.slurmClusters == new.slurmClusters else { return nil }

        // The services before (changed or removed) and after (changed or added).
        var before: [ServiceKey: ModelService] = [:]
        var changed: [ModelService] = []
        if let edits {
            for p in edits where old.modelServices[p] != new.modelServices[p] {
                before[ServiceKey(old.modelServices[p])] = old.modelServices[p]
                changed.append(new.modelServices[p])
            }
        } else {
            var oldIndex: [ServiceKey: Int] = [:]
            for (i, s) in old.modelServices.enumerated() { oldIndex[ServiceKey(s)] = i }
            var present = Set<ServiceKey>()
            for s in new.modelServices {
                let key = ServiceKey(s)
                present.insert(key)
                if let i = oldIndex[key], old.modelServices[i] == s { continue }
                if let i = oldIndex[key] { before[key] = old.modelServices[i] }
                changed.append(s)
            }
            for (key, i) in oldIndex where !present.contains(key) { before[key] = old.modelServices[i] }
        }
        let touched = Set(before.keys).union(changed.map(ServiceKey.init))
        // Many changes: a full placement is as cheap and places better.
        guard touched.count * 10 <= max(10, new.modelServices.count) else { return nil }
        guard let ledger = ledger.flatMap({ $0.describes(previous) ? $0 : nil })
                ?? PlacementLedger(previous, grid: old, observed: observed) else { return nil }

        // The touched services' replicas come out of a copy of the ledger's pools.
        let index = GridIndex(copying: ledger.index)
        let tenants = TenantTable(new)
        let policies = PolicyTable(new)
        var use = ledger.tenantUse
        let services = touched.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) }
        let ownRanges = services.map { previous.assignmentRange(tenant: $0.tenant, service: $0.name) }
        let own = ownRanges.flatMap { previous.assignments[$0] }
        for a in own {
            guard let service = before[ServiceKey(tenant: a.tenant, name: a.service)],
                  let p = index.pool(site: a.site, model: a.gpuModel), let t = tenants.index[a.tenant] else { return nil }
            let gpus = a.replicas * service.gpusPerReplica
            index.remove(gpus, pool: p, tenant: t, dedicated: tenants.dedicated[t], utilization: policies.utilization(service))
            use[a.tenant]?[a.gpuModel]? -= gpus
        }

        // The changed services alone, with what the others hold taken from their tenants' quotas.
        var reduced = new
        reduced.modelServices = ChunkedArray(changed)
        reduced.kubernetesClusters = []
        reduced.slurmClusters = []
        let placing = Set(changed.compactMap { $0.metadata.tenant?.name })
        reduced.tenants = new.tenants.map { tenant in
            var t = tenant
            if placing.contains(t.metadata.name), let quota = t.quota, let held = use[t.metadata.name] {
                t.quota = Dictionary(uniqueKeysWithValues: quota.map { ($0.key, max(0, $0.value - (held[$0.key] ?? 0))) })
            }
            return t
        }
        let ownCurrent = Placement(revision: previous.revision, objective: 0, assignments: own, reservations: [], unplaced: [])
        let input = PlacementInput(grid: reduced, revision: revision, observed: observed, current: ownCurrent)
        let engine = PlacementEngine(input, index: index)
        engine.run(current: ownCurrent, orders: [.byPriority])
        let run = engine.result(revision: revision)
        let after = Dictionary(changed.map { (ServiceKey($0), $0) }, uniquingKeysWith: { a, _ in a })
        for a in run.assignments {
            let perReplica = after[ServiceKey(tenant: a.tenant, name: a.service)]?.gpusPerReplica ?? 0
            use[a.tenant, default: [:]][a.gpuModel, default: 0] += a.replicas * perReplica
        }

        let assignments = splice(previous.assignments, removing: ownRanges, inserting: run.assignments, by: order)
        // A touched service's unplaced replicas by region are replaced; those without a region
        // (it could not be placed at all: reported once, first in its range) are kept.
        let unplacedOrder = { (a: Placement.Unplaced, b: Placement.Unplaced) in
            (a.tenant, a.service, a.region, a.reason) < (b.tenant, b.service, b.region, b.reason)
        }
        let unplacedRanges = services.map { key in
            previous.unplaced.partitionPoint { ($0.tenant, $0.service, $0.region) <= (key.tenant, key.name, "") }
                ..< previous.unplaced.partitionPoint { ($0.tenant, $0.service) <= (key.tenant, key.name) }
        }
        let unplaced = splice(previous.unplaced, removing: unplacedRanges, inserting: run.unplaced.filter { !$0.region.isEmpty },
                              by: unplacedOrder)
        let objective = previous.objective - cost(own, services: before, policies: policies)
            + cost(run.assignments, services: after, policies: policies)
        let sites = Set(own.map(\.site)).union(run.assignments.map(\.site))
        let placement = Placement(revision: revision, objective: (objective * 1000).rounded() / 1000, assignments: assignments,
                                  reservations: previous.reservations, unplaced: unplaced)
        return Change(placement: placement, sites: sites, services: services.map { ($0.tenant, $0.name) },
                      ledger: PlacementLedger(index: index, placement: placement, tenantUse: use))
    }

    /// The latency and cost terms of assignments (moves are not counted).
    private static func cost(_ assignments: [Placement.Assignment], services: [ServiceKey: ModelService],
                             policies: PolicyTable) -> Double {
        assignments.reduce(0) { total, a in
            guard let s = services[ServiceKey(tenant: a.tenant, name: a.service)] else { return total }
            let w = policies.policy(s).weights
            return total + Double(a.replicas) * (w.latencyPerMs * a.rttMs + w.costPerGpuHour * Double(s.gpusPerReplica) * a.costPerHour)
        }
    }

    /// `sorted` (by `less`) without the elements in `ranges` (ascending, disjoint) and with
    /// `new` (sorted too) each at its place: slices copied, no comparisons but a binary search
    /// per new element.
    private static func splice<T>(_ sorted: [T], removing ranges: [Range<Int>], inserting new: [T],
                                  by less: (T, T) -> Bool) -> [T] {
        // Where each new element goes; a place inside a removed range is the range's end.
        let places = new.map { a in
            let p = sorted.partitionPoint { less($0, a) }
            return ranges.first { $0.lowerBound < p && p < $0.upperBound }?.upperBound ?? p
        }
        var out: [T] = []
        out.reserveCapacity(sorted.count + new.count - ranges.reduce(0) { $0 + $1.count })
        var i = 0, j = 0, r = 0
        while i < sorted.count || j < new.count {
            let nextInsert = j < new.count ? places[j] : Int.max
            let nextCut = r < ranges.count ? ranges[r].lowerBound : Int.max
            let next = min(nextInsert, nextCut, sorted.count)
            out += sorted[i..<next]
            i = next
            if nextInsert == next {
                out.append(new[j])
                j += 1
            } else if nextCut == next {
                i = ranges[r].upperBound
                r += 1
            } else {
                break
            }
        }
        return out
    }
}
