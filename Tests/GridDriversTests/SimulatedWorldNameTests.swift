import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

/// Sites, resources and fields that do not exist: said so, with the closest that does.
@Suite struct SimulatedWorldNameTests {
    let folder = TemporaryDirectory("gridops-world")
    let id = ResourceID(kind: .deployment, tenant: "acme", name: "chat")
    let spec = ResourceSpec(["model": "llama", "replicas": "2", "gpus.H100": "2"])

    func world(_ name: String = "world", sites: [String] = ["s1", "s2"]) throws -> SimulatedWorld {
        try makeWorld(in: folder, name, sites: sites)
    }

    @Test func anUnknownSiteIsNamedAsSuchWithTheClosest() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try await driver.apply(SiteAction(verb: .create, id: id, spec: spec, specHash: spec.hash), site: "s1", key: "k")
        for attempt in [
            { try world.modify(site: "s9", resource: id, set: ["replicas": "9"]) },
            { try world.remove(site: "s9", resource: id) },
            { _ = try world.calls(site: "s9") },
        ] as [() throws -> Void] {
            let error = try #require(throws: WorldError.self) { try attempt() }
            #expect(error.notFound)
            #expect(error.description.hasPrefix("no site 's9' in the simulated world at "), "\(error)")
            #expect(error.description.hasSuffix(": did you mean 's1'?"), "\(error)")
        }
    }

    @Test func aMistypedFieldIsRefusedAndNothingChanges() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try await driver.apply(SiteAction(verb: .create, id: id, spec: spec, specHash: spec.hash), site: "s1", key: "k")
        let error = try #require(throws: WorldError.self) { try world.modify(site: "s1", resource: id, set: ["replica": "9"]) }
        #expect(error.notFound)
        #expect(error.description == "deployment/acme/chat at s1 has no field 'replica': did you mean 'replicas'? "
                + "(its fields: gpus.H100, model, replicas)")
        #expect(try await driver.observe(site: "s1").resources.first?.specHash == spec.hash)
    }

    @Test func aResourceNotAtTheSiteIsNamedWithTheClosest() async throws {
        let world = try world()
        let driver = SimulatedSiteDriver(world: world)
        try await driver.apply(SiteAction(verb: .create, id: id, spec: spec, specHash: spec.hash), site: "s1", key: "k")
        let typo = ResourceID(kind: .deployment, tenant: "acme", name: "chta")
        let error = try #require(throws: WorldError.self) { try world.remove(site: "s1", resource: typo) }
        #expect(error.notFound)
        #expect(error.description == "no deployment/acme/chta at s1: did you mean 'deployment/acme/chat'?")
        let empty = try #require(throws: WorldError.self) { try world.modify(site: "s2", resource: id, set: ["replicas": "1"]) }
        #expect(empty.description == "no deployment/acme/chat at s2: it runs nothing")
    }
}
