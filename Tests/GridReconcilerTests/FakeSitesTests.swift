import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridReconciler
import GridTestSupport
import Testing

/// The bundled grid with every site of transport local over its own fake backend: the
/// Reconciler through the registry, transports, limiters and ledgers, without the simulated
/// world. Drift here is found field by field against the ledger, as for a real backend.
final class FakeSites: @unchecked Sendable {
    private let lock = NSLock()
    private var backends: [String: FakeBackend] = [:]

    subscript(site: String) -> FakeBackend {
        lock.withLock {
            if let known = backends[site] { return known }
            let made = FakeBackend(limits: BackendLimits(callsAtOnce: 2, timeout: .seconds(30)))
            backends[site] = made
            return made
        }
    }

    var catalog: BackendCatalog {
        BackendCatalog(["fake": .init(schema: BackendSchema([])) { context in self[context.site.metadata.name] }])
    }

    static func fixture() throws -> (ControllerFixture, FakeSites) {
        var files = try Fixtures.bundledGrid()
        var config = DriverConfig(path: "drivers.yaml")
        for path in files.keys where path.hasPrefix("manifests/sites/") {
            files[path] = files[path]!.replacingOccurrences(of: "driver: {transport: simulated}", with: "driver: {transport: local, backends: [fake]}")
            let name = String(path.dropFirst("manifests/sites/".count).dropLast(".yaml".count))
            config.sites[name] = SiteDriverConfig(site: name, transport: .local)
        }
        let sites = FakeSites()
        return (try ControllerFixture(files: files, catalog: sites.catalog, driverConfig: config), sites)
    }
}

@Suite struct FakeSitesTests {
    @Test func convergesAndAQuietPassCallsNothing() async throws {
        let (c, sites) = try FakeSites.fixture()
        _ = try await c.converge()
        let site = "fra-factory-1"
        let calls = sites[site].calls.count
        #expect(sites[site].contents.count > 0)
        #expect(try c.world.resources(site: nil).isEmpty, "no site is simulated")
        let quiet = try await c.pass()
        #expect(quiet.converged && quiet.done == 0)
        #expect(sites[site].calls.count == calls + 1, "only an observe")
        #expect(sites[site].peakConcurrency <= 2)
    }

    @Test func driftIsFoundFieldByFieldAndHealed() async throws {
        let (c, sites) = try FakeSites.fixture()
        _ = try await c.converge()
        let site = "fra-factory-1"
        let fake = sites[site]
        let (id, item) = try #require(fake.contents.first { $0.key.kind == .deployment })
        let replicas = try #require(item.spec["replicas"])
        fake.changeOutOfBand(id, "replicas", "42")
        let other = try #require(fake.contents.keys.first { $0.kind == .namespace })
        fake.deleteOutOfBand(other)

        let report = try await c.pass()
        let drift = report.drift.filter { $0.site == site }.sorted { $0.resource < $1.resource }
        #expect(drift.map(\.kind) == [.missing, .modified])
        #expect(drift.last?.fields == [DriftItem.Field(field: "replicas", desired: replicas, observed: "42")])
        _ = try await c.converge()
        #expect(fake.contents[id]?.spec["replicas"] == replicas)
        #expect(fake.contents[other] != nil)
    }

    @Test func aResourceSomeoneElseMadeIsUnmanagedAndUntouched() async throws {
        let (c, sites) = try FakeSites.fixture()
        _ = try await c.converge()
        let fake = sites["fra-factory-1"]
        let theirs = ResourceID(kind: .deployment, tenant: "someone", name: "else")
        fake.addForeign(theirs, ResourceSpec(["gpus.H100": "2"]))
        let report = try await c.pass()
        #expect(report.drift.contains { $0.resource == theirs && $0.kind == .unmanaged && !$0.healing })
        #expect(report.done == 0)
        #expect(fake.contents[theirs]?.ours == false)
    }
}
