// Generator stage: the ModelServices (with their NetworkQoS), KubernetesClusters and SlurmClusters.

extension SyntheticGrid.Generator {
    // MARK: Services

    mutating func makeServices() {
        guard serviceCount > 0, tenantCount > 0, canServeModels(0) else { return }
        var assign = SplitMix64(seed: seed, stream: 3)
        var cumulative: [Int] = []
        var total = 0
        for tenant in tenants {
            total += tenant.weight
            cumulative.append(total)
        }

        // Owner and kind of every service first, so that small grids can be given every kind.
        var tenantOf = [Int](repeating: 0, count: serviceCount)
        var kindOf = [ServiceKind](repeating: .modelService, count: serviceCount)
        for k in 0..<serviceCount {
            let t = k < tenantCount ? k : SyntheticGrid.pickCumulative(cumulative, assign.below(total))
            let roll = assign.unit()
            let mode = tenants[t].mode
            var kind = ServiceKind.modelService
            if roll >= 0.97 {
                kind = factories[mode].isEmpty ? .modelService : .slurmCluster
            } else if roll >= 0.90 {
                kind = factories[mode].isEmpty && regionals[mode].isEmpty ? .modelService : .kubernetesCluster
            }
            tenantOf[k] = t
            kindOf[k] = kind
        }
        if serviceCount >= 10, !factories[0].isEmpty {
            // tenants[0] is unconstrained; service 0 is its, and the last one becomes its too.
            if !kindOf.contains(.kubernetesCluster) { kindOf[0] = .kubernetesCluster }
            if !kindOf.contains(.slurmCluster) {
                tenantOf[serviceCount - 1] = 0
                kindOf[serviceCount - 1] = .slurmCluster
            }
        }

        var rng = SplitMix64(seed: seed, stream: 4)
        for k in 0..<serviceCount {
            let t = tenantOf[k]
            switch kindOf[k] {
            case .modelService: makeModelService(t, &rng)
            case .kubernetesCluster: makeKubernetesCluster(t, &rng)
            case .slurmCluster: makeSlurmCluster(t, &rng)
            }
        }
    }

    mutating func nextServiceName(_ t: Int, _ purpose: String, _ infix: String) -> String {
        var name = Output(purpose)
        name += infix
        name.appendPadded(tenants[t].counter, width: 4)
        tenants[t].counter += 1
        return name.text
    }

    func servicePath(_ t: Int, _ name: String) -> String {
        var path = "manifests/tenants/"
        path += tenants[t].name
        path += "/"
        path += name
        path += ".yaml"
        return path
    }

    func metadataLine(_ kind: String, _ name: String, _ t: Int, capacity: Int = 400) -> Output {
        var out = Output(SyntheticGrid.apiVersionLine, capacity: capacity)
        out += "kind: "
        out += kind
        out += "\nmetadata: {name: "
        out += name
        out += ", tenant: "
        out += tenants[t].name
        out += "}\nspec:\n"
        return out
    }

    /// GPU models allowed for a service: fit the language model in at most two GPUs, and are
    /// hosted by a usable site for every user region (within the class's SLO range if asked).
    func candidateModels(_ users: [Int], _ workloadClass: Int, _ mode: Int, memoryGiB: Int,
                         withinMs: Double?) -> [Int]
    {
        var result: [Int] = []
        for model in 0..<Catalog.gpuModels.count where 2 * Catalog.gpuMemoryGiB[model] >= memoryGiB {
            var ok = true
            for r in users {
                let rtts = nearest[nearestKey(r, workloadClass, mode, model)]
                if rtts.isEmpty || (withinMs.map { rtts[0] + SyntheticGrid.latencyMargin > $0 } ?? false) {
                    ok = false
                    break
                }
            }
            if ok { result.append(model) }
        }
        return result
    }

