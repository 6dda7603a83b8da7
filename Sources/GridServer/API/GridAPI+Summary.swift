import Foundation
import Hummingbird
import GridModel
import GridReconciler

// `/api/v1/summary` and `/api/v1/map`: what the dashboard polls, sized by the number of
// groups and map cells, not by the number of sites and services.

/// The snapshot of the last pass. The pass that posts builds it (`rebuild`, from the board's
/// listener) while requests go on reading the previous one; a request finding none, or one
/// older than the board's with no build under way (a board posted before this API existed),
/// builds it under the lock, so concurrent requests build it once.
final class SnapshotCache: @unchecked Sendable {
    private let condition = NSCondition()
    private var current: APISnapshot?
    /// Builds under way (posts can overlap).
    private var building = 0

    func snapshot(_ board: PassBoard) -> APISnapshot {
        condition.lock()
        defer { condition.unlock() }
        // With nothing to serve yet, wait for the build under way rather than build it twice.
        while current == nil && building > 0 { condition.wait() }
        let latest = board.latest
        if let current, current.finished == latest?.finished || building > 0 { return current }
        let built = APISnapshot(report: latest?.report, finished: latest?.finished)
        current = built
        return built
    }

    func rebuild(_ report: PassReport, finished: Date) {
        condition.lock()
        building += 1
        condition.unlock()
        let built = APISnapshot(report: report, finished: finished)
        condition.lock()
        if (current?.finished ?? .distantPast) <= finished { current = built }
        building -= 1
        condition.broadcast()
        condition.unlock()
    }
}

extension APISnapshot {
    /// Tenants listed by name in a summary; the others are summed.
    static let topTenants = 20

    static func summary(sites: [APISite]?, services: [APIService], shares: [APISummary.TenantShare], drifted: Int,
                        revision: String?, observedAt: Date?) -> APISummary {
        var servicesByCondition: [String: Int] = [:]
        var placedReplicas = 0, unplacedReplicas = 0
        for s in services {
            servicesByCondition[s.condition, default: 0] += 1
            placedReplicas += s.placedReplicas
            unplacedReplicas += s.unplacedReplicas
        }
        let ranked = shares.sorted { ($0.gpus, $1.name) > ($1.gpus, $0.name) }
        let others = ranked.dropFirst(topTenants)
        var summary = APISummary(
            revision: revision, observedAt: observedAt, services: services.count, servicesByCondition: servicesByCondition,
            placedReplicas: placedReplicas, unplacedReplicas: unplacedReplicas, driftedResources: drifted,
            tenantCount: shares.count, tenants: Array(ranked.prefix(topTenants)),
            otherTenants: others.isEmpty ? nil : others.reduce(into: APISummary.TenantShare(
                name: "\(others.count) other tenants", services: 0, placedReplicas: 0, unplacedReplicas: 0, gpus: 0)) {
                    $0.services += $1.services
                    $0.placedReplicas += $1.placedReplicas
                    $0.unplacedReplicas += $1.unplacedReplicas
                    $0.gpus += $1.gpus
                })
        guard let sites else { return summary }
        var total = APISummary.Capacity(sites: 0, capacity: 0, inUse: 0)
        var byCondition: [String: APISummary.Capacity] = [:], byTier: [String: APISummary.Capacity] = [:]
        var byModel: [String: APISummary.Capacity] = [:], byRegion: [String: APISummary.Capacity] = [:]
        func add(_ groups: inout [String: APISummary.Capacity], _ key: String, _ capacity: Int, _ inUse: Int, site: Bool) {
            var c = groups[key] ?? .init(sites: 0, capacity: 0, inUse: 0)
            c.sites += site ? 1 : 0
            c.capacity += capacity
            c.inUse += inUse
            groups[key] = c
        }
        for s in sites {
            let capacity = s.gpus.reduce(0) { $0 + $1.capacity }, inUse = s.gpus.reduce(0) { $0 + $1.inUse }
            total.sites += 1
            total.capacity += capacity
            total.inUse += inUse
            add(&byCondition, s.condition, capacity, inUse, site: true)
            add(&byTier, s.tier, capacity, inUse, site: true)
            add(&byRegion, s.region, capacity, inUse, site: true)
            for pool in s.gpus { add(&byModel, pool.model, pool.capacity, pool.inUse, site: true) }
        }
        summary.sites = total
        summary.byCondition = byCondition
        summary.byTier = byTier
        summary.byModel = byModel
        summary.byRegion = byRegion
        return summary
    }
}

extension GridAPI {
    /// The snapshot of the last pass.
    var snapshot: APISnapshot { cache.snapshot(board) }

