import GridModel

func decodePlacementPolicy(_ spec: inout Fields, _ metadata: Metadata) -> PlacementPolicy? {
    let workloadClass = spec.name("workloadClass", required: true)
    let tiers = spec.enumList("tiers", Tier.self, required: true, nonEmpty: true)
    let maxUtilization = spec.double("maxUtilization", min: 0, max: 1, exclusiveMin: true) ?? 0.85
    var weights = PlacementWeights.default
    if var w = spec.mapping("weights") {
        weights.latencyPerMs = w.double("latencyPerMs", min: 0, max: 1e9) ?? weights.latencyPerMs
        weights.costPerGpuHour = w.double("costPerGpuHour", min: 0, max: 1e9) ?? weights.costPerGpuHour
        weights.movePerReplica = w.double("movePerReplica", min: 0, max: 1e9) ?? weights.movePerReplica
        w.finish()
    }
    guard let workloadClass, let tiers else { return nil }
    return PlacementPolicy(metadata: metadata, workloadClass: workloadClass.name, workloadClassAt: workloadClass.at,
                           tiers: tiers, maxUtilization: maxUtilization, weights: weights)
}

func decodeCompliancePolicy(_ spec: inout Fields, _ metadata: Metadata) -> CompliancePolicy? {
    var match: CompliancePolicy.Match?
    if var m = spec.mapping("match", required: true) {
        let labels = m.stringMap("tenantLabels")
        let tenants = m.stringList("tenants", nonEmpty: true)
        m.finish()
        switch (labels, tenants) {
        case (let labels?, nil):
            if labels.isEmpty {
                spec.sink.report(.outOfRange, "'spec.match.tenantLabels' is empty: it would match every tenant; list labels",
                                 at: m.location(of: "tenantLabels"))
            }
            match = .tenantLabels(labels)
        case (nil, let tenants?): match = .tenants(tenants)
        case (.some, .some):
            spec.sink.report(.conflictingFields, "'spec.match' takes tenantLabels or tenants, not both", at: m.location(of: "tenants"))
        case (nil, nil):
            if !m.has("tenantLabels"), !m.has("tenants") {
                spec.sink.report(.missingField, "'spec.match' needs tenantLabels or tenants", at: m.sink.location(of: m.node))
            }
        }
    }
    var require: ComplianceRequirement?
    if var r = spec.mapping("require") {
        require = ComplianceRequirement(jurisdictions: r.jurisdictions("jurisdictions") ?? [], sovereign: r.bool("sovereign") ?? false)
        r.finish()
    }
    var denyLabels: [String: String] = [:]
    var hasDeny = false
    if var d = spec.mapping("deny") {
        denyLabels = d.stringMap("siteLabels", required: true) ?? [:]
        hasDeny = true
        d.finish()
    }
    let enforcement = spec.enumValue("enforcement", Enforcement.self) ?? .deny
    if require == nil, !hasDeny, !spec.has("require"), !spec.has("deny") {
        spec.sink.report(.missingField, "a CompliancePolicy needs 'spec.require' or 'spec.deny' (or both)",
                         at: spec.sink.location(of: spec.node))
    }
    guard let match else { return nil }
    return CompliancePolicy(metadata: metadata, match: match, require: require, denySiteLabels: denyLabels,
                            enforcement: enforcement)
}
