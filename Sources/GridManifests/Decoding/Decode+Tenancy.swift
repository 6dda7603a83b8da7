import GridModel

func decodeTenant(_ spec: inout Fields, _ metadata: Metadata) -> Tenant? {
    let isolation = spec.enumValue("isolation", Isolation.self) ?? .shared
    let priority = spec.int("priority", in: 0...1_000_000) ?? 0
    var quota: [String: Int]?
    var quotaAt: [String: SourceLocation] = [:]
    if var q = spec.mapping("quota") {
        if var gpus = q.mapping("gpus", required: true) {
            var models: [String: Int] = [:]
            for entry in gpus.entries {
                let value = gpus.int(entry.key, in: 0...10_000_000)
                if !isGPUModelName(entry.key) {
                    spec.sink.report(.invalidValue, "'spec.quota.gpus' key '\(entry.key)' is not a GPU model name",
                                     at: spec.sink.location(entry.keyLine, entry.keyColumn))
                }
                if let value {
                    models[entry.key] = value
                    quotaAt[entry.key] = spec.sink.location(entry.keyLine, entry.keyColumn)
                }
            }
            gpus.finish()
            quota = models
        }
        q.finish()
    }
    var compliance: ComplianceRequirement?
    if var c = spec.mapping("compliance") {
        compliance = ComplianceRequirement(jurisdictions: c.jurisdictions("jurisdictions") ?? [],
                                           sovereign: c.bool("sovereign") ?? false)
        c.finish()
    }
    let driftPolicy = spec.enumValue("driftPolicy", DriftPolicy.self)
    return Tenant(metadata: metadata, isolation: isolation, priority: priority, quota: quota, quotaAt: quotaAt,
                  compliance: compliance, driftPolicy: driftPolicy)
}

func decodeModelService(_ spec: inout Fields, _ metadata: Metadata) -> ModelService? {
    var modelName: String?
    var modelVersion: String?
    if var m = spec.mapping("model", required: true) {
        modelName = m.string("name", required: true)
        modelVersion = m.string("version", required: true)
        m.finish()
    }
    let workloadClass = spec.name("workloadClass", required: true)
    let replicas = spec.int("replicas", required: true, in: 1...1_000_000)

    var gpuModels: [Ref]?
    var perReplica = 1
    if var g = spec.mapping("gpu", required: true) {
        gpuModels = g.stringList("models", required: true, nonEmpty: true)
        for model in gpuModels ?? [] where !isGPUModelName(model.name) {
            g.sink.report(.invalidValue, "'spec.gpu.models' lists '\(model.name)', which is not a GPU model name", at: model.at)
        }
        g.reportDuplicates(gpuModels ?? [], what: "GPU model")
        perReplica = g.int("perReplica", in: 1...1024) ?? 1
        g.finish()
    }

    var users: [UserRegion] = []
    let userFields = spec.objects("users", required: true, nonEmpty: true) ?? []
    for var u in userFields {
        let region = u.name("region", required: true)
        let weight = u.double("weight", min: 0, max: 1_000_000) ?? 1
        u.finish()
        if let region { users.append(UserRegion(region: region, weight: weight)) }
    }
    spec.reportDuplicates(users.map(\.region), what: "user region")
    if !users.isEmpty, users.count == userFields.count, users.allSatisfy({ $0.weight == 0 }) {
        spec.sink.report(.outOfRange, "'spec.users' weights add up to 0: give at least one region a weight above 0",
                         at: spec.location(of: "users"))
    }

    var slo: Double?
    if var s = spec.mapping("slo") {
        slo = s.double("latencyMs", required: true, min: 0, max: 1_000_000, exclusiveMin: true)
        s.finish()
    }
    var minSites = 1
    var maxPerSite: Int?
    if var s = spec.mapping("spread") {
        minSites = s.int("minSites", in: 1...100_000) ?? 1
        maxPerSite = s.int("maxReplicasPerSite", in: 1...1_000_000)
        s.finish()
    }
    let rollout = decodeRollout(&spec)

    guard let modelName, let modelVersion, let workloadClass, let replicas, let gpuModels else { return nil }
    return ModelService(metadata: metadata, modelName: modelName, modelVersion: modelVersion,
                        workloadClass: workloadClass, replicas: replicas, gpuModels: gpuModels,
                        gpusPerReplica: perReplica, users: users, sloLatencyMs: slo, minSites: minSites,
                        maxReplicasPerSite: maxPerSite, rollout: rollout)
}

