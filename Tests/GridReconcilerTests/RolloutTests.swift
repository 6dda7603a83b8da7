import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridReconciler
import GridStore
import GridTestSupport
import Testing

/// Rollouts end to end: a real repository, the store and the simulated world on disk.
/// care-chat runs at four sites; its waves ("1", "25%", "100%") are fra-edge-1 (the canary:
/// fewest replicas, first by name), then lon-regional-1, then mil-edge-1 and par-regional-1.
@Suite struct RolloutTests {
    static let path = "manifests/tenants/netops/care-chat.yaml"
    static let id = ResourceID(kind: .deployment, tenant: "netops", name: "care-chat")
    static let waves = [["fra-edge-1"], ["lon-regional-1"], ["mil-edge-1", "par-regional-1"]]

    /// The version of care-chat each site runs.
    func versions(_ c: ControllerFixture) throws -> [String: String] {
        var out: [String: String] = [:]
        for (site, r) in try c.world.resources(site: nil) where r.id == Self.id { out[site] = r.spec["version"] }
        return out
    }

    /// The sites that received an update of care-chat, in the order they did.
    func updatedSites(_ c: ControllerFixture, after seq: Int64) throws -> [String] {
        try c.world.calls(resource: Self.id.description).filter { $0.seq > seq && $0.effect == "updated" }.map(\.site)
    }

    func lastCall(_ c: ControllerFixture) throws -> Int64 {
        try c.world.calls().last?.seq ?? 0
    }

    func rollout(_ c: ControllerFixture) throws -> ServiceRollout {
        try #require(try c.store.rollouts(service: "netops/care-chat").first)
    }

