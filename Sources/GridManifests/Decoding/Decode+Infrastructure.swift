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
        driver = decodeDriver(&f, at: spec.location(of: "driver"))
    }
    let maintenance = spec.bool("maintenance") ?? false
    guard let tier, let region, let location, let jurisdiction else { return nil }
    return Site(metadata: metadata, tier: tier, region: region, location: location, jurisdiction: jurisdiction,
                sovereign: sovereign, gpus: pools, services: services, driver: driver, maintenance: maintenance)
}

/// `driver: {transport: local, backends: [slurm, network]}`. The form before transports,
/// `driver: {type: slurm, endpoint: ...}`, still loads, with a warning that says what to
/// write instead (docs/manifests.md, "Site drivers").
func decodeDriver(_ f: inout Fields, at location: SourceLocation) -> DriverSpec {
    if f.has("type") {
        let type = f.enumValue("type", LegacyDriverType.self) ?? .simulated
        let hadEndpoint = f.has("endpoint") || f.has("settings")
        _ = f.string("endpoint")
        _ = f.stringMap("settings")
        f.finish()
        let migrated = type.migrated
        if type != .simulated {
            var message = "'spec.driver.type' is replaced by transports and backends: write "
                + "'driver: {transport: \(migrated.transport.rawValue)"
                + (migrated.backends.isEmpty ? "" : ", backends: [\(migrated.backends.joined(separator: ", "))]") + "}'"
            if hadEndpoint { message += "; hosts, endpoints and settings move to the controller's drivers file (--drivers)" }
            f.sink.report(.deprecatedField, message, at: location)
        }
        return migrated
    }
    let given = f.enumValue("transport", Transport.self, required: true)
    let transport = given ?? .simulated
    let names = f.stringList("backends") ?? []
    f.finish()
    for name in names where !isBackendName(name.name) {
        f.sink.report(.invalidName, "'\(name.name)' is not a backend name: lowercase letters, digits and '-'", at: name.at)
    }
    f.reportDuplicates(names, what: "backend")
    switch given {
    case nil:
        break  // reported already
    case .simulated where !names.isEmpty:
        f.sink.report(.conflictingFields,
                      "the simulated transport has one backend, the simulated world: remove 'spec.driver.backends' or use transport local",
                      at: f.location(of: "backends"))
    case .local? where names.isEmpty, .agent? where names.isEmpty:
        f.sink.report(.missingField, "transport \(transport.rawValue) needs 'spec.driver.backends', the subsystems the site has (slurm, network, models)",
                      at: location)
    default:
        break
    }
    return DriverSpec(transport: transport, backends: transport == .simulated ? [] : names.map(\.name))
}

private func isBackendName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 63 && name.first!.isLetter
        && name.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
}

/// `spec.driver.type` as it was before transports, and what each one means now.
enum LegacyDriverType: String, CaseIterable {
    case simulated, agent, slurm, kubernetes, netqos

    var migrated: DriverSpec {
        switch self {
        case .simulated: .simulated
        case .agent: DriverSpec(transport: .agent, backends: ["slurm", "network", "models"])
        case .slurm: DriverSpec(transport: .local, backends: ["slurm"])
        case .kubernetes: DriverSpec(transport: .local, backends: ["kubernetes"])
        case .netqos: DriverSpec(transport: .local, backends: ["network"])
        }
    }
}