/// `spec.rollout` of a ModelService or the Grid; fields not given take the built-in default.
func decodeRollout(_ spec: inout Fields) -> RolloutSpec? {
    guard var r = spec.mapping("rollout") else { return nil }
    var rollout = RolloutSpec.default
    if let waves = r.stringList("waves", nonEmpty: true) {
        rollout.waves = waves.compactMap { ref in
            if let wave = parseWave(ref.name) { return wave }
            r.sink.report(.invalidValue,
                "'spec.rollout.waves' entry '\(ref.name)' must be a site count (\"1\") or a percentage of sites (\"25%\")",
                at: ref.at)
            return nil
        }
    }
    rollout.healthTimeout = r.duration("healthTimeout") ?? rollout.healthTimeout
    rollout.autoRollback = r.bool("autoRollback") ?? rollout.autoRollback
    r.finish()
    return rollout
}

/// `"3"` (sites) or `"25%"` (of the sites), greater than 0; percentages at most 100.
func parseWave(_ text: String) -> RolloutSpec.Wave? {
    if text.hasSuffix("%") {
        guard let n = Int(text.dropLast()), (1...100).contains(n), text.first != "+" else { return nil }
        return .percent(n)
    }
    guard let n = Int(text), n > 0, text.first != "+" else { return nil }
    return .sites(n)
}

/// `site: NAME` or `placement: {region, tier}`: exactly one.
private func decodeClusterPlacement(_ spec: inout Fields) -> ClusterPlacement? {
    let site = spec.name("site")
    var selector: ClusterPlacement?
    if var p = spec.mapping("placement") {
        selector = .selector(region: p.name("region"), tier: p.enumValue("tier", Tier.self))
        p.finish()
    }
    switch (site, selector) {
    case (let site?, nil): return .site(site)
    case (nil, let selector?): return selector
    case (.some, .some):
        spec.sink.report(.conflictingFields, "give either 'spec.site' or 'spec.placement', not both",
                         at: spec.location(of: "placement"))
        return nil
    case (nil, nil):
        if !spec.has("site"), !spec.has("placement") {
            spec.sink.report(.missingField, "missing 'spec.site' (a pinned site) or 'spec.placement' (region and tier)",
                             at: spec.sink.location(of: spec.node))
        }
        return nil
    }
}

func decodeKubernetesCluster(_ spec: inout Fields, _ metadata: Metadata) -> KubernetesCluster? {
    let version = spec.string("version", required: true)
    let placement = decodeClusterPlacement(&spec)
    var controlPlane = 3
    if var c = spec.mapping("controlPlane") {
        controlPlane = c.int("replicas", in: 1...9) ?? 3
        c.finish()
    }
    var pools: [NodePool] = []
    var names: [Ref] = []
    for var p in spec.objects("nodePools") ?? [] {
        let name = p.name("name", required: true)
        let nodes = p.int("nodes", required: true, in: 1...100_000)
        var model: Ref?
        var perNode = 0
        if var g = p.mapping("gpu") {
            model = g.gpuModel("model", required: true)
            perNode = g.int("perNode", required: true, in: 1...64) ?? 0
            g.finish()
        }
        p.finish()
        if let name { names.append(name) }
        if let name, let nodes { pools.append(NodePool(name: name.name, nodes: nodes, gpuModel: model, gpusPerNode: perNode)) }
    }
    spec.reportDuplicates(names, what: "node pool")
    guard let version, let placement else { return nil }
    return KubernetesCluster(metadata: metadata, version: version, placement: placement,
                             controlPlaneReplicas: controlPlane, nodePools: pools)
}

