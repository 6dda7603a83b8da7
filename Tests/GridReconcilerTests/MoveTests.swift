import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridReconciler
import GridTestSupport
import Testing

/// A service that moves from one site to another: its old site keeps it (and its namespace)
/// until it runs at the new one.
@Suite struct MoveTests {
    /// Two sites in eu-central; `chat` (1 replica) can run on RTX-PRO-6000 (fra only, cheap)
    /// or L40S (par only).
    static func files() -> [String: String] {
        var files = Fixtures.minimalGrid
        files["manifests/tenants/acme/tenant.yaml"] = """
            apiVersion: gridops/v1alpha1
            kind: Tenant
            metadata: {name: acme}
            spec: {isolation: shared, priority: 100}

            """
        files["manifests/tenants/acme/chat.yaml"] = """
            apiVersion: gridops/v1alpha1
            kind: ModelService
            metadata: {name: chat, tenant: acme}
            spec:
              model: {name: llama-3.1-8b-instruct, version: "1.3.3"}
              workloadClass: interactive
              replicas: 1
              gpu: {models: [RTX-PRO-6000, L40S], perReplica: 1}
              users: [{region: eu-central, weight: 1}]
              slo: {latencyMs: 30}

            """
        files["manifests/sites/par-edge-1.yaml"] = """
            apiVersion: gridops/v1alpha1
            kind: Site
            metadata: {name: par-edge-1}
            spec:
              tier: edge
              region: eu-central
              location: {lat: 48.86, lon: 2.35}
              jurisdiction: EU
              gpus: [{model: L40S, count: 8, memoryGiB: 48, costPerHour: 3.50}]
              services: [maas]
              driver: {type: simulated}

            """
        return files
    }

    func moveToParis(_ c: ControllerFixture) throws {
        try c.edit("manifests/tenants/acme/chat.yaml", "models: [RTX-PRO-6000, L40S]", "models: [L40S]")
    }

    let deployment = ResourceID(kind: .deployment, tenant: "acme", name: "chat")
    let namespace = ResourceID(kind: .namespace, tenant: "acme", name: "acme")

    @Test func theOldSiteKeepsTheServiceUntilTheNewOneRunsIt() async throws {
        let c = try ControllerFixture(files: Self.files())
        _ = try await c.converge()
        #expect(try c.worldState().keys.sorted() == ["fra-edge-1 \(deployment)", "fra-edge-1 \(namespace)"])

        try c.world.setFaults(site: "par-edge-1", .init(failRate: 1))
        try moveToParis(c)
        let failing = try await c.pass()
        // Every call to Paris fails: observing it too, so it is unreachable and its create waits.
        #expect(failing.sites.first { $0.site == "par-edge-1" }?.unreachable != nil)
        #expect(try c.worldState().keys.sorted() == ["fra-edge-1 \(deployment)", "fra-edge-1 \(namespace)"],
                "neither the deployment nor its namespace goes while Paris cannot run it")
        #expect(failing.sites.first { $0.site == "fra-edge-1" }?.held == 2)

        try c.world.setFaults(site: "par-edge-1", .init(failRate: 0))
        _ = try await c.converge()
        #expect(try c.worldState().keys.sorted() == ["par-edge-1 \(deployment)", "par-edge-1 \(namespace)"])
    }

    @Test func aNameHeldByAnUnmanagedResourceStallsAndHoldsTheOldSite() async throws {
        let c = try ControllerFixture(files: Self.files())
        _ = try await c.converge()
        try c.world.addUnmanaged(site: "par-edge-1", resource: deployment, spec: ResourceSpec(["owner": "someone else"]))
        try moveToParis(c)
        let report = try await c.pass()
        #expect(report.sites.first { $0.site == "par-edge-1" }?.blocked == [deployment])
        #expect(try c.worldState()["fra-edge-1 \(deployment)"] != nil, "kept: the new site cannot take it")
        #expect(report.conditions.first { $0.name == "par-edge-1" }?.status == .stalled)
        #expect(!report.converged)
        #expect(report.madeNoProgress || report.done > 0)
        let again = try await c.pass()
        #expect(again.madeNoProgress, "nothing is retried in a loop")
        #expect(try c.worldState()["fra-edge-1 \(deployment)"] != nil)
    }
}
