import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridReconciler
import GridTestSupport
import Testing

/// The executor's side of a backend's limits, through a whole pass: a site of transport
/// local whose one backend (a fake) takes one call at a time and gives each 300 ms.
@Suite struct BackendLimitsTests {
    static let site = "fra-factory-1"

    static func fixture(_ fake: FakeBackend) throws -> ControllerFixture {
        var files = try Fixtures.bundledGrid()
        let path = "manifests/sites/\(site).yaml"
        files[path] = files[path]!.replacingOccurrences(of: "driver: {transport: simulated}",
                                                        with: "driver: {transport: local, backends: [fake]}")
        let config = DriverConfig(path: "drivers.yaml", sites: [site: SiteDriverConfig(site: site, transport: .local)])
        return try ControllerFixture(files: files, catalog: .with(fake), driverConfig: config)
    }

    /// The first create hangs, deaf to cancellation (as a hung command would), until the test
    /// lets it go. The pass takes it as transient at its deadline and retries; the retry
    /// waits for the hung call's slot, so the backend never sees two calls at once; the
    /// simulated sites do all their work while the call hangs; and the grid converges.
    @Test func aCallPastItsDeadlineIsRetriedWithoutHoldingUpOtherSites() async throws {
        let fake = FakeBackend(limits: BackendLimits(callsAtOnce: 1, timeout: .milliseconds(300)))
        fake.hold("create")
        let c = try Self.fixture(fake)
        let planned = try await c.reconciler.plan(GitRevisions(repository: c.repo.path, revision: "main"))
        let elsewhere = planned.plans.filter { $0.site != Self.site }.reduce(0) { $0 + $1.ensure.count }
        #expect(elsewhere > 0)

        let pass = Task { try await c.pass() }
        // Every simulated site's creates and updates are made while the call hangs, and the
        // call's deadline passes (the executor cancels it; it does not hear).
        var made = 0
        for _ in 0..<600 where made < elsewhere || fake.heldCancelledCount == 0 {
            try await Task.sleep(for: .milliseconds(100))
            made = try c.world.calls().count { $0.site != Self.site && $0.effect != "failed" }
        }
        #expect(made >= elsewhere)
        #expect(fake.heldCancelledCount == 1, "the deadline passed and the call was cancelled")
        #expect(fake.heldCount == 1, "the hung call is still hung")
        fake.releaseHeld()
        let first = try await pass.value

        let creates = fake.calls.filter { $0.hasPrefix("create") }
        #expect(creates.count > Set(creates).count, "the timed-out create was retried: \(fake.calls)")
        #expect(fake.peakConcurrency == 1)
        let atFake = try #require(first.sites.first { $0.site == Self.site })
        #expect(atFake.failed.isEmpty, "retried within the pass: \(atFake.failed)")
        #expect(atFake.done > 0)

        _ = try await c.converge()
        #expect(fake.peakConcurrency == 1)
        #expect(fake.contents.keys.contains { $0.kind == .namespace })
    }

    /// A backend that keeps failing transiently fails the action for this pass, with the
    /// reason; the next pass tries again and converges.
    @Test func transientFailuresPastTheRetriesWaitForTheNextPass() async throws {
        let fake = FakeBackend()
        fake.fail("create", with: DriverError(.transient, "connection reset"), times: .max)
        let c = try Self.fixture(fake)
        let first = try await c.pass()
        let atFake = try #require(first.sites.first { $0.site == Self.site })
        #expect(atFake.failed.contains { $0.error == "connection reset" })
        #expect(atFake.done == 0)
        fake.recover()
        _ = try await c.converge()
    }

    /// A local site whose backend the drivers file does not configure is Stalled with the
    /// reason; every other site converges.
    @Test func aSiteWithoutItsDriversEntryIsStalledAndTheRestConverge() async throws {
        var files = try Fixtures.bundledGrid()
        let path = "manifests/sites/\(Self.site).yaml"
        files[path] = files[path]!.replacingOccurrences(of: "driver: {transport: simulated}",
                                                        with: "driver: {transport: local, backends: [fake]}")
        let c = try ControllerFixture(files: files, catalog: .with(FakeBackend()))
        let report = try await c.pass()
        let atFake = try #require(report.sites.first { $0.site == Self.site })
        #expect(atFake.stalled?.contains("has no entry for it") == true)
        let others = report.sites.filter { $0.site != Self.site }
        #expect(others.allSatisfy { $0.failed.isEmpty && $0.stalled == nil })
    }
}
