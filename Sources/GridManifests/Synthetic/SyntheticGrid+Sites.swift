// Generator stage: the Site manifests, their location, tier, sovereignty, maintenance and GPU pools.

extension SyntheticGrid.Generator {
    // MARK: Sites

    mutating func makeSites() {
        let n = siteCount
        guard n > 0 else { return }
        var rng = SplitMix64(seed: seed, stream: 1)
        let regions = Catalog.regions

        var cumulative: [Int] = []
        var total = 0
        for region in regions {
            total += region.siteWeight
            cumulative.append(total)
        }

        // Where: a region by weight, a metro of it, jitter around the metro.
        var regionOf = [Int](repeating: 0, count: n)
        var metroOf = [Int](repeating: 0, count: n)
        var lats = [Double](repeating: 0, count: n)
        var lons = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let r = SyntheticGrid.pickCumulative(cumulative, rng.below(total))
            let m = rng.below(regions[r].metros.count)
            let metro = regions[r].metros[m]
            let lat = min(90, max(-90, metro.lat + rng.uniform(-metro.jitter, metro.jitter)))
            let lon = min(180, max(-180, metro.lon + rng.uniform(-metro.jitter, metro.jitter)))
            regionOf[i] = r
            metroOf[i] = m
            lats[i] = Double(SyntheticGrid.roundToHundredths(lat)) / 100
            lons[i] = Double(SyntheticGrid.roundToHundredths(lon)) / 100
        }

        // Tiers: about 2 % factories and 10 % regional hubs, every tier present from 3 sites.
        var tiers = [Tier](repeating: .edge, count: n)
        var order = Array(0..<n)
        rng.shuffle(&order)
        let factoryCount: Int
        let regionalCount: Int
        switch n {
        case 1: (factoryCount, regionalCount) = (0, 1)
        case 2: (factoryCount, regionalCount) = (1, 1)
        default: (factoryCount, regionalCount) = (max(1, (2 * n + 50) / 100), max(1, (10 * n + 50) / 100))
        }
        for k in 0..<factoryCount { tiers[order[k]] = .factory }
        for k in factoryCount..<(factoryCount + regionalCount) { tiers[order[k]] = .regional }

        // At least one EU factory or regional site whenever there are EU sites.
        let euSites = (0..<n).filter { regionIsEU[regionOf[$0]] }
        if !euSites.isEmpty, !euSites.contains(where: { tiers[$0] != .edge }) {
            let e = euSites[rng.below(euSites.count)]
            let x = order[regionalCount > 0 ? factoryCount : 0]
            tiers[e] = tiers[x]
            tiers[x] = .edge
        }

        // About 20 % of EU sites sovereign, and at least one EU factory or regional site.
        var sovereign = [Bool](repeating: false, count: n)
        for e in euSites where rng.chance(0.2) { sovereign[e] = true }
        let euLarge = euSites.filter { tiers[$0] != .edge }
        var designatedSovereign = -1
        if let d = euLarge.first(where: { sovereign[$0] }) {
            designatedSovereign = d
        } else if !euLarge.isEmpty {
            designatedSovereign = euLarge[rng.below(euLarge.count)]
            sovereign[designatedSovereign] = true
        }

        // About 1 % in maintenance, never one factory, one regional hub and the sovereign site above.
        var protected = [Bool](repeating: false, count: n)
        if let f = (0..<n).first(where: { tiers[$0] == .factory }) { protected[f] = true }
        if let r = (0..<n).first(where: { tiers[$0] == .regional }) { protected[r] = true }
        if designatedSovereign >= 0 { protected[designatedSovereign] = true }
        var maintenance = [Bool](repeating: false, count: n)
        let maintenanceCount = n >= 50 ? (n + 50) / 100 : 0
        var picked = 0
        while picked < maintenanceCount {
            let i = rng.below(n)
            if protected[i] || maintenance[i] { continue }
            maintenance[i] = true
            picked += 1
        }

        let width = max(4, SyntheticGrid.digitCount(n))
        sites.reserveCapacity(n)
        for i in 0..<n {
            var pools: [GPUPool] = []
            func pool(_ model: Int, _ count: Int) -> GPUPool {
                let factor = 1 + rng.uniform(-0.15, 0.15)
                let cents = Int((Double(Catalog.gpuCostCentsPerHour[model]) * factor).rounded())
                return GPUPool(model: model, count: count, costCents: cents)
            }
            switch tiers[i] {
            case .factory:
                pools.append(pool(Catalog.h100, 64 * rng.range(8, 32)))
                if rng.chance(0.7) { pools.append(pool(Catalog.b200, 32 * rng.range(8, 32))) }
            case .regional:
                let roll = rng.unit()
                if roll < 0.8 { pools.append(pool(Catalog.l40s, 8 * rng.range(2, 16))) }
                if roll >= 0.2 { pools.append(pool(Catalog.h100, 8 * rng.range(2, 16))) }
            case .edge:
                let roll = rng.unit()
                if roll < 0.75 { pools.append(pool(Catalog.l4, 4 * rng.range(1, 4))) }
                if roll >= 0.25 { pools.append(pool(Catalog.rtxPro6000, 4 * rng.range(1, 4))) }
            }
            var name = Output(regions[regionOf[i]].metros[metroOf[i]].code)
            name += "-"
            name += tiers[i].name
            name += "-"
            name.appendPadded(i + 1, width: width)
            sites.append(SiteState(
                name: name.text, region: regionOf[i], metro: metroOf[i], tier: tiers[i],
                lat: lats[i], lon: lons[i], sovereign: sovereign[i], maintenance: maintenance[i],
                provider: rng.below(Catalog.providers.count), pools: pools
            ))
        }
    }

    mutating func emitSites() {
        let regions = Catalog.regions
        for site in sites {
            let region = regions[site.region]
            var out = Output(SyntheticGrid.apiVersionLine, capacity: 480)
            out += "kind: Site\nmetadata: {name: "
            out += site.name
            out += ", labels: {provider: "
            out += Catalog.providers[site.provider]
            out += ", metro: "
            out += region.metros[site.metro].code
            out += "}}\nspec:\n  tier: "
            out += site.tier.name
            out += "\n  region: "
            out += region.name
            out += "\n  location: {lat: "
            out.appendCents(SyntheticGrid.roundToHundredths(site.lat))
            out += ", lon: "
            out.appendCents(SyntheticGrid.roundToHundredths(site.lon))
            out += "}\n  jurisdiction: "
            out += region.jurisdiction
            out += site.sovereign ? "\n  sovereign: true\n  gpus:\n" : "\n  sovereign: false\n  gpus:\n"
            for pool in site.pools {
                out += "    - {model: "
                out += Catalog.gpuModels[pool.model]
                out += ", count: "
                out.appendInt(pool.count)
                out += ", memoryGiB: "
                out.appendInt(Catalog.gpuMemoryGiB[pool.model])
                out += ", costPerHour: "
                out.appendCents(pool.costCents)
                out += "}\n"
            }
            out += "  services: "
            out += site.tier.servicesList
            out += "\n  driver: {transport: simulated}\n"
            out += site.maintenance ? "  maintenance: true\n" : "  maintenance: false\n"
            var path = "manifests/sites/"
            path += site.name
            path += ".yaml"
            files.append(SyntheticGrid.File(path: path, contents: out.text))
        }
    }
}
