import Foundation
import GridDrivers
import GridManifests
import GridModel
import GridPlacement
import GridReconciler
import GridTestSupport
import Testing

/// Converged means converged: after a pass says so, a process that starts afresh on the same
/// store plans nothing, whichever way the placement in force was made.
@Suite struct ConvergedPlanTests {
    /// A generated grid with more demand than room: some replicas wait.
    static func crowdedGrid() -> [String: String] {
        let files = SyntheticGrid.files(.init(sites: 60, services: 160, seed: 3))
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    /// The bundled grid and a tenant whose GPU quota holds four of the six replicas its two
    /// services want: two wait.
    static func quotaBoundGrid() throws -> [String: String] {
        var files = try Fixtures.bundledGrid()
        files["manifests/tenants/quota-bound/tenant.yaml"] = """
            apiVersion: gridops/v1alpha1
            kind: Tenant
            metadata: {name: quota-bound}
            spec:
              isolation: shared
              priority: 100
              quota: {gpus: {L4: 4}}

            """
        for name in ["alpha", "beta"] {
            files["manifests/tenants/quota-bound/\(name).yaml"] = """
                apiVersion: gridops/v1alpha1
                kind: ModelService
                metadata: {name: \(name), tenant: quota-bound}
                spec:
                  model: {name: llama-3.1-8b-instruct, version: "1.0.0"}
                  workloadClass: interactive
                  replicas: 3
                  gpu: {models: [L4], perReplica: 1}
                  users:
                    - {region: eu-central, weight: 1}
                  slo: {latencyMs: 200}

                """
        }
        return files
    }

    /// The incremental path (`Placer.placeChanged`) keeps waiting replicas of unchanged
    /// services waiting; a full placement places them where the changed service left room.
    /// A fresh process must take the placement in force, not place again.
    @Test func aFreshProcessPlansNothingAfterAnIncrementalPlacementConverged() async throws {
        let c = try ControllerFixture(files: Self.quotaBoundGrid())
        let placed = try #require(try await c.converge().last?.placement)
        let waiting = placed.unplaced.filter { $0.tenant == "quota-bound" }
        #expect(waiting.reduce(0) { $0 + $1.replicas } == 2, "\(placed.unplaced)")

        // The service without waiting replicas (or either) shrinks to one: quota frees up.
        let shrinking = ["alpha", "beta"].first { name in !waiting.contains { $0.service == name } } ?? "alpha"
        try c.edit("manifests/tenants/quota-bound/\(shrinking).yaml", "replicas: 3", "replicas: 1")
        let second = try await c.converge()
        try #require(second.first?.phases.contains { $0.name == "place changed services" } == true, "placed by placeChanged")
        let inForce = try #require(second.last?.placement)
        let manifests = try #require(second.last?.manifests)

        // The case this test is about: placing again from scratch would not give it back.
        let replaced = Placer.place(PlacementInput(grid: manifests, revision: inForce.revision, current: inForce))
        #expect(replaced.placedReplicas > inForce.placedReplicas)

        c.restart()
        let plan = try await c.reconciler.plan(GitRevisions(repository: c.repo.path, revision: "main"))
        #expect(plan.placement == inForce)
        #expect(plan.plans.flatMap(\.actions).isEmpty)
    }

    /// After a full placement, and after one made again for new observations, a fresh
    /// process gets the placement the running one applied, and plans nothing.
    @Test func aFreshProcessPlansNothingAfterAFullPlacementConverged() async throws {
        let c = try ControllerFixture(files: Self.crowdedGrid())
        let placed = try #require(try await c.converge().last?.placement)
        c.restart()
        let plan = try await c.reconciler.plan(GitRevisions(repository: c.repo.path, revision: "main"))
        #expect(plan.placement == placed)
        #expect(plan.plans.flatMap(\.actions).isEmpty)

        // Someone else takes every GPU of the pool our busiest assignment is in: replicas move.
        let busiest = try #require(placed.assignments.max { ($0.replicas, $1.site) < ($1.replicas, $0.site) })
        try c.world.setFaults(site: busiest.site, .init(foreignGPUs: [busiest.gpuModel: 10_000]))
        let moved = try #require(try await c.converge().last?.placement)
        #expect(moved != placed)
        c.restart()
        let again = try await c.reconciler.plan(GitRevisions(repository: c.repo.path, revision: "main"))
        #expect(again.placement == moved)
        #expect(again.plans.flatMap(\.actions).isEmpty)
    }
}
