import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

/// The conformance suite (GridTestSupport) against the simulated world's backend behind its
/// transport, and against the fake backend behind the local transport, with a marker that
/// holds the applied hash and with one that does not and hides a field.
@Suite struct ConformanceTests {
    static let sample = DesiredResource(
        id: ResourceID(kind: .deployment, tenant: "acme", name: "chat"),
        spec: ResourceSpec(["model": "llama", "version": "1.0", "replicas": "2", "gpus.H100": "2"]))

    /// Holds the worlds of every check, one file each; removed when the tests end.
    static let worlds = TemporaryDirectory("gridops-conformance-worlds")

    static func simulated() -> BackendConformance {
        BackendConformance(site: "s1", sample: sample, field: "version", makeBackend: {
            let world = try makeWorld(in: worlds, UUID().uuidString)
            let outOfBand = BackendConformance.OutOfBand(
                change: { id, field, value in try world.modify(site: "s1", resource: id, set: [field: value]) },
                delete: { id in try world.remove(site: "s1", resource: id) },
                addForeign: { id, spec in try world.addUnmanaged(site: "s1", resource: id, spec: spec) })
            return (SimulatedBackend(world: world, site: "s1"), outOfBand)
        }, makeTransport: { backend in
            // As the registry makes it: no ledger, the world keeps the specs.
            try LocalTransport(site: "s1", backends: [(backend, nil)])
        })
    }

    static func fake(markerHoldsHash: Bool = true, hidden: Set<String> = []) -> BackendConformance {
        BackendConformance(site: "s1", sample: sample, field: "version", makeBackend: {
            let fake = FakeBackend(markerHoldsHash: markerHoldsHash, hiddenFields: hidden)
            let outOfBand = BackendConformance.OutOfBand(
                change: { id, field, value in fake.changeOutOfBand(id, field, value) },
                delete: { id in fake.deleteOutOfBand(id) },
                addForeign: { id, spec in fake.addForeign(id, spec) })
            return (fake, outOfBand)
        })
    }

    static let suites: [(String, BackendConformance)] = [
        ("simulated", simulated()),
        ("fake", fake()),
        ("fake, marker without hash, a hidden field", fake(markerHoldsHash: false, hidden: ["gpus.H100"])),
    ]

    @Test(arguments: 0..<3) func applyTwiceIsNoOp(_ i: Int) async throws { try await Self.suites[i].1.applyTwiceIsNoOp() }
    @Test(arguments: 0..<3) func deleteOfAbsentSucceeds(_ i: Int) async throws { try await Self.suites[i].1.deleteOfAbsentSucceeds() }
    @Test(arguments: 0..<3) func outOfBandChangeIsModified(_ i: Int) async throws { try await Self.suites[i].1.outOfBandChangeIsModified() }
    @Test(arguments: 0..<3) func outOfBandDeletionIsMissing(_ i: Int) async throws { try await Self.suites[i].1.outOfBandDeletionIsMissing() }
    @Test(arguments: 0..<3) func foreignIsUnmanagedAndUntouched(_ i: Int) async throws {
        try await Self.suites[i].1.foreignIsUnmanagedAndUntouched()
    }
    @Test(arguments: 0..<3) func callsOverTheLimitWait(_ i: Int) async throws { try await Self.suites[i].1.callsOverTheLimitWait() }
    @Test(arguments: 0..<3) func callPastTimeoutIsTransient(_ i: Int) async throws { try await Self.suites[i].1.callPastTimeoutIsTransient() }

    /// The suite can fail: a backend that forgets its marker on update (so its resource
    /// looks foreign afterwards) fails the "apply twice" check.
    @Test func aBackendThatBreaksTheContractFails() async throws {
        let broken = BackendConformance(site: "s1", sample: Self.sample, field: "version", makeBackend: {
            let fake = FakeBackend()
            return (ForgetfulBackend(inner: fake), BackendConformance.OutOfBand(
                change: { fake.changeOutOfBand($0, $1, $2) }, delete: { fake.deleteOutOfBand($0) }, addForeign: { fake.addForeign($0, $1) }))
        })
        await #expect(throws: ConformanceFailure.self) { try await broken.applyTwiceIsNoOp() }
    }
}

/// Reports every resource as not gridops's: a contract broken on purpose.
struct ForgetfulBackend: SiteBackend {
    let inner: FakeBackend
    var name: String { inner.name }
    var kinds: Set<ResourceKind> { inner.kinds }
    var limits: BackendLimits { inner.limits }

    func observe() async throws(DriverError) -> BackendObservation {
        var seen = try await inner.observe()
        for i in seen.resources.indices { seen.resources[i].owner = .other }
        return seen
    }

    func apply(_ change: BackendChange) async throws(DriverError) { try await inner.apply(change) }
}
