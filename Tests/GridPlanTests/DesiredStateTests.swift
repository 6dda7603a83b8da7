import GridManifests
import GridModel
import GridPlan
import GridTestSupport
import Testing

@Suite struct DesiredStateTests {
    func bundled() throws -> ManifestSet {
        let result = try ManifestLoader.load(InMemorySource(try Fixtures.bundledGrid()))
        #expect(result.isValid)
        return result.manifests
    }

    var placement: Placement {
        Placement(
            revision: "r1", objective: 0,
            assignments: [
                .init(tenant: "kabuto-robotics", service: "vision-inspect", region: "jp-east", site: "tyo-edge-1",
                      gpuModel: "L4", replicas: 2, rttMs: 3, costPerHour: 1),
                .init(tenant: "kabuto-robotics", service: "vision-inspect", region: "jp-west", site: "tyo-edge-1",
                      gpuModel: "L40S", replicas: 1, rttMs: 9, costPerHour: 1),
                .init(tenant: "kabuto-robotics", service: "vision-inspect", region: "jp-west", site: "osa-regional-1",
                      gpuModel: "L4", replicas: 3, rttMs: 3, costPerHour: 1),
            ],
            reservations: [
                .init(tenant: "kabuto-robotics", kind: "KubernetesCluster", name: "fleet-sim", site: "tyo-factory-1",
                      gpuModel: "H100", gpus: 32),
                .init(tenant: "atlas-research", kind: "SlurmCluster", name: "hpc", site: "ash-factory-1", gpuModel: "H100", gpus: 64),
            ],
            unplaced: [])
    }

    @Test func oneDeploymentPerServiceAndSiteWithReplicasByModel() throws {
        let desired = DesiredState.render(try bundled(), placement: placement)
        let tyo = try #require(desired.sites["tyo-edge-1"])
        #expect(tyo.map(\.id.description) == [
            "namespace/kabuto-robotics/kabuto-robotics",
            "deployment/kabuto-robotics/vision-inspect",
            "network-qos/kabuto-robotics/camera-uplink",
        ])
        let deployment = tyo[1].spec
        #expect(deployment["replicas"] == "3")
        #expect(deployment["replicas.L4"] == "2")
        #expect(deployment["replicas.L40S"] == "1")
        #expect(deployment.gpus == ["L4": 2, "L40S": 1])
        #expect(deployment["version"] == "1.2.0")
        #expect(tyo[2].spec["dscp"] == "AF41")
        #expect(tyo[2].spec["from"] == "site:tyo-edge-1")
        #expect(desired.sites["osa-regional-1"]?.map(\.id.kind) == [.namespace, .deployment, .networkQoS])
    }

    @Test func clustersAndPartitionsWhereReserved() throws {
        let desired = DesiredState.render(try bundled(), placement: placement)
        let factory = try #require(desired.sites["tyo-factory-1"])
        #expect(factory.map(\.id.kind) == [.namespace, .kubernetesCluster])
        #expect(factory[1].spec["nodePools"] == "sim:4x8xH100")
        #expect(factory[1].spec.gpus == ["H100": 32])
        let hpc = try #require(desired.sites["ash-factory-1"])
        #expect(hpc.first?.id.kind == .namespace)
        #expect(hpc.dropFirst().allSatisfy { $0.id.kind == .slurmPartition && $0.id.name.hasPrefix("hpc.") })
        #expect(hpc.dropFirst().reduce(0) { $0 + $1.spec.gpus.values.reduce(0, +) } > 0)
    }

    @Test func renderingSomeSitesAgainMatchesRenderingAll() throws {
        let manifests = try bundled()
        let before = DesiredState.render(manifests, placement: placement)
        var moved = placement
        moved.assignments[2].site = "tyo-edge-1"
        let again = before.rerendering(["osa-regional-1", "tyo-edge-1"], manifests, placement: moved)
        #expect(again == DesiredState.render(manifests, placement: moved))
        #expect(again.sites["osa-regional-1"] == nil)
        // With the services' positions by name, the same, found without a pass over all.
        var positions: [String: Int] = [:]
        for (i, s) in manifests.modelServices.enumerated() { positions[s.metadata.qualifiedName] = i }
        #expect(before.rerendering(["osa-regional-1", "tyo-edge-1"], manifests, placement: moved, positions: positions) == again)
        // Told which service moved, its sites' assignments are found from the services they run.
        let service = (tenant: moved.assignments[2].tenant, name: moved.assignments[2].service)
        #expect(before.rerendering(["osa-regional-1", "tyo-edge-1"], manifests, placement: moved, positions: positions,
                                   changed: [service]) == again)
    }

    @Test func renderingIsDeterministic() throws {
        let manifests = try bundled()
        let a = DesiredState.render(manifests, placement: placement)
        let b = DesiredState.render(manifests, placement: placement)
        #expect(a == b)
        #expect(a.resourceCount == b.resourceCount)
    }
}
