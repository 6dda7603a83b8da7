import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

@Suite struct DriverRegistryTests {
    static func site(_ name: String, _ driver: DriverSpec) -> Site {
        Site(metadata: Metadata(name: name, source: SourceLocation(path: "\(name).yaml")), tier: .edge,
             region: Ref("eu", at: SourceLocation(path: "\(name).yaml")), location: GeoPoint(lat: 0, lon: 0),
             jurisdiction: "EU", gpus: [GPUPool(model: "H100", count: 8, memoryGiB: 80, costPerHour: 2)], driver: driver)
    }

    static let local = DriverSpec(transport: .local, backends: ["fake"])

    static func config(_ sites: String...) -> DriverConfig {
        DriverConfig(path: "drivers.yaml", sites: Dictionary(uniqueKeysWithValues: sites.map {
            ($0, SiteDriverConfig(site: $0, transport: .local, at: SourceLocation(path: "drivers.yaml", line: 3, column: 3)))
        }))
    }

    private func reason(_ driver: (any SiteDriver)?) async -> String {
        do {
            _ = try await driver?.observe(site: "x")
            return "answered"
        } catch {
            return "\(error.kind): \(error.message)"
        }
    }

    @Test func sitesItCannotReachSayWhy() async throws {
        let state = TemporaryDirectory("gridops-registry")
        let registry = DriverRegistry(world: nil, config: Self.config("unknown"), catalog: .with(FakeBackend()), stateDirectory: state.path)
        let drivers = try await registry.drivers(for: [
            Self.site("sim", .simulated),
            Self.site("nofile", Self.local),
            Self.site("unknown", DriverSpec(transport: .local, backends: ["slurm"])),
            Self.site("edge", DriverSpec(transport: .agent, backends: ["models"])),
        ])
        #expect(await reason(drivers["sim"]) == "rejected: no simulated world is open")
        #expect(await reason(drivers["nofile"]) == "rejected: nofile uses transport local, and the drivers file drivers.yaml has no entry for it")
        #expect(await reason(drivers["unknown"]).hasPrefix("rejected: unknown lists backend 'slurm', which this gridops does not have (it has: fake)"))
        #expect(await reason(drivers["edge"]).contains("gridops agent"))
    }

    @Test func aDriverIsMadeOnceAndStoppedWhenItsSiteChangesOrGoes() async throws {
        let state = TemporaryDirectory("gridops-registry")
        let fake = FakeBackend()
        let registry = DriverRegistry(world: nil, config: Self.config("a", "b"), catalog: .with(fake), stateDirectory: state.path)
        let first = try await registry.drivers(for: [Self.site("a", Self.local)])
        _ = try await first["a"]!.observe(site: "a")
        let again = try await registry.drivers(for: [Self.site("a", Self.local), Self.site("b", Self.local)])
        #expect((first["a"] as? LocalTransport) === (again["a"] as? LocalTransport))
        #expect(fake.lifecycleCalls == ["start"])
        // The site goes: its driver stops.
        _ = try await registry.drivers(for: [Self.site("b", Self.local)])
        #expect(fake.lifecycleCalls == ["start", "stop"])
        // Its ledger is in the state folder.
        let created = SiteAction(verb: .create, id: ResourceID(kind: .namespace, tenant: "acme", name: "acme"),
                                 spec: ResourceSpec(["tenant": "acme"]), specHash: ResourceSpec(["tenant": "acme"]).hash)
        let b = try await registry.drivers(for: [Self.site("b", Self.local)])["b"]!
        try await b.apply(created, site: "b", key: "k")
        #expect(FileManager.default.fileExists(atPath: state.path + "/drivers/b/fake.applied.json"))
        await registry.stop()
    }

    @Test func twoBackendsMayNotOwnOneKind() {
        #expect(throws: DriverError.self) {
            try LocalTransport(site: "s", backends: [(FakeBackend(name: "one"), nil), (FakeBackend(name: "two"), nil)])
        }
    }

    @Test func anActionOfAKindNoBackendOwnsIsRefused() async throws {
        let transport = try LocalTransport(site: "s", backends: [(FakeBackend(kinds: [.slurmPartition]), nil)])
        let action = SiteAction(verb: .create, id: ResourceID(kind: .deployment, tenant: "t", name: "d"), spec: ResourceSpec(), specHash: "h")
        await #expect(throws: DriverError(.rejected, "s has no backend for deployment (its backends: fake)")) {
            try await transport.apply(action, site: "s", key: "k")
        }
    }

    /// A ledger file that cannot be read stops the site, with the path and what to do.
    @Test func anUnreadableLedgerIsRefused() throws {
        let state = TemporaryDirectory("gridops-ledger")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: state.path + "/x.json"))
        #expect(throws: DriverError.self) { try SpecLedger(path: state.path + "/x.json") }
    }
}
