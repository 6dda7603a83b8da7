import GridModel

/// A GPU pool: one model at one site. Plain values only, so the hot loops copy it for free;
/// who holds it lives in `GridIndex.holders`.
struct Pool {
    let site: Int
    let model: Int
    let count: Int
    let price: Double
    /// GPUs in use: foreign (observed), cluster reservations, and replicas placed here.
    var used: Int
    /// The strictest maxUtilization among the classes of the replicas it holds (1 when none).
    var minUtilization: Double = 1
    /// How many tenants hold GPUs here, the one when it is one, and how many are dedicated.
    var tenantCount = 0
    var soleTenant = -1
    var dedicatedCount = 0

    /// Whether tenant `t` may share this pool, given dedicated isolation on either side.
    @inline(__always) func admits(tenant t: Int, dedicated: Bool) -> Bool {
        if tenantCount == 0 || (tenantCount == 1 && soleTenant == t) { return true }
        return !dedicated && dedicatedCount == 0
    }

    func limit(utilization: Double) -> Int {
        Int((min(utilization, minUtilization) * Double(count) + 1e-9).rounded(.down))
    }

    /// Whether `gpus` more fit under the strictest of the pool's classes and `utilization`.
    func fits(_ gpus: Int, utilization: Double) -> Bool {
        used + gpus <= limit(utilization: utilization)
    }
}

/// Who holds a pool: GPUs per class (by its maxUtilization) and per tenant.
struct PoolHolders {
    var classes: [Double: Int] = [:]
    var tenants: [Int: Int] = [:]
}

/// Sites, pools and round trips as arrays, so that every filter is an index lookup. A class:
/// the engine reads it in its hottest loops, and a struct held by a class is copied for calls.
final class GridIndex {
    let sites: [Site]
    let siteIndex: [String: Int]
    var pools: [Pool] = []
    var holders: [PoolHolders] = []
    /// The pools of each site.
    var poolsOfSite: [[Int]]
    let models: [String]
    let modelIndex: [String: Int]
    let regions: [Region]
    let regionIndex: [String: Int]
    /// `rtt[region * sites.count + site]`: measured when a driver measured it, else estimated.
    let rtt: [Double]
    /// Per region, the sites from nearest to farthest.
    let sitesByDistance: [[Int]]
    /// Per model, its pools from cheapest to dearest.
    let poolsByPrice: [[Int]]
    let offline: Set<Int>
    let latencyModel: LatencyModel
    /// Per site, flattened for the hot loops: takes new replicas (hosts maas, not in
    /// maintenance, not offline), and its tier.
    let takesReplicas: [Bool]
    let tier: [Tier]
    let tierBit: [UInt8]
    /// Per region name, its sites (in name order).
    let sitesInRegion: [String: [Int]]
    /// Per region, the smallest round trip to any site.
    let nearest: [Double]