    func summary(_ caller: Caller) -> APISummary {
        let snap = snapshot
        guard case .tenant(let own) = caller else { return snap.adminSummary }
        let mine = snap.services.filter { $0.tenant == own }
        return APISnapshot.summary(sites: nil, services: mine, shares: snap.shares[own].map { [$0] } ?? [],
                                   drifted: snap.drift.count(where: { $0.tenant == own }), revision: snap.revision,
                                   observedAt: snap.finished)
    }

    /// The sites in cells of `22.5 / 2^zoom` degrees (at zoom 0, about 62 units of the
    /// dashboard's 1000-unit-wide world map; each zoom level halves them), then neighbouring
    /// cells closer than a cell's side merged into the one with more sites, which keeps its
    /// position: no two markers are closer than `cellDegrees`, so markers up to that wide
    /// never overlap.
    func map(zoom: Int, box: MapBox?, _ caller: Caller) throws(APIFailure) -> APIMap {
        guard caller == .admin else { throw .forbidden("the site map") }
        let degrees = 22.5 / Double(1 << zoom)
        struct Key: Hashable { var x: Int, y: Int }
        struct Bucket {
            var lat = 0.0, lon = 0.0
            var cell: APIMap.Cell
            var center: (lat: Double, lon: Double) { (lat / Double(cell.sites), lon / Double(cell.sites)) }
        }
        var buckets: [Key: Bucket] = [:]
        var count = 0
        for s in snapshot.points {
            let lat = s.lat, lon = s.lon
            if let box, !box.contains(lat: lat, lon: lon) { continue }
            count += 1
            let key = Key(x: Int(((lon + 180) / degrees).rounded(.down)), y: Int(((90 - lat) / degrees).rounded(.down)))
            var b = buckets[key] ?? Bucket(cell: APIMap.Cell(lat: 0, lon: 0, sites: 0, byCondition: [:], gpus: 0, gpusInUse: 0, site: s.name))
            b.lat += lat
            b.lon += lon
            b.cell.sites += 1
            b.cell.byCondition[s.condition, default: 0] += 1
            b.cell.gpus += s.gpus
            b.cell.gpusInUse += s.inUse
            if b.cell.sites > 1 { b.cell.site = nil }
            buckets[key] = b
        }
        // Biggest first (then by position, for a stable answer); each keeps its centre and takes in
        // the neighbours left closer than `degrees` to it.
        let order = buckets.keys.sorted {
            let (a, b) = (buckets[$0]?.cell.sites ?? 0, buckets[$1]?.cell.sites ?? 0)
            return a != b ? a > b : ($0.y, $0.x) < ($1.y, $1.x)
        }
        var taken = Set<Key>()
        var out: [APIMap.Cell] = []
        for key in order where !taken.contains(key) {
            guard var kept = buckets[key] else { continue }
            taken.insert(key)
            let center = kept.center
            for dx in -1...1 {
                for dy in -1...1 where dx != 0 || dy != 0 {
                    let near = Key(x: key.x + dx, y: key.y + dy)
                    guard !taken.contains(near), let other = buckets[near] else { continue }
                    let c = other.center
                    guard (c.lat - center.lat) * (c.lat - center.lat) + (c.lon - center.lon) * (c.lon - center.lon) < degrees * degrees else { continue }
                    taken.insert(near)
                    kept.cell.sites += other.cell.sites
                    kept.cell.byCondition.merge(other.cell.byCondition, uniquingKeysWith: +)
                    kept.cell.gpus += other.cell.gpus
                    kept.cell.gpusInUse += other.cell.gpusInUse
                    kept.cell.site = nil
                }
            }
            kept.cell.lat = (center.lat * 100).rounded() / 100
            kept.cell.lon = (center.lon * 100).rounded() / 100
            out.append(kept.cell)
        }
        return APIMap(zoom: zoom, cellDegrees: degrees, sites: count, cells: out)
    }
}

/// `bbox=W,S,E,N` in degrees; W may be greater than E across the antimeridian.
struct MapBox: Sendable, Equatable {
    var west: Double, south: Double, east: Double, north: Double

    init(_ text: String) throws(APIFailure) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 4, let w = parts[0], let s = parts[1], let e = parts[2], let n = parts[3],
              (-180...180).contains(w), (-180...180).contains(e), (-90...90).contains(s), (-90...90).contains(n), s <= n else {
            throw APIFailure(.badRequest, "query parameter 'bbox' must be west,south,east,north in degrees (south <= north), found '\(text)'")
        }
        west = w
        south = s
        east = e
        north = n
    }

    func contains(lat: Double, lon: Double) -> Bool {
        guard (south...north).contains(lat) else { return false }
        return west <= east ? (west...east).contains(lon) : lon >= west || lon <= east
    }
}