    mutating func makeModelService(_ t: Int, _ rng: inout SplitMix64) {
        let mode = tenants[t].mode
        var workloadClass = rng.chance(0.8) ? 0 : 1
        if usable[workloadClass * 3 + mode].isEmpty { workloadClass = 1 - workloadClass }
        let anchor = rng.element(usable[workloadClass * 3 + mode])

        // Users: the anchor site's region, sometimes with a nearby region the tenant may use.
        var users = [sites[anchor].region]
        if rng.chance(0.35) {
            let near = neighbors[users[0]].filter { mode == 0 || regionIsEU[$0] }
            if !near.isEmpty { users.append(rng.element(near)) }
        }

        var languageModel = pickLanguageModel(&rng, maxMemoryGiB: nil)
        let classMaxMs = workloadClass == 0 ? 80.0 : 300.0
        var candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                         withinMs: classMaxMs)
        if candidates.isEmpty, users.count > 1 {
            users.removeLast()
            candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                         withinMs: classMaxMs)
        }
        if candidates.isEmpty {
            languageModel = pickLanguageModel(&rng, maxMemoryGiB: Catalog.gpuMemoryGiB[Catalog.l4])
            candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                         withinMs: classMaxMs)
        }
        if candidates.isEmpty {
            candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                         withinMs: nil)
        }
        if candidates.isEmpty, let pool = sites[anchor].pools.first {
            candidates = [pool.model]  // not reached: the anchor hosts a model for its own region
        }
        guard !candidates.isEmpty else { return }

        var models = [rng.element(candidates)]
        if candidates.count > 1, rng.chance(0.35) {
            let others = candidates.filter { $0 != models[0] }
            models.append(rng.element(others))
        }
        var perReplica = 1
        for model in models {
            let memory = Catalog.gpuMemoryGiB[model]
            perReplica = max(perReplica, (languageModel.memoryGiB + memory - 1) / memory)
        }

        // SLO: a class-typical target, widened to reach the 3rd-nearest site if that stays in
        // the class's range, else at least the nearest one.
        var nearestNeed = 0.0
        var thirdNeed = 0.0
        for r in users {
            var bestNearest = Double.infinity
            var bestThird = Double.infinity
            for model in models {
                let rtts = nearest[nearestKey(r, workloadClass, mode, model)]
                guard let first = rtts.first else { continue }
                bestNearest = min(bestNearest, first)
                bestThird = min(bestThird, rtts[min(2, rtts.count - 1)])
            }
            nearestNeed = max(nearestNeed, bestNearest)
            thirdNeed = max(thirdNeed, bestThird)
        }
        let baseMs = workloadClass == 0 ? 5 * rng.range(6, 16) : 10 * rng.range(15, 30)
        func ceil5(_ ms: Double) -> Int { (Int(ms.rounded(.up)) + 4) / 5 * 5 }
        let sloMs: Int
        if thirdNeed + SyntheticGrid.latencyMargin <= Double(baseMs) {
            sloMs = baseMs
        } else if thirdNeed + SyntheticGrid.latencyMargin <= classMaxMs {
            sloMs = ceil5(thirdNeed + SyntheticGrid.latencyMargin)
        } else {
            sloMs = max(baseMs, ceil5(nearestNeed + SyntheticGrid.latencyMargin))
        }

        // Replicas, user weights, and a spread the sites within the SLO can satisfy.
        var replicaDraw = rng.below(100)
        var replicas = 1
        for weight in Catalog.replicaWeights {
            if replicaDraw < weight { break }
            replicaDraw -= weight
            replicas += 1
        }
        var weights = [100]
        if users.count == 2 {
            let first = 5 * rng.range(10, 16)
            weights = [first, 100 - first]
        }
        var requiredPerSite = 1
        var mostSites = 0
        for (u, r) in users.enumerated() {
            var sitesWithin = 0
            for model in models {
                sitesWithin = max(sitesWithin,
                                  SyntheticGrid.countAtMost(nearest[nearestKey(r, workloadClass, mode, model)],
                                                            Double(sloMs) - SyntheticGrid.latencyMargin))
            }
            sitesWithin = max(1, sitesWithin)
            mostSites = max(mostSites, sitesWithin)
            let regionReplicas = (replicas * weights[u] + 99) / 100
            requiredPerSite = max(requiredPerSite, (regionReplicas + sitesWithin - 1) / sitesWithin)
        }
        let maxReplicasPerSite = max(rng.range(2, 8), requiredPerSite)
        let minSites = replicas >= 2 && mostSites >= 2 && rng.chance(0.5) ? 2 : 1

        let name = nextServiceName(t, rng.element(languageModel.purposes), "-")
        for model in models { tenants[t].need[model] += replicas * perReplica }

        var out = metadataLine("ModelService", name, t, capacity: 720)
        out += "  model: {name: "
        out += languageModel.name
        out += ", version: \""
        out.appendInt(rng.range(1, 3))
        out += "."
        out.appendInt(rng.range(0, 9))
        out += "."
        out.appendInt(rng.range(0, 12))
        out += workloadClass == 0 ? "\"}\n  workloadClass: interactive\n" : "\"}\n  workloadClass: batch\n"
        out += "  replicas: "
        out.appendInt(replicas)
        out += "\n  gpu: {models: ["
        for (k, model) in models.enumerated() {
            if k > 0 { out += ", " }
            out += Catalog.gpuModels[model]
        }
        out += "], perReplica: "
        out.appendInt(perReplica)
        out += "}\n  users:\n"
        for (u, r) in users.enumerated() {
            out += "    - {region: "
            out += Catalog.regions[r].name
            out += ", weight: "
            out.appendShortDecimal(weights[u])
            out += "}\n"
        }
        out += "  slo: {latencyMs: "
        out.appendInt(sloMs)
        out += "}\n  spread: {minSites: "
        out.appendInt(minSites)
        out += ", maxReplicasPerSite: "
        out.appendInt(maxReplicasPerSite)
        out += "}\n  rollout: {waves: [\"1\", \"25%\", \"100%\"], healthTimeout: 5m, autoRollback: true}\n"

        // About 10 %: a QoS path from a user region to the service, in the same file.
        if rng.chance(0.1) {
            var qosName = name
            qosName += "-ingress"
            out += "---\n"
            out += metadataLine("NetworkQoS", qosName, t).text
            out += "  from: {region: "
            out += Catalog.regions[rng.element(users)].name
            out += "}\n  to: {service: "
            out += name
            out += "}\n  class: "
            out += workloadClass == 1 ? "bulk" : (rng.chance(0.4) ? "realtime" : "interactive")
            let guaranteed = rng.element(Catalog.mbps)
            out += "\n  guaranteedMbps: "
            out.appendInt(guaranteed)
            out += "\n  maxMbps: "
            out.appendInt(guaranteed * rng.range(2, 4))
            out += "\n  maxLatencyMs: "
            out.appendInt(sloMs)
            out += "\n"
        }
        files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
    }

    func pickLanguageModel(_ rng: inout SplitMix64, maxMemoryGiB: Int?) -> LanguageModelSpec {
        var total = 0
        for model in Catalog.languageModels where model.memoryGiB <= (maxMemoryGiB ?? Int.max) {
            total += model.weight
        }
        var draw = rng.below(total)
        for model in Catalog.languageModels where model.memoryGiB <= (maxMemoryGiB ?? Int.max) {
            if draw < model.weight { return model }
            draw -= model.weight
        }
        return Catalog.languageModels[0]
    }

    mutating func makeKubernetesCluster(_ t: Int, _ rng: inout SplitMix64) {
        let mode = tenants[t].mode
        let useFactory = !factories[mode].isEmpty && (regionals[mode].isEmpty || rng.chance(0.85))
        let s = rng.element(useFactory ? factories[mode] : regionals[mode])
        let site = sites[s]
        let pool = rng.element(site.pools)
        var nodes = rng.element([1, 1, 1, 2, 2, 2, 3, 4])
        if site.tier == .regional { nodes = max(1, min(nodes, 2, pool.count / 16)) }
        tenants[t].need[pool.model] += nodes * 8

        let name = nextServiceName(t, rng.element(Catalog.kubernetesPurposes), "-k8s-")
        var out = metadataLine("KubernetesCluster", name, t)
        out += "  version: \"1.31\"\n"
        if rng.chance(0.85) {
            out += "  site: "
            out += site.name
        } else {
            out += "  placement: {region: "
            out += Catalog.regions[site.region].name
            out += ", tier: "
            out += site.tier.name
            out += "}"
        }
        out += "\n  controlPlane: {replicas: 3}\n  nodePools:\n    - {name: gpu, nodes: "
        out.appendInt(nodes)
        out += ", gpu: {model: "
        out += Catalog.gpuModels[pool.model]
        out += ", perNode: 8}}\n"
        files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
    }

    mutating func makeSlurmCluster(_ t: Int, _ rng: inout SplitMix64) {
        let mode = tenants[t].mode
        let site = sites[rng.element(factories[mode])]
        let model = rng.element(site.pools).model
        let trainCount = 8 * rng.range(1, 8)
        tenants[t].need[model] += trainCount + 4

        let name = nextServiceName(t, rng.element(Catalog.slurmPurposes), "-slurm-")
        var out = metadataLine("SlurmCluster", name, t)
        out += "  site: "
        out += site.name
        out += "\n  partitions:\n    - {name: train, gpu: {model: "
        out += Catalog.gpuModels[model]
        out += ", count: "
        out.appendInt(trainCount)
        out += "}, maxTime: 72h, priority: 10}\n    - {name: debug, gpu: {model: "
        out += Catalog.gpuModels[model]
        out += ", count: 4}, maxTime: 1h}\n  accounts: [research, prod]\n"
        files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
    }
}
