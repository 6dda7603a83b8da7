import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

@Suite struct SimulatedSiteDriverTests {
    let folder = TemporaryDirectory("gridops-world")
    let id = ResourceID(kind: .deployment, tenant: "acme", name: "chat")
    let spec = ResourceSpec(["model": "llama", "replicas": "2", "gpus.H100": "2"])

    func world() throws -> SimulatedWorld {
        let world = try SimulatedWorld(path: folder.path + "/world.sqlite")
        let site = Site(metadata: Metadata(name: "s1", source: SourceLocation(path: "s1.yaml")), tier: .edge,
                        region: Ref("eu", at: SourceLocation(path: "s1.yaml")), location: GeoPoint(lat: 0, lon: 0),
                        jurisdiction: "EU", gpus: [GPUPool(model: "H100", count: 8, memoryGiB: 80, costPerHour: 2)])
        try world.ensure(sites: [site])
        return world
    }

    func create(_ spec: ResourceSpec) -> SiteAction {
        SiteAction(verb: .create, id: id, spec: spec, specHash: spec.hash)
    }

    @Test func appliesIdempotentlyAndLogsEveryCall() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try await driver.apply(create(spec), site: "s1", key: "k1")
        try await driver.apply(create(spec), site: "s1", key: "k1")
        var observed = try await driver.observe(site: "s1")
        #expect(observed.resources.map(\.id) == [id])
        #expect(observed.resources[0].specHash == spec.hash)
        #expect(observed.gpusUsed == ["H100": 2])

        var bigger = spec
        bigger["replicas"] = "3"
        bigger["gpus.H100"] = "3"
        try await driver.apply(SiteAction(verb: .update, id: id, spec: bigger, specHash: bigger.hash), site: "s1", key: "k2")
        try await driver.apply(SiteAction(verb: .delete, id: id, spec: ResourceSpec(), specHash: bigger.hash), site: "s1", key: "k3")
        try await driver.apply(SiteAction(verb: .delete, id: id, spec: ResourceSpec(), specHash: bigger.hash), site: "s1", key: "k3")
        observed = try await driver.observe(site: "s1")
        #expect(observed.resources.isEmpty)
        #expect(try world.calls().map(\.effect) == ["created", "noop", "updated", "deleted", "absent"])
    }

    @Test func outOfBandChangesShowInTheHash() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try await driver.apply(create(spec), site: "s1", key: "k")
        try world.modify(site: "s1", resource: id, set: ["replicas": "9"])
        let observed = try await driver.observe(site: "s1")
        #expect(observed.resources[0].spec["replicas"] == "9")
        #expect(observed.resources[0].specHash != spec.hash)
        try world.remove(site: "s1", resource: id)
        #expect(try await driver.observe(site: "s1").resources.isEmpty)
        #expect(throws: WorldError.self) { try world.remove(site: "s1", resource: id) }
    }

    /// An observe answers from the site's last snapshot while its version has not moved; a
    /// change made by another process (`gridops sim`, here another world object on the same
    /// file) moves it, and the next observe sees the change.
    @Test func changesFromAnotherProcessShowAtTheNextObserve() async throws {
        let driver = SimulatedSiteDriver(world: try world())
        var spec = self.spec
        spec["version"] = "v1"
        try await driver.apply(create(spec), site: "s1", key: "k")
        #expect(try await driver.observe(site: "s1").resources.map(\.spec) == [spec])
        let other = try SimulatedWorld(path: folder.path + "/world.sqlite")

        try other.modify(site: "s1", resource: id, set: ["replicas": "9"])
        #expect(try await driver.observe(site: "s1").resources.map { $0.spec["replicas"] } == ["9"])
        try other.setFaults(site: "s1", .init(foreignGPUs: ["H100": 3]))
        #expect(try await driver.observe(site: "s1").foreignGPUs == ["H100": 3])
        try other.setFaults(site: "s1", .init(unhealthyVersions: ["v1"]))
        #expect(try await driver.observe(site: "s1").resources.map(\.status) == [.failed])
        try other.addUnmanaged(site: "s1", resource: ResourceID(kind: .deployment, tenant: "acme", name: "theirs"), spec: spec)
        #expect(try await driver.observe(site: "s1").resources.map(\.managed) == [true, false])
        try other.remove(site: "s1", resource: id)
        #expect(try await driver.observe(site: "s1").resources.map(\.managed) == [false])
        try other.setFaults(site: "s1", .init(online: false))
        await #expect(throws: DriverError.self) { try await driver.observe(site: "s1") }
    }

    @Test func offlineSitesAreUnreachable() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try world.setFaults(site: "s1", .init(online: false))
        await #expect(throws: DriverError(.unreachable, "s1 does not answer (offline)")) {
            _ = try await driver.observe(site: "s1")
        }
        await #expect(throws: DriverError.self) { try await driver.apply(create(spec), site: "s1", key: "k") }
        #expect(try world.calls().isEmpty, "an offline site receives nothing")
        await #expect(throws: DriverError(.unreachable, "nowhere is not in the simulated world")) {
            _ = try await driver.observe(site: "nowhere")
        }
    }

    @Test func failuresChangeNothingPartialFailuresChangeAndThrow() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try world.setFaults(site: "s1", .init(failRate: 1))
        await #expect(throws: DriverError.self) { try await driver.apply(create(spec), site: "s1", key: "k") }
        try world.setFaults(site: "s1", .init(failRate: 0, partialRate: 1))
        #expect(try world.resources(site: "s1").isEmpty)
        do {
            try await driver.apply(create(spec), site: "s1", key: "k")
            Issue.record("a partial failure must throw")
        } catch {
            #expect(error.kind == .transient)
        }
        #expect(try world.resources(site: "s1").count == 1, "the change was made, only the answer was lost")
        #expect(try world.calls().map(\.effect) == ["failed", "created"])
    }

    @Test func unmanagedResourcesAreRefusedAndForeignLoadCounts() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try world.addUnmanaged(site: "s1", resource: id, spec: ResourceSpec(["gpus.H100": "1"]))
        try world.setFaults(site: "s1", .init(foreignGPUs: ["H100": 3]))
        await #expect(throws: DriverError.self) { try await driver.apply(create(spec), site: "s1", key: "k") }
        let observed = try await driver.observe(site: "s1")
        #expect(observed.resources.map(\.managed) == [false])
        #expect(observed.gpusUsed == ["H100": 4])
        #expect(observed.foreignGPUs == ["H100": 4])
        #expect(try world.calls().map(\.effect) == ["refused"])
    }

    @Test func theWorldPersistsAcrossOpens() async throws {
        do {
            let world = try world()
            try await SimulatedSiteDriver(world: world).apply(create(spec), site: "s1", key: "k")
            try world.setFaults(site: nil, .init(latencyMs: 5))
        }
        let reopened = try SimulatedWorld(path: folder.path + "/world.sqlite")
        let status = try reopened.status()
        #expect(status.map(\.name) == ["s1"])
        #expect(status[0].faults.latencyMs == 5)
        #expect(status[0].capacity == ["H100": 8])
        #expect(status[0].resources == 1)
    }

    @Test func aCorruptWorldFileIsAClearError() throws {
        try folder.write("bad.sqlite", String(repeating: "not a database ", count: 100))
        #expect(throws: WorldError.self) { try SimulatedWorld(path: folder.path + "/bad.sqlite") }
    }
}