func decodeSlurmCluster(_ spec: inout Fields, _ metadata: Metadata) -> SlurmCluster? {
    let placement = decodeClusterPlacement(&spec)
    var partitions: [SlurmPartition] = []
    var names: [Ref] = []
    for var p in spec.objects("partitions", required: true, nonEmpty: true) ?? [] {
        let name = p.name("name", required: true)
        var model: Ref?
        var count: Int?
        if var g = p.mapping("gpu", required: true) {
            model = g.gpuModel("model", required: true)
            count = g.int("count", required: true, in: 1...10_000_000)
            g.finish()
        }
        let maxTime = p.duration("maxTime")
        let priority = p.int("priority", in: 0...65_533) ?? 0
        p.finish()
        if let name { names.append(name) }
        if let name, let model, let count {
            partitions.append(SlurmPartition(name: name.name, gpuModel: model, gpuCount: count, maxTime: maxTime, priority: priority))
        }
    }
    spec.reportDuplicates(names, what: "partition")
    let accounts = spec.stringList("accounts")?.map(\.name) ?? []
    guard let placement else { return nil }
    return SlurmCluster(metadata: metadata, placement: placement, partitions: partitions, accounts: accounts)
}

func decodeNetworkQoS(_ spec: inout Fields, _ metadata: Metadata) -> NetworkQoS? {
    var from: NetworkQoS.Source?
    if var f = spec.mapping("from", required: true) {
        let region = f.name("region")
        let site = f.name("site")
        let cidr = f.string("cidr")
        f.finish()
        let given = [region.map { NetworkQoS.Source.region($0) }, site.map { .site($0) }, cidr.map { .cidr($0) }].compactMap { $0 }
        if given.count == 1 { from = given[0] }
        if given.count > 1 {
            spec.sink.report(.conflictingFields, "'spec.from' takes one of region, site or cidr, not several",
                             at: spec.location(of: "from"))
        } else if given.isEmpty, !f.has("region"), !f.has("site"), !f.has("cidr") {
            spec.sink.report(.missingField, "'spec.from' needs one of region, site or cidr", at: f.sink.location(of: f.node))
        }
        if let cidr, !isCIDR(cidr) {
            spec.sink.report(.invalidValue, "'spec.from.cidr' is not a CIDR block like 10.20.0.0/16: '\(cidr)'",
                             at: f.location(of: "cidr"))
        }
    }
    var service: Ref?
    if var t = spec.mapping("to", required: true) {
        service = t.name("service", required: true)
        t.finish()
    }
    let qosClass = spec.enumValue("class", QoSClass.self, required: true)
    let guaranteed = spec.int("guaranteedMbps", required: true, in: 0...10_000_000)
    let maximum = spec.int("maxMbps", required: true, in: 1...10_000_000)
    let latency = spec.double("maxLatencyMs", min: 0, max: 1_000_000, exclusiveMin: true)
    if let guaranteed, let maximum, guaranteed > maximum {
        spec.sink.report(.outOfRange, "'spec.guaranteedMbps' (\(guaranteed)) must not exceed 'spec.maxMbps' (\(maximum))",
                         at: spec.location(of: "guaranteedMbps"))
    }
    guard let from, let service, let qosClass, let guaranteed, let maximum else { return nil }
    return NetworkQoS(metadata: metadata, from: from, toService: service, qosClass: qosClass,
                      guaranteedMbps: guaranteed, maxMbps: maximum, maxLatencyMs: latency)
}

/// IPv4 `a.b.c.d/n` (n <= 32) or IPv6 `x:...:y/n` (n <= 128).
func isCIDR(_ text: String) -> Bool {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let bits = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return false }
    let address = parts[0]
    if address.contains(":") {
        guard bits <= 128, address.split(separator: ":", omittingEmptySubsequences: false).count <= 8 else { return false }
        return address.allSatisfy { $0 == ":" || $0.isHexDigit } && address.contains(":")
    }
    let octets = address.split(separator: ".", omittingEmptySubsequences: false)
    return bits <= 32 && octets.count == 4 && octets.allSatisfy {
        !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) <= 255
    }
}
