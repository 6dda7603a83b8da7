import Foundation
import GridManifests
import GridModel
import GridPlacement
import GridTestSupport

/// A valid grid from files in memory, or the test fails.
func grid(_ files: [String: String]) throws -> ManifestSet {
    let result = try ManifestLoader.load(InMemorySource(files))
    guard result.isValid else {
        throw SourceErrorForTests(result.diagnostics.map(\.description).joined(separator: "\n"))
    }
    return result.manifests
}

func generated(sites: Int, services: Int, seed: UInt64, tenants: Int? = nil) throws -> ManifestSet {
    let files = SyntheticGrid.files(.init(sites: sites, services: services, tenants: tenants, seed: seed))
    return try grid(Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) }))
}

func json(_ placement: Placement) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(placement)) ?? Data(), as: UTF8.self)
}

/// A small grid written for one test: a Grid with two regions, the given sites, tenants and
/// services (YAML bodies), and the two usual PlacementPolicies.
func smallGrid(sites: [String], tenants: [String], services: [String], extra: [String: String] = [:]) -> [String: String] {
    var files: [String: String] = [
        "manifests/grid.yaml": """
            apiVersion: gridops/v1alpha1
            kind: Grid
            metadata: {name: t}
            spec:
              regions:
                - {name: eu-west, location: {lat: 48.86, lon: 2.35}, jurisdiction: EU}
                - {name: us-east, location: {lat: 40.71, lon: -74.0}, jurisdiction: US}

            """,
        "policies/interactive.yaml": """
            apiVersion: gridops/v1alpha1
            kind: PlacementPolicy
            metadata: {name: interactive}
            spec: {workloadClass: interactive, tiers: [edge, regional], maxUtilization: 0.75, weights: {latencyPerMs: 1, costPerGpuHour: 5, movePerReplica: 20}}

            """,
    ]
    for (i, site) in sites.enumerated() { files["manifests/sites/s\(i).yaml"] = "apiVersion: gridops/v1alpha1\nkind: Site\n" + site }
    for tenant in tenants {
        let name = tenant.split(separator: "\n")[0].replacingOccurrences(of: "metadata: {name: ", with: "").prefix { $0 != "," && $0 != "}" }
        files["manifests/tenants/\(name)/tenant.yaml"] = "apiVersion: gridops/v1alpha1\nkind: Tenant\n" + tenant
    }
    for service in services {
        let header = service.split(separator: "\n")[0]
        let name = header.replacingOccurrences(of: "metadata: {name: ", with: "").prefix { $0 != "," }
        let tenant = header.components(separatedBy: "tenant: ").last?.prefix { $0 != "}" } ?? ""
        files["manifests/tenants/\(tenant)/\(name).yaml"] = "apiVersion: gridops/v1alpha1\nkind: ModelService\n" + service
    }
    for (path, text) in extra { files[path] = text }
    return files
}

func site(_ name: String, lat: Double, lon: Double, jurisdiction: String = "EU", tier: String = "edge",
          gpus: String = "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 1.0}]", extra: String = "") -> String {
    """
    metadata: {name: \(name)}
    spec:
      tier: \(tier)
      region: eu-west
      location: {lat: \(lat), lon: \(lon)}
      jurisdiction: \(jurisdiction)
      gpus: \(gpus)
      services: [maas]
    \(extra)
    """
}

func tenant(_ name: String, _ spec: String = "priority: 10") -> String {
    "metadata: {name: \(name)}\nspec:\n  \(spec)\n"
}

func service(_ name: String, tenant: String, replicas: Int, region: String = "eu-west", slo: Int = 40,
             models: String = "[L4]", spread: String = "") -> String {
    """
    metadata: {name: \(name), tenant: \(tenant)}
    spec:
      model: {name: m, version: "1"}
      workloadClass: interactive
      replicas: \(replicas)
      gpu: {models: \(models)}
      users: [{region: \(region)}]
      slo: {latencyMs: \(slo)}
    \(spread)
    """
}