    @Test func aNewVersionGoesOutWaveByWaveInOrder() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let before = try lastCall(c)
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)

        // Pass 1: the canary alone.
        var report = try await c.pass()
        #expect(report.conditions.first { $0.name == "netops/care-chat" }?.reason == "rollout going out at wave 1 of 3")
        #expect(try versions(c) == ["fra-edge-1": "1.4.0", "lon-regional-1": "1.3.3", "mil-edge-1": "1.3.3", "par-regional-1": "1.3.3"])
        #expect(!report.converged)
        var r = try rollout(c)
        #expect(r.phase == .progressing)
        #expect(r.waves.map(\.sites) == Self.waves)
        #expect(r.wave == 0)

        // Each pass sees the wave before healthy and starts the next.
        report = try await c.pass()
        #expect(try versions(c)["lon-regional-1"] == "1.4.0")
        #expect(try versions(c)["mil-edge-1"] == "1.3.3")
        report = try await c.pass()
        #expect(Set(try versions(c).values) == ["1.4.0"])
        #expect(try rollout(c).phase == .progressing, "the last wave still has to report healthy")
        report = try await c.pass()
        r = try rollout(c)
        #expect(r.phase == .succeeded)
        #expect(report.converged)
        #expect(r.waves.allSatisfy { $0.started != nil && $0.healthy != nil })
        #expect(zip(r.waves, r.waves.dropFirst()).allSatisfy { $0.healthy! <= $1.started! })
        #expect(r.message == "edit \(Self.path)")

        // The sites got the change in the order of the waves, once each.
        let order = try updatedSites(c, after: before)
        #expect(order.count == 4)
        #expect(Array(order.prefix(2)) == ["fra-edge-1", "lon-regional-1"])
        #expect(Set(order.suffix(2)) == ["mil-edge-1", "par-regional-1"])

        // Done: a pass changes nothing and writes nothing.
        let quiet = try await c.pass()
        #expect(quiet.planned == 0)
        #expect(quiet.storeWrites == 0)
    }

    @Test func anUnhealthyVersionStopsAfterTheCanaryRollsItBackAndHolds() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let before = try lastCall(c)
        try c.world.setFaults(site: nil, .init(unhealthyVersions: ["1.4.0"]))
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)

        _ = try await c.pass()  // the canary gets 1.4.0
        #expect(try versions(c)["fra-edge-1"] == "1.4.0")
        let report = try await c.pass()  // it reports unhealthy: failed, rolled back in the same pass
        let r = try rollout(c)
        #expect(r.phase == .failed)
        #expect(r.rolledBack)
        #expect(r.wave == 0)
        #expect(r.reason.contains("unhealthy at fra-edge-1"), "\(r.reason)")
        #expect(Set(try versions(c).values) == ["1.3.3"])
        #expect(try updatedSites(c, after: before) == ["fra-edge-1", "fra-edge-1"], "the other sites were never touched")
        #expect(report.whyNotConverged.contains { $0.contains("netops/care-chat: rollout failed") })
        let condition = try #require(report.conditions.first { $0.scope == .service && $0.name == "netops/care-chat" })
        #expect(condition.status == .degraded)
        #expect(condition.reason.hasPrefix("rollout failed: wave 1:"), "\(condition.reason)")

        // Held: passes and unrelated commits leave it on 1.3.3; other services go on.
        try c.edit("manifests/tenants/netops/noc-copilot.yaml", "replicas: 2", "replicas: 3")
        for _ in 0..<3 { _ = try await c.pass() }
        #expect(Set(try versions(c).values) == ["1.3.3"])
        #expect(try updatedSites(c, after: before).count == 2, "no flapping")
        #expect(try rollout(c).phase == .failed)

        // A new commit that changes the service starts a new rollout, from 1.3.3.
        try c.edit(Self.path, #"version: "1.4.0""#, #"version: "1.4.1""#)
        _ = try await c.pass()
        let next = try rollout(c)
        #expect(next.phase == .progressing)
        #expect(Rollouts.versionText(next.fromTemplate).hasSuffix("1.3.3"))
        #expect(try versions(c)["fra-edge-1"] == "1.4.1")
        #expect(try c.store.rollouts(service: "netops/care-chat").map(\.phase) == [.progressing, .superseded])
    }

    /// The canary's answers are lost (the change is made, the controller never hears so): the
    /// update fails past its retries, which fails the rollout; no other site is touched.
    @Test func anUpdateThatFailsPastItsRetriesFailsTheRollout() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let before = try lastCall(c)
        try c.world.setFaults(site: "fra-edge-1", .init(partialRate: 1))
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)
        _ = try await c.pass()
        let r = try rollout(c)
        #expect(r.phase == .failed)
        #expect(r.reason.hasPrefix("wave 1: fra-edge-1: update deployment/netops/care-chat"), "\(r.reason)")
        try c.world.setFaults(site: "fra-edge-1", .init(partialRate: 0))
        for _ in 0..<2 { _ = try await c.pass() }
        #expect(Set(try versions(c).values) == ["1.3.3"], "rolled back and held at the previous version")
        #expect(Set(try updatedSites(c, after: before)) == ["fra-edge-1"], "no other site was touched")
    }

    @Test func aWaveThatIsNotHealthyInTimeFailsTheRollout() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        try c.edit(Self.path, "healthTimeout: 5m", "healthTimeout: 1s")
        _ = try await c.converge()  // the rollout spec alone changes nothing that runs
        #expect(try c.store.rollouts(service: "netops/care-chat").isEmpty)
        try c.world.setFaults(site: "lon-regional-1", .init(online: false))
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)

        _ = try await c.pass()  // canary
        _ = try await c.pass()  // canary healthy; wave 2 (lon-regional-1) starts, but it does not answer
        #expect(try rollout(c).wave == 1)
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await c.pass()
        let r = try rollout(c)
        #expect(r.phase == .failed)
        #expect(r.reason.contains("wave 2 not healthy after 1s: lon-regional-1 does not answer"), "\(r.reason)")
        #expect(try versions(c)["fra-edge-1"] == "1.3.3", "the canary is back on the previous version")
    }

    @Test func pauseHoldsTheWaveResumeGoesOnAbortRollsBack() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)
        _ = try await c.pass()
        _ = try c.store.commandRollout("netops/care-chat") { (r: inout ServiceRollout) throws(RolloutCommandError) in
            try r.pause(at: Date())
        }
        for _ in 0..<3 { _ = try await c.pass() }
        #expect(try rollout(c).phase == .paused)
        #expect(try versions(c)["lon-regional-1"] == "1.3.3", "a paused rollout starts no wave")

        _ = try c.store.commandRollout("netops/care-chat") { (r: inout ServiceRollout) throws(RolloutCommandError) in
            try r.resume(at: Date())
        }
        _ = try await c.pass()
        #expect(try versions(c)["lon-regional-1"] == "1.4.0")

        // A progressing rollout cannot be resumed; it can be aborted.
        #expect(throws: RolloutCommandError.self) {
            _ = try c.store.commandRollout("netops/care-chat") { (r: inout ServiceRollout) throws(RolloutCommandError) in
                try r.resume(at: Date())
            }
        }
        _ = try c.store.commandRollout("netops/care-chat") { (r: inout ServiceRollout) throws(RolloutCommandError) in
            try r.abort(at: Date())
        }
        _ = try await c.pass()
        #expect(Set(try versions(c).values) == ["1.3.3"])
        #expect(try rollout(c).phase == .aborted)
    }

    @Test func aServiceWithoutItsOwnRolloutTakesTheGrids() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        try c.edit("manifests/grid.yaml", "  reconcile: {interval: 30s, maxParallelSites: 16}",
                   "  reconcile: {interval: 30s, maxParallelSites: 16}\n  rollout: {waves: [\"2\", \"100%\"]}")
        try c.edit(Self.path, "  rollout: {waves: [\"1\", \"25%\", \"100%\"], healthTimeout: 5m, autoRollback: true}\n", "")
        _ = try await c.converge()
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)
        _ = try await c.pass()
        #expect(try rollout(c).waves.map(\.sites) == [["fra-edge-1", "lon-regional-1"], ["mil-edge-1", "par-regional-1"]])
    }

    @Test func aRestartResumesTheRolloutAtItsWave() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        try c.edit(Self.path, #"version: "1.3.3""#, #"version: "1.4.0""#)
        _ = try await c.pass()
        _ = try await c.pass()
        #expect(try rollout(c).wave == 1)

        c.restart()
        let before = try lastCall(c)
        _ = try await c.pass()
        let r = try rollout(c)
        #expect(r.wave == 2, "the restarted controller went on from wave 2, not from the canary")
        #expect(try c.store.rollouts(service: "netops/care-chat").count == 1, "no second rollout started")
        #expect(Set(try updatedSites(c, after: before)) == ["mil-edge-1", "par-regional-1"])
    }
}