@Suite struct SimulatedHealthTests {
    let folder = TemporaryDirectory("gridops-world")

    @Test func deploymentsOfAnUnhealthyVersionReportFailedAndOnlyThose() async throws {
        let world = try SimulatedWorld(path: folder.path + "/world.sqlite")
        let at = { (name: String) in
            Site(metadata: Metadata(name: name, source: SourceLocation(path: "\(name).yaml")), tier: .edge,
                 region: Ref("eu", at: SourceLocation(path: "\(name).yaml")), location: GeoPoint(lat: 0, lon: 0),
                 jurisdiction: "EU", gpus: [GPUPool(model: "H100", count: 8, memoryGiB: 80, costPerHour: 2)])
        }
        try world.ensure(sites: [at("s1"), at("s2")])
        let driver = SimulatedSiteDriver(world: world)
        let chat = ResourceID(kind: .deployment, tenant: "acme", name: "chat")
        let ns = ResourceID(kind: .namespace, tenant: "acme", name: "acme")
        for site in ["s1", "s2"] {
            for (id, spec) in [(chat, ResourceSpec(["version": "1.4.0", "replicas": "1"])), (ns, ResourceSpec(["version": "1.4.0"]))] {
                try await driver.apply(SiteAction(verb: .create, id: id, spec: spec, specHash: spec.hash), site: site, key: "k")
            }
        }
        func status(_ site: String, _ id: ResourceID) async throws -> ObservedResource.Status? {
            try await driver.observe(site: site).resources.first { $0.id == id }?.status
        }
        #expect(try await status("s1", chat) == .ready)

        try world.setFaults(site: "s1", .init(unhealthyVersions: ["1.4.0"]))
        #expect(try await status("s1", chat) == .failed)
        #expect(try await status("s1", ns) == .ready, "only deployments have a version to be unhealthy")
        #expect(try await status("s2", chat) == .ready, "the fault is s1's alone")

        try world.setFaults(site: nil, .init(unhealthyVersions: ["1.4.0", "2.0.0"]))
        #expect(try await status("s2", chat) == .failed)
        #expect(try world.status().map(\.faults.unhealthyVersions) == [["1.4.0", "2.0.0"], ["1.4.0", "2.0.0"]])

        try world.setFaults(site: nil, .init(unhealthyVersions: []))
        #expect(try await status("s1", chat) == .ready)
    }
}
