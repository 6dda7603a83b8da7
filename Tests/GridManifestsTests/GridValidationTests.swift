import Foundation
import GridManifests
import GridModel
import GridTestSupport
import Testing

/// Documents against each other: one Grid, unique names, ownership, references.
@Suite struct GridValidationTests {
    @Test func exactlyOneGrid() throws {
        #expect(lines(try load(["manifests/grid.yaml": nil])) == [
            "manifests/grid.yaml: error[GO4002]: no Grid: a grid repository needs exactly one Grid, in manifests/grid.yaml",
        ])
        let second = doc("Grid", "other", spec: "  regions: [{name: r, location: {lat: 0, lon: 0}, jurisdiction: EU}]\n")
        #expect(lines(try load(["manifests/zz-grid.yaml": second])) == [
            "manifests/zz-grid.yaml:1:1: error[GO4002]: a second Grid 'other': there must be exactly one (the first is 'demo' at manifests/grid.yaml:1:1)",
        ])
    }

    @Test func uniqueNamesPerKindAndPerTenant() throws {
        let chat = try #require(Fixtures.minimalGrid["manifests/tenants/acme/chat.yaml"])
        let otherTenant = doc("Tenant", "beta", spec: "  isolation: dedicated\n")
        let betaChat = chat.replacingOccurrences(of: "tenant: acme", with: "tenant: beta")
        let result = try load([
            "manifests/tenants/acme/chat-copy.yaml": chat,
            "manifests/tenants/beta/tenant.yaml": otherTenant,
            "manifests/tenants/beta/chat.yaml": betaChat,  // same name, other tenant: fine
        ])
        #expect(lines(result) == [
            "manifests/tenants/acme/chat.yaml:3:18: error[GO4001]: ModelService 'chat' of tenant 'acme' is declared twice (first at manifests/tenants/acme/chat-copy.yaml:3:18)",
        ])
    }

    @Test func tenantOwnershipByFolder() throws {
        let chat = try #require(Fixtures.minimalGrid["manifests/tenants/acme/chat.yaml"])
        let beta = doc("Tenant", "beta", spec: "  priority: 1\n")
        let site = try #require(Fixtures.minimalGrid["manifests/sites/fra-edge-1.yaml"])
            .replacingOccurrences(of: "name: fra-edge-1", with: "name: sneaky")
        let result = try load([
            "manifests/tenants/acme/chat.yaml": nil,
            "manifests/tenants/beta/tenant.yaml": beta,
            "manifests/tenants/beta/chat.yaml": chat,
            "manifests/tenants/beta/site.yaml": site,
        ])
        #expect(lines(result) == [
            "manifests/tenants/beta/chat.yaml:3:32: error[GO4004]: ModelService 'chat' belongs to tenant 'acme' but is in the folder of tenant 'beta': move it to manifests/tenants/acme/",
            "manifests/tenants/beta/site.yaml:1:1: error[GO4004]: a Site may not be declared in a tenant's folder (manifests/tenants/beta/): it belongs to the operator",
        ])
        let outside = try load(["manifests/tenants/acme/chat.yaml": nil, "manifests/services/chat.yaml": chat])
        #expect(lines(outside) == [
            "manifests/services/chat.yaml:3:32: error[GO4004]: ModelService 'chat' belongs to tenant 'acme' but is in no tenant's folder: move it to manifests/tenants/acme/",
        ])
    }

    @Test func referencesResolve() throws {
        let result = try load([
            "manifests/sites/x.yaml": doc("Site", "x", spec: """
                  tier: factory
                  region: eu-centrall
                  location: {lat: 50, lon: 8}
                  jurisdiction: EU
                  gpus: [{model: B200, count: 64, memoryGiB: 192, costPerHour: 4.5}]
                  services: [slurm]

                """),
            "manifests/tenants/acme/svc.yaml": doc("ModelService", "svc", tenant: "acme", spec: """
                  model: {name: m, version: "1"}
                  workloadClass: interactve
                  replicas: 1
                  gpu: {models: [H200]}
                  users: [{region: us-east}]

                """),
            "manifests/tenants/acme/k8s.yaml": doc("KubernetesCluster", "k", tenant: "acme", spec: """
                  version: "1.31"
                  site: x
                  nodePools: [{name: gpu, nodes: 1, gpu: {model: H100, perNode: 8}}]

                """),
            "manifests/tenants/acme/slurm.yaml": doc("SlurmCluster", "s", tenant: "acme", spec: """
                  site: nowhere
                  partitions: [{name: p, gpu: {model: B200, count: 8}}]

                """),
            "manifests/tenants/acme/qos.yaml": doc("NetworkQoS", "q", tenant: "acme", spec: """
                  from: {site: fra-edge-2}
                  to: {service: caht}
                  class: bulk
                  guaranteedMbps: 1
                  maxMbps: 2

                """),
            "manifests/tenants/ghost/svc.yaml": doc("ModelService", "g", tenant: "ghost", spec: """
                  model: {name: m, version: "1"}
                  workloadClass: interactive
                  replicas: 1
                  gpu: {models: [H100]}
                  users: [{region: eu-west}]

                """),
            "policies/c.yaml": doc("CompliancePolicy", "c", spec: "  match: {tenants: [acme, acmee]}\n  require: {jurisdictions: [EU]}\n"),
        ])
        #expect(lines(result) == [
            "manifests/sites/x.yaml:6:11: error[GO4003]: site region 'eu-centrall' is not a region of the Grid: did you mean 'eu-central'?",
            "manifests/tenants/acme/k8s.yaml:6:9: error[GO4005]: site 'x' does not host kubernetes (its services: slurm)",
            "manifests/tenants/acme/k8s.yaml:7:50: error[GO4006]: site 'x' has no H100 GPUs for cluster 'k' (it has: B200)",
            "manifests/tenants/acme/qos.yaml:5:16: error[GO4003]: site 'fra-edge-2' is not declared: did you mean 'fra-edge-1'?",
            "manifests/tenants/acme/qos.yaml:6:17: error[GO4003]: tenant 'acme' has no ModelService 'caht': did you mean 'chat'?",
            "manifests/tenants/acme/slurm.yaml:5:9: error[GO4003]: site 'nowhere' is not declared",
            "manifests/tenants/acme/svc.yaml:6:18: warning[GO5001]: no PlacementPolicy for workload class 'interactve': the default policy applies (every tier, maxUtilization 0.85, default weights): did you mean 'interactive'?",
            "manifests/tenants/acme/svc.yaml:8:18: error[GO4006]: no site has GPU model 'H200' for service 'svc': did you mean 'B200'?",
            "manifests/tenants/acme/svc.yaml:8:18: error[GO4007]: tenant 'acme' has a GPU quota for H100, RTX-PRO-6000 only; service 'svc' asks for H200",
            "manifests/tenants/acme/svc.yaml:9:20: error[GO4003]: user region 'us-east' is not a region of the Grid",
            "manifests/tenants/ghost/svc.yaml:3:29: error[GO4003]: tenant 'ghost' is not declared (add manifests/tenants/ghost/tenant.yaml)",
            "policies/c.yaml:5:27: error[GO4003]: tenant 'acmee' is not declared: did you mean 'acme'?",
        ])
    }

    @Test func aBrokenSiteDoesNotCascadeIntoItsReferences() throws {
        let site = try #require(Fixtures.minimalGrid["manifests/sites/fra-edge-1.yaml"])
            .replacingOccurrences(of: "tier: edge", with: "tier: edgy")
        let k8s = doc("KubernetesCluster", "k", tenant: "acme", spec: "  version: \"1.31\"\n  site: fra-edge-1\n")
        let result = try load(["manifests/sites/fra-edge-1.yaml": site, "manifests/tenants/acme/k.yaml": k8s])
        #expect(result.diagnostics.map(\.code) == [.invalidEnum])
    }

    @Test func thousandsOfBrokenReferencesGetBoundedSuggestions() throws {
        var files: [String: String?] = [:]
        for i in 0..<1000 {
            files["manifests/tenants/acme/q\(i).yaml"] = doc("NetworkQoS", "q\(i)", tenant: "acme", spec: """
                  from: {site: fra-edge-\(i + 2)}
                  to: {service: chat}
                  class: bulk
                  guaranteedMbps: 1
                  maxMbps: 2

                """)
        }
        let result = try load(files)
        #expect(result.diagnostics.count == 1000)
        #expect(result.diagnostics.allSatisfy { $0.code == .unresolvedReference })
        #expect(result.diagnostics.filter { $0.message.contains("did you mean") }.count == 200)
    }
}
