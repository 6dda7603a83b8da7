import GridModel

// Grid and Site. Each decoder reads every field (so every problem is reported) and builds the
// value with placeholders where a field failed; DocumentDecoder keeps it only when no error
// was reported.

func decodeGrid(_ spec: inout Fields, _ metadata: Metadata) -> Grid? {
    var regions: [Region] = []
    var names: [Ref] = []
    for var r in spec.objects("regions", required: true, nonEmpty: true) ?? [] {
        let name = r.name("name", required: true)
        let location = r.location("location", required: true)
        let jurisdiction = r.jurisdiction("jurisdiction", required: true)
        r.finish()
        if let name { names.append(name) }
        if let name, let location, let jurisdiction {
            regions.append(Region(name: name.name, location: location, jurisdiction: jurisdiction, at: name.at))
        }
    }
    spec.reportDuplicates(names, what: "region")

    var latency = LatencyModel.default
    if var f = spec.mapping("latencyModel") {
        latency.baseMs = f.double("baseMs", min: 0, max: 10_000) ?? latency.baseMs
        latency.routeFactor = f.double("routeFactor", min: 0, max: 100, exclusiveMin: true) ?? latency.routeFactor
        f.finish()
    }
    var reconcile = ReconcileSettings.default
    if var f = spec.mapping("reconcile") {
        if let interval = f.duration("interval") {
            if interval.milliseconds < 1000 {
                f.sink.report(.outOfRange, "'spec.reconcile.interval' must be at least 1s, found \(interval)",
                              at: f.location(of: "interval"))
            }
            reconcile.interval = interval
        }
        reconcile.maxParallelSites = f.int("maxParallelSites", in: 1...100_000) ?? reconcile.maxParallelSites
        reconcile.offlineGrace = f.duration("offlineGrace") ?? reconcile.offlineGrace
        f.finish()
    }
    let driftPolicy = spec.enumValue("driftPolicy", DriftPolicy.self) ?? .heal
    let rollout = decodeRollout(&spec) ?? .default
    return Grid(metadata: metadata, regions: regions, latencyModel: latency, reconcile: reconcile, driftPolicy: driftPolicy,
                rollout: rollout)
}

func decodeSite(_ spec: inout Fields, _ metadata: Metadata) -> Site? {
    let tier = spec.enumValue("tier", Tier.self, required: true)
    let region = spec.name("region", required: true)
    let location = spec.location("location", required: true)
    let jurisdiction = spec.jurisdiction("jurisdiction", required: true)
    let sovereign = spec.bool("sovereign") ?? false

    var pools: [GPUPool] = []
    var models: [Ref] = []
    for var g in spec.objects("gpus") ?? [] {
        let model = g.gpuModel("model", required: true)
        let count = g.int("count", required: true, in: 1...10_000_000)
        let memory = g.int("memoryGiB", required: true, in: 1...1_000_000)
        let cost = g.double("costPerHour", required: true, min: 0, max: 1_000_000)
        g.finish()
        if let model { models.append(model) }
        if let model, let count, let memory, let cost {
            pools.append(GPUPool(model: model.name, count: count, memoryGiB: memory, costPerHour: cost))
        }
    }
    spec.reportDuplicates(models, what: "GPU model")

    let services = spec.enumList("services", ServiceKind.self) ?? []
    var driver = DriverSpec.simulated
    if var f = spec.mapping("driver") {
        driver.type = f.enumValue("type", DriverType.self, required: true) ?? .simulated
        driver.endpoint = f.string("endpoint")
        driver.settings = f.stringMap("settings") ?? [:]
        f.finish()
        if driver.type != .simulated, driver.endpoint == nil {
            spec.sink.report(.missingField, "driver type '\(driver.type.rawValue)' needs 'spec.driver.endpoint'",
                             at: spec.location(of: "driver"))
        }
    }
    let maintenance = spec.bool("maintenance") ?? false
    guard let tier, let region, let location, let jurisdiction else { return nil }
    return Site(metadata: metadata, tier: tier, region: region, location: location, jurisdiction: jurisdiction,
                sovereign: sovereign, gpus: pools, services: services, driver: driver, maintenance: maintenance)
}
