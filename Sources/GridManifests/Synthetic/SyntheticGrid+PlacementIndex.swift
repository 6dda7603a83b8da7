// Generator stage: the index of where each GPU model can be placed, built once the sites exist,
// so that tenants and services are only ever given a placement that exists.

extension SyntheticGrid.Generator {
    // MARK: Placement index

    func nearestKey(_ region: Int, _ workloadClass: Int, _ mode: Int, _ model: Int) -> Int {
        ((region * 2 + workloadClass) * 3 + mode) * Catalog.gpuModels.count + model
    }

    static func classAllows(_ workloadClass: Int, _ tier: Tier) -> Bool {
        workloadClass == 0 ? tier != .factory : tier != .edge
    }

    func modeAllows(_ mode: Int, _ site: SiteState) -> Bool {
        switch mode {
        case 0: true
        case 1: regionIsEU[site.region]
        default: regionIsEU[site.region] && site.sovereign
        }
    }

    mutating func buildIndex() {
        let regions = Catalog.regions
        let regionCount = regions.count
        let modelCount = Catalog.gpuModels.count
        nearest = Array(repeating: [], count: regionCount * 2 * 3 * modelCount)
        usable = Array(repeating: [], count: 6)

        for (s, site) in sites.enumerated() {
            for pool in site.pools { modelExists[pool.model] = true }
            if site.maintenance { continue }
            if site.tier != .edge {
                for mode in 0..<3 where modeAllows(mode, site) {
                    if site.tier == .factory { factories[mode].append(s) } else { regionals[mode].append(s) }
                }
            }
            var rtts = [Double](repeating: 0, count: regionCount)
            for r in 0..<regionCount {
                rtts[r] = Geo.rttMs(km: Geo.distanceKm(regions[r].lat, regions[r].lon, site.lat, site.lon))
            }
            for workloadClass in 0..<2 where Self.classAllows(workloadClass, site.tier) {
                for mode in 0..<3 where modeAllows(mode, site) {
                    usable[workloadClass * 3 + mode].append(s)
                    for r in 0..<regionCount {
                        for pool in site.pools {
                            nearest[nearestKey(r, workloadClass, mode, pool.model)].append(rtts[r])
                        }
                    }
                }
            }
        }
        for k in nearest.indices where nearest[k].count > 1 {
            nearest[k].sort()
        }

        neighbors = []
        for a in 0..<regionCount {
            var near: [(km: Double, region: Int)] = []
            for b in 0..<regionCount where b != a {
                let km = Geo.distanceKm(regions[a].lat, regions[a].lon, regions[b].lat, regions[b].lon)
                if km <= 2500 { near.append((km, b)) }
            }
            near.sort { $0.km < $1.km || ($0.km == $1.km && $0.region < $1.region) }
            neighbors.append(near.prefix(3).map(\.region))
        }
    }

    func canServeModels(_ mode: Int) -> Bool {
        !usable[mode].isEmpty || !usable[3 + mode].isEmpty
    }
}