    init(grid: ManifestSet, observed: ObservedSnapshot) {
        sites = grid.sites.sorted { $0.metadata.name < $1.metadata.name }
        siteIndex = Dictionary(sites.enumerated().map { ($1.metadata.name, $0) }, uniquingKeysWith: { a, _ in a })
        regions = grid.grid?.regions ?? []
        regionIndex = Dictionary(regions.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        latencyModel = grid.grid?.latencyModel ?? .default
        models = Set(sites.flatMap { $0.gpus.map(\.model) }).sorted()
        modelIndex = Dictionary(uniqueKeysWithValues: models.enumerated().map { ($1, $0) })

        var foreign: [String: Int] = [:]
        // Clamped, so no snapshot can overflow the arithmetic (commands refuse such files first).
        for use in observed.pools { foreign[use.site + "\u{0}" + use.gpuModel, default: 0] += min(max(0, use.used), 10_000_000) }
        var poolsOfSite = Array(repeating: [Int](), count: sites.count)
        for (s, site) in sites.enumerated() {
            for gpu in site.gpus {
                guard let m = modelIndex[gpu.model] else { continue }
                poolsOfSite[s].append(pools.count)
                pools.append(Pool(site: s, model: m, count: gpu.count, price: gpu.costPerHour,
                                  used: foreign[site.metadata.name + "\u{0}" + gpu.model] ?? 0))
                holders.append(PoolHolders())
            }
        }
        self.poolsOfSite = poolsOfSite

        var rtt = [Double](repeating: 0, count: regions.count * sites.count)
        for (r, region) in regions.enumerated() {
            for (s, site) in sites.enumerated() {
                rtt[r * sites.count + s] = latencyModel.rttMs(region.location, site.location)
            }
        }
        for measured in observed.latencies where measured.rttMs.isFinite && measured.rttMs >= 0 {
            guard let r = regionIndex[measured.region], let s = siteIndex[measured.site] else { continue }
            rtt[r * sites.count + s] = measured.rttMs
        }
        self.rtt = rtt
        let count = sites.count
        sitesByDistance = (0..<regions.count).map { r in
            (0..<count).sorted { a, b in
                let x = rtt[r * count + a], y = rtt[r * count + b]
                return x != y ? x < y : a < b
            }
        }
        let pools = self.pools
        var byModel = Array(repeating: [Int](), count: models.count)
        for (p, pool) in pools.enumerated() { byModel[pool.model].append(p) }
        poolsByPrice = byModel.map { list in
            list.sorted { pools[$0].price != pools[$1].price ? pools[$0].price < pools[$1].price : $0 < $1 }
        }
        let names = siteIndex
        let offline = Set(observed.offline.compactMap { names[$0] })
        self.offline = offline
        takesReplicas = sites.enumerated().map { s, site in site.hosts(.maas) && !site.maintenance && !offline.contains(s) }
        tier = sites.map(\.tier)
        tierBit = sites.map(\.tier.bit)
        var byRegion: [String: [Int]] = [:]
        for (s, site) in sites.enumerated() { byRegion[site.region.name, default: []].append(s) }
        sitesInRegion = byRegion
        let distance = sitesByDistance
        nearest = (0..<regions.count).map { r in distance[r].first.map { rtt[r * count + $0] } ?? .infinity }
    }

    /// Another index with the same sites, round trips and pools, and the pools' use as it is
    /// now: what the copy's placement adds is not seen by this one.
    init(copying other: GridIndex) {
        sites = other.sites
        siteIndex = other.siteIndex
        pools = other.pools
        holders = other.holders
        poolsOfSite = other.poolsOfSite
        models = other.models
        modelIndex = other.modelIndex
        regions = other.regions
        regionIndex = other.regionIndex
        rtt = other.rtt
        sitesByDistance = other.sitesByDistance
        poolsByPrice = other.poolsByPrice
        offline = other.offline
        latencyModel = other.latencyModel
        takesReplicas = other.takesReplicas
        tier = other.tier
        tierBit = other.tierBit
        sitesInRegion = other.sitesInRegion
        nearest = other.nearest
    }

    /// The pool of `model` at `site`, by name.
    func pool(site: String, model: String) -> Int? {
        guard let s = siteIndex[site], let m = modelIndex[model] else { return nil }
        return poolsOfSite[s].first { pools[$0].model == m }
    }

    @inline(__always) func rtt(region r: Int, site s: Int) -> Double {
        rtt[r * sites.count + s]
    }

    /// Whether tenant `t` may share pool `p`, given dedicated isolation on either side.
    @inline(__always) func admits(pool p: Int, tenant t: Int, dedicated: [Bool]) -> Bool {
        pools[p].admits(tenant: t, dedicated: dedicated[t])
    }

    func add(_ gpus: Int, pool p: Int, tenant t: Int, dedicated: Bool, utilization: Double?) {
        pools[p].used += gpus
        if holders[p].tenants[t] == nil {
            pools[p].tenantCount += 1
            pools[p].soleTenant = pools[p].tenantCount == 1 ? t : -1
            if dedicated { pools[p].dedicatedCount += 1 }
        }
        holders[p].tenants[t, default: 0] += gpus
        if let utilization {
            holders[p].classes[utilization, default: 0] += gpus
            pools[p].minUtilization = min(pools[p].minUtilization, utilization)
        }
    }

    func remove(_ gpus: Int, pool p: Int, tenant t: Int, dedicated: Bool, utilization: Double) {
        pools[p].used -= gpus
        holders[p].tenants[t, default: 0] -= gpus
        if holders[p].tenants[t] == 0 {
            holders[p].tenants[t] = nil
            pools[p].tenantCount -= 1
            pools[p].soleTenant = pools[p].tenantCount == 1 ? holders[p].tenants.keys.first ?? -1 : -1
            if dedicated { pools[p].dedicatedCount -= 1 }
        }
        holders[p].classes[utilization, default: 0] -= gpus
        if holders[p].classes[utilization] == 0 {
            holders[p].classes[utilization] = nil
            pools[p].minUtilization = holders[p].classes.keys.min() ?? 1
        }
    }
}
