import Foundation
import GridDrivers
import GridModel
import GridPlan
import GridReconciler
import GridStore
import GridTestSupport
import Testing

@Suite struct ReconcilerTests {
    @Test func convergesTheBundledGridThenAPassChangesAndWritesNothing() async throws {
        let c = try ControllerFixture()
        let reports = try await c.converge()
        let first = reports[0]
        #expect(first.planned > 50)
        #expect(first.done == first.planned)
        #expect(first.failed == 0)

        let quiet = try await c.pass()
        #expect(quiet.converged)
        #expect(quiet.planned == 0)
        #expect(quiet.storeWrites == 0, "a pass that changes nothing writes nothing")

        // Every resource the world runs is one the placement asked for, created once.
        let created = try c.world.calls().filter { $0.effect == "created" }
        #expect(Set(created.map { "\($0.site) \($0.resource)" }).count == created.count)
        #expect(try c.worldState().count == created.count)

        // A restart reads everything back from the store and the world, and still writes nothing.
        c.restart()
        let afterRestart = try await c.pass()
        #expect(afterRestart.planned == 0)
        #expect(afterRestart.storeWrites == 0)
        #expect(try c.world.calls().count == created.count)
    }

    @Test func aBadCommitAfterAGoodOneAppliesNothingAndSaysWhy() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let good = try c.store.controllerState().inForce?.sha
        let calls = try c.world.calls().count

        // Break the grid and change a service in the same commit: nothing of it may land.
        try c.edit("manifests/tenants/netops/care-chat.yaml", "replicas: ", "replicas: 1")
        let bad = try c.edit("manifests/grid.yaml", "latencyModel:", "latencyModel: [")
        let report = try await c.pass()
        #expect(report.refused?.revision.sha == bad)
        #expect(report.refused?.reason.contains("manifests/grid.yaml:") == true)
        #expect(report.inForce?.sha == good)
        #expect(report.planned == 0)
        #expect(try c.world.calls().count == calls)

        let state = try c.store.controllerState()
        #expect(state.inForce?.sha == good)
        #expect(state.latest?.sha == bad)
        #expect(state.latest?.valid == false)

        // The known-bad revision is not parsed again and not re-recorded.
        let again = try await c.pass()
        #expect(again.refused?.revision.sha == bad)
        #expect(again.storeWrites == 0)
        #expect(again.diagnostics.isEmpty)

