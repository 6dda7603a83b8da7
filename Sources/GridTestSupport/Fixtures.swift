import Foundation
import GridModel

/// Paths and texts every test target uses.
public enum Fixtures {
    /// The package's root folder (where Package.swift is).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Every file of the bundled demo grid (manifests/ and policies/), by relative path.
    public static func bundledGrid() throws -> [String: String] {
        var files: [String: String] = [:]
        for root in SourceLimits.roots {
            let base = packageRoot + "/" + root
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = walker.nextObject() as? String {
                let full = base + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[root + "/" + relative] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return files
    }

    /// The smallest valid grid: one Grid, one Site, one Tenant, one ModelService, two policies.
    /// Tests start from it and change one thing.
    public static let minimalGrid: [String: String] = [
        "manifests/grid.yaml": """
            apiVersion: gridops/v1alpha1
            kind: Grid
            metadata: {name: demo}
            spec:
              regions:
                - {name: eu-west, location: {lat: 48.86, lon: 2.35}, jurisdiction: EU}
                - {name: eu-central, location: {lat: 50.11, lon: 8.68}, jurisdiction: EU}
              latencyModel: {baseMs: 2, routeFactor: 1.5}
              reconcile: {interval: 30s, maxParallelSites: 64}

            """,
        "manifests/sites/fra-edge-1.yaml": """
            apiVersion: gridops/v1alpha1
            kind: Site
            metadata: {name: fra-edge-1, labels: {provider: galleon}}
            spec:
              tier: edge
              region: eu-central
              location: {lat: 50.11, lon: 8.68}
              jurisdiction: EU
              sovereign: false
              gpus:
                - {model: RTX-PRO-6000, count: 16, memoryGiB: 96, costPerHour: 1.90}
                - {model: H100, count: 8, memoryGiB: 80, costPerHour: 2.90}
              services: [kubernetes, maas]
              driver: {transport: simulated}
              maintenance: false

            """,
        "manifests/tenants/acme/tenant.yaml": """
            apiVersion: gridops/v1alpha1
            kind: Tenant
            metadata: {name: acme}
            spec:
              isolation: shared
              priority: 100
              quota: {gpus: {H100: 64, RTX-PRO-6000: 32}}
              compliance: {jurisdictions: [EU], sovereign: false}

            """,
        "manifests/tenants/acme/chat.yaml": """
            apiVersion: gridops/v1alpha1
            kind: ModelService
            metadata: {name: chat, tenant: acme}
            spec:
              model: {name: llama-3.1-8b-instruct, version: "1.3.3"}
              workloadClass: interactive
              replicas: 6
              gpu: {models: [H100, RTX-PRO-6000], perReplica: 1}
              users:
                - {region: eu-west, weight: 0.6}
                - {region: eu-central, weight: 0.4}
              slo: {latencyMs: 30}
              spread: {minSites: 2, maxReplicasPerSite: 4}
              rollout: {waves: ["1", "25%", "100%"], healthTimeout: 5m, autoRollback: true}

            """,
        "policies/interactive.yaml": """
            apiVersion: gridops/v1alpha1
            kind: PlacementPolicy
            metadata: {name: interactive}
            spec:
              workloadClass: interactive
              tiers: [edge, regional]
              maxUtilization: 0.85
              weights: {latencyPerMs: 1.0, costPerGpuHour: 5.0, movePerReplica: 20.0}

            """,
        "policies/eu-personal-data.yaml": """
            apiVersion: gridops/v1alpha1
            kind: CompliancePolicy
            metadata: {name: eu-personal-data}
            spec:
              match: {tenantLabels: {data: eu-personal}}
              require: {jurisdictions: [EU], sovereign: true}
              deny: {siteLabels: {provider: partner-x}}
              enforcement: deny

            """,
    ]
}
