import GridModel

/// A GPU pool: one model at one site, with everything that uses it.
struct Pool {
    let site: Int
    let model: Int
    let count: Int
    let price: Double
    /// GPUs in use: foreign (observed), cluster reservations, and replicas placed here.
    var used: Int
    /// The strictest maxUtilization among the classes of the replicas it holds (1 when none).
    var minUtilization: Double = 1
    /// GPUs each class (by its maxUtilization) holds here.
    var classes: [Double: Int] = [:]
    /// GPUs each tenant holds here (replicas and reservations).
    var tenants: [Int: Int] = [:]

    func limit(utilization: Double) -> Int {
        Int((min(utilization, minUtilization) * Double(count) + 1e-9).rounded(.down))
    }

    /// Whether `gpus` more fit under the strictest of the pool's classes and `utilization`.
    func fits(_ gpus: Int, utilization: Double) -> Bool {
        used + gpus <= limit(utilization: utilization)
    }

    /// Whether tenant `t` may share this pool, given dedicated isolation on either side.
    func admits(tenant t: Int, dedicated: [Bool]) -> Bool {
        for (other, _) in tenants where other != t {
            if dedicated[t] || dedicated[other] { return false }
        }
        return true
    }

    mutating func add(_ gpus: Int, tenant t: Int, utilization: Double?) {
        used += gpus
        tenants[t, default: 0] += gpus
        if let utilization {
            classes[utilization, default: 0] += gpus
            minUtilization = min(minUtilization, utilization)
        }
    }

    mutating func remove(_ gpus: Int, tenant t: Int, utilization: Double) {
        used -= gpus
        tenants[t, default: 0] -= gpus
        if tenants[t] == 0 { tenants[t] = nil }
        classes[utilization, default: 0] -= gpus
        if classes[utilization] == 0 {
            classes[utilization] = nil
            minUtilization = classes.keys.min() ?? 1
        }
    }
}

/// Sites, pools and round trips as arrays, so that every filter is an index lookup.
struct GridIndex {
    let sites: [Site]
    let siteIndex: [String: Int]
    var pools: [Pool] = []
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
        for use in observed.pools { foreign[use.site + "\u{0}" + use.gpuModel, default: 0] += max(0, use.used) }
        var poolsOfSite = Array(repeating: [Int](), count: sites.count)
        for (s, site) in sites.enumerated() {
            for gpu in site.gpus {
                guard let m = modelIndex[gpu.model] else { continue }
                poolsOfSite[s].append(pools.count)
                pools.append(Pool(site: s, model: m, count: gpu.count, price: gpu.costPerHour,
                                  used: foreign[site.metadata.name + "\u{0}" + gpu.model] ?? 0))
            }
        }
        self.poolsOfSite = poolsOfSite

        var rtt = [Double](repeating: 0, count: regions.count * sites.count)
        for (r, region) in regions.enumerated() {
            for (s, site) in sites.enumerated() {
                rtt[r * sites.count + s] = latencyModel.rttMs(region.location, site.location)
            }
        }
        for measured in observed.latencies {
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
        let distance = sitesByDistance
        nearest = (0..<regions.count).map { r in distance[r].first.map { rtt[r * count + $0] } ?? .infinity }
    }

    @inline(__always) func rtt(region r: Int, site s: Int) -> Double {
        rtt[r * sites.count + s]
    }
}