        // Fixing it applies both changes.
        try c.edit("manifests/grid.yaml", "latencyModel: [", "latencyModel:")
        let fixed = try await c.converge()
        #expect(fixed[0].refused == nil)
        #expect(fixed[0].done > 0)
    }

    @Test func flakySitesConvergeWithBoundedRetries() async throws {
        let c = try ControllerFixture()
        _ = try await c.pass()
        // Empty the world, then make 30% of calls fail and 10% lose their answer.
        for (site, r) in try c.world.resources(site: nil) { try c.world.remove(site: site, resource: r.id) }
        let mark = try c.world.calls().last?.seq ?? 0
        try c.world.setFaults(site: nil, .init(failRate: 0.3, partialRate: 0.1))
        let reports = try await c.converge(maxPasses: 30)

        let calls = try c.world.calls().filter { $0.seq > mark }
        var attemptsByKey: [String: Int] = [:]
        for call in calls { attemptsByKey[call.key, default: 0] += 1 }
        let maxAttempts = ReconcilerOptions().maxAttempts
        #expect(attemptsByKey.values.allSatisfy { $0 <= maxAttempts * reports.count }, "retries are bounded per pass")
        let created = calls.filter { $0.effect == "created" }
        #expect(Set(created.map { "\($0.site) \($0.resource)" }).count == created.count, "nothing created twice")
        #expect(calls.contains { $0.effect == "failed" }, "the faults were really injected")
        #expect(attemptsByKey.values.contains { $0 > 1 }, "and retried")
    }

    @Test func aBrokenSiteDoesNotHoldUpTheOthers() async throws {
        let c = try ControllerFixture()
        _ = try await c.pass()
        try c.world.setFaults(site: nil, .init())
        try c.world.setFaults(site: "fra-factory-1", .init(failRate: 1))
        try c.world.setFaults(site: "par-regional-1", .init(online: false))
        // A fresh world: everything is still to be created at the other sites.
        for (site, r) in try c.world.resources(site: nil) where site != "par-regional-1" && site != "fra-factory-1" {
            try c.world.remove(site: site, resource: r.id)
        }
        let report = try await c.pass()
        let healthy = report.sites.filter { $0.site != "fra-factory-1" && $0.site != "par-regional-1" }
        #expect(healthy.allSatisfy { $0.failed.isEmpty && $0.done == $0.planned })
        let broken = try #require(report.sites.first { $0.site == "fra-factory-1" })
        #expect(!broken.failed.isEmpty || broken.planned == 0)
        #expect(report.sites.first { $0.site == "par-regional-1" }?.unreachable != nil)
        let conditions = Dictionary(uniqueKeysWithValues: report.conditions.filter { $0.scope == .site }.map { ($0.name, $0.status) })
        #expect(conditions["par-regional-1"] == .offline)
        #expect(conditions["ams-regional-1"] == .ready)
    }

    @Test func anOfflineSiteKeepsItsResourcesUntilTheGraceEnds() async throws {
        let c = try ControllerFixture()
        try c.edit("manifests/grid.yaml", "maxParallelSites: 16}", "maxParallelSites: 16, offlineGrace: 2s}")
        let converged = try await c.converge()
        let before = try c.worldState()
        let atParis = before.keys.filter { $0.hasPrefix("par-regional-1 deployment/") }
        try #require(!atParis.isEmpty)

        try c.world.setFaults(site: "par-regional-1", .init(online: false))
        let offline = try await c.pass()
        #expect(offline.planned == 0, "within the grace nothing moves")
        #expect(try c.worldState() == before)
        #expect(offline.conditions.first { $0.name == "par-regional-1" }?.status == .offline)
        #expect(!offline.converged)
        #expect(offline.whyNotConverged.contains { $0.hasPrefix("par-regional-1: offline") })
        // A service that also runs elsewhere still serves: Degraded; one that runs only there is Offline.
        var sitesOf: [String: Set<String>] = [:]
        for a in try #require(offline.placement ?? converged.last?.placement).assignments {
            sitesOf["\(a.tenant)/\(a.service)", default: []].insert(a.site)
        }
        let services = offline.conditions.filter { $0.scope == .service && sitesOf[$0.name]?.contains("par-regional-1") == true }
        let spread = services.filter { (sitesOf[$0.name]?.count ?? 0) > 1 }
        try #require(!spread.isEmpty)
        for s in spread {
            #expect(s.status == .degraded, "\(s.name): \(s.status) \(s.reason)")
            #expect(s.reason.hasPrefix("par-regional-1 is offline; "), "\(s.reason)")
        }
        for s in services where sitesOf[s.name] == ["par-regional-1"] { #expect(s.status == .offline, "\(s.name): \(s.reason)") }

        try await Task.sleep(for: .milliseconds(2100))
        let moved = try await c.pass()
        #expect(moved.done > 0, "past the grace its replicas are placed elsewhere")
        #expect(moved.placement?.assignments.contains { $0.site == "par-regional-1" } == false)
        #expect(try c.worldState().filter { $0.key.hasPrefix("par-regional-1 ") } == before.filter { $0.key.hasPrefix("par-regional-1 ") },
                "an unreachable site is not touched")
    }

    @Test func driftIsHealedUnderHealAndOnlyReportedUnderReport() async throws {
        let c = try ControllerFixture()
        try c.edit("manifests/tenants/netops/tenant.yaml", "spec:\n", "spec:\n  driftPolicy: report\n")
        _ = try await c.converge()
        let desired = try c.worldState()
        let netops = try #require(desired.keys.sorted().first { $0.contains(" deployment/netops/") })
        let other = try #require(desired.keys.sorted().first { $0.contains(" deployment/") && !$0.contains("/netops/") })
        for key in [netops, other] {
            let parts = key.split(separator: " ")
            try c.world.modify(site: String(parts[0]), resource: ResourceID(String(parts[1]))!, set: ["replicas": "42"])
        }
        let qos = try #require(desired.keys.sorted().first { $0.contains(" network-qos/") && !$0.contains("/netops/") })
        try c.world.remove(site: String(qos.split(separator: " ")[0]), resource: ResourceID(String(qos.split(separator: " ")[1]))!)

        let report = try await c.pass()
        let drift = Dictionary(uniqueKeysWithValues: report.drift.map { ("\($0.site) \($0.resource)", $0) })
        #expect(drift[netops]?.kind == .modified)
        #expect(drift[netops]?.healing == false)
        #expect(drift[netops]?.fields.map(\.field) == ["replicas"])
        #expect(drift[other]?.healing == true)
        #expect(drift[qos]?.kind == .missing)

        let after = try c.worldState()
        #expect(after[other] == desired[other], "heal puts it back")
        #expect(after[qos] == desired[qos])
        #expect(after[netops] != desired[netops], "report leaves it")
        let next = try await c.pass()
        #expect(next.drift.map { "\($0.site) \($0.resource)" } == [netops], "still reported, never healed")
        #expect(next.planned == 0)
    }

    /// A reconciler that has run passes diffs again only what changed; what it plans must be
    /// what a reconciler that starts afresh on the same store and world plans.
    @Test func keptPlansAreThoseAFreshStartMakes() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let reader = GitRevisions(repository: c.repo.path, revision: "main")
        func same(_ why: String) async throws {
            let kept = try await c.reconciler.plan(reader)
            let fresh = try await ControllerFixture.makeReconciler(c.store, c.world).plan(reader)
            #expect(kept.plans == fresh.plans, "\(why)")
            #expect(kept.sites.map(\.planned) == fresh.sites.map(\.planned), "\(why)")
            #expect(kept.observations == fresh.observations, "\(why)")
        }
        try await same("converged")
        let desired = try c.worldState()
        let key = try #require(desired.keys.sorted().first { $0.contains(" deployment/") })
        let parts = key.split(separator: " ")
        try c.world.modify(site: String(parts[0]), resource: try #require(ResourceID(String(parts[1]))), set: ["replicas": "42"])
        try await same("changed out of band")
        _ = try await c.pass()
        try await same("healed")
        try c.edit("manifests/tenants/netops/care-chat.yaml", "replicas: 8", "replicas: 5")
        try await same("a commit not yet applied")
        _ = try await c.pass()
        try await same("a commit applied")
    }

    @Test func createsAndUpdatesEverywhereRunBeforeAnyDeletion() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let seq = try c.world.calls().last?.seq ?? 0
        // One commit that adds replicas to one service and drops another service entirely.
        try c.edit("manifests/tenants/lumen-media/catalog-embed.yaml", "replicas: 6", "replicas: 8")
        try c.commit(["manifests/tenants/netops/noc-copilot.yaml": nil])
        let report = try await c.pass()
        let calls = try c.world.calls().filter { $0.seq > seq }
        let deletes = calls.filter { $0.verb == "delete" }
        let ensures = calls.filter { $0.verb != "delete" }
        try #require(!deletes.isEmpty && !ensures.isEmpty)
        #expect(ensures.map(\.seq).max()! < deletes.map(\.seq).min()!)
        #expect(report.failed == 0)
    }

    @Test func aOneServiceCommitTouchesOnlyThatService() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let before = try c.store.currentPlacement()
        let seq = try c.world.calls().last?.seq ?? 0
        try c.edit("manifests/tenants/netops/care-chat.yaml", "replicas: 8", "replicas: 5")
        let report = try await c.pass()
        #expect(report.done > 0)
        let touched = Set(try c.world.calls().filter { $0.seq > seq }.map(\.resource))
        #expect(touched.isSubset(of: ["deployment/netops/care-chat", "network-qos/netops/care-chat-ingress", "namespace/netops/netops"]),
                "\(touched)")
        let after = try c.store.currentPlacement()
        #expect(after?.assignments.filter { $0.service != "care-chat" } == before?.assignments.filter { $0.service != "care-chat" })
        #expect(after?.assignments.filter { $0.service == "care-chat" }.reduce(0) { $0 + $1.replicas } == 5)
    }

    @Test func aQoSOnlyCommitReachesTheSites() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        try c.edit("manifests/tenants/netops/care-chat-ingress.yaml", "maxMbps: ", "maxMbps: 1")
        let report = try await c.pass()
        #expect(report.done > 0)
        #expect(report.plans.flatMap(\.actions).allSatisfy { $0.id.kind == .networkQoS && $0.verb == .update })
        #expect(try await c.pass().planned == 0)
    }

    @Test func openIntentsAreClosedFromWhatTheSitesReport() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let (site, resource) = try #require(try c.world.resources(site: nil).first { $0.resource.id.kind == .deployment })
        // As if a process stopped after the driver call, before writing the outcome.
        let done = SiteAction(verb: .update, id: resource.id, spec: resource.spec, specHash: resource.specHash)
        let lost = SiteAction(verb: .delete, id: resource.id, spec: ResourceSpec(), specHash: resource.specHash)
        _ = try await c.store.recordIntents(site: site, actions: [done], revision: "r")
        _ = try await c.store.recordIntents(site: site, actions: [lost], revision: "r")
        c.restart()
        let calls = try c.world.calls().count
        let report = try await c.pass()
        #expect(try c.store.openIntents().isEmpty)
        #expect(try c.store.journal(site: site).suffix(2).map(\.outcome) == ["found", "abandoned"])
        #expect(report.planned == 0)
        #expect(try c.world.calls().count == calls, "resuming calls nothing")
    }

    @Test func anIntentAtASiteThatIsDownIsClosedWhenItAnswers() async throws {
        let c = try ControllerFixture()
        _ = try await c.converge()
        let (site, resource) = try #require(try c.world.resources(site: nil).first { $0.resource.id.kind == .deployment })
        let done = SiteAction(verb: .update, id: resource.id, spec: resource.spec, specHash: resource.specHash)
        _ = try await c.store.recordIntents(site: site, actions: [done], revision: "r")
        try c.world.setFaults(site: site, .init(online: false))
        c.restart()
        _ = try await c.pass()
        #expect(try c.store.openIntents().map(\.site) == [site], "kept open while the site is down")
        try c.world.setFaults(site: site, .init(online: true))
        _ = try await c.pass()
        #expect(try c.store.openIntents().isEmpty)
        #expect(try c.store.journal(site: site).last?.outcome == "found")
    }
}
