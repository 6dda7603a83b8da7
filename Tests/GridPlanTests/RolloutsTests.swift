import Foundation
import GridModel
import GridPlan
import Testing

@Suite struct RolloutsTests {
    @Test func wavesCountSitesAndCumulativePercentages() {
        let sites = (1...10).map { "s\($0)" }
        let waves = Rollouts.waves(sites, [.sites(1), .percent(25), .percent(100)])
        #expect(waves.map(\.count) == [1, 2, 7])
        #expect(waves.flatMap { $0 } == sites)
        #expect(Rollouts.waves(["a"], [.sites(1), .percent(25), .percent(100)]) == [["a"]])
        #expect(Rollouts.waves(["a", "b", "c"], [.sites(1)]) == [["a"], ["b", "c"]], "sites left over form a last wave")
        #expect(Rollouts.waves(["a", "b"], [.percent(1), .percent(1)]) == [["a"], ["b"]], "a wave takes at least one more site")
    }

    @Test func theCanaryRunsTheFewestReplicasTiesByName() {
        #expect(Rollouts.order(replicasBySite: ["c": 1, "a": 3, "b": 1]) == ["b", "a", "c"])
        #expect(Rollouts.order(replicasBySite: [:]).isEmpty)
    }

    @Test func theTemplateIsEverythingButWhereReplicasGo() {
        let spec = ResourceSpec(["model": "m", "version": "1", "replicas": "3", "replicas.H100": "3", "gpus.H100": "3"])
        #expect(Rollouts.template(of: spec) == ResourceSpec(["model": "m", "version": "1"]))
        let old = ResourceSpec(["model": "m", "version": "0"]).canonical
        #expect(Rollouts.spec(spec, withTemplate: old)
                == ResourceSpec(["model": "m", "version": "0", "replicas": "3", "replicas.H100": "3", "gpus.H100": "3"]))
    }

    func rollout(waves: [[String]], started: Int, timeout: Int64 = 60_000) -> ServiceRollout {
        var w = waves.map { ServiceRollout.Wave(sites: $0) }
        for i in 0..<started { w[i].started = Date(timeIntervalSince1970: 1000) }
        return ServiceRollout(tenant: "acme", service: "chat", revision: "new", fromRevision: "old", wave: started - 1, waves: w,
                              fromTemplate: ResourceSpec(["version": "1"]).canonical, toTemplate: ResourceSpec(["version": "2"]).canonical,
                              healthTimeout: GridModel.Duration(milliseconds: timeout, text: "\(timeout / 1000)s"), autoRollback: true,
                              author: "a", message: "m", created: Date(timeIntervalSince1970: 1000))
    }

    let id = ResourceID(kind: .deployment, tenant: "acme", name: "chat")

    func desired(_ sites: [String]) -> DesiredState {
        DesiredState(sites: Dictionary(uniqueKeysWithValues: sites.map { ($0, [DesiredResource(id: id, spec: ResourceSpec(["version": "2", "replicas": "1"]))]) }))
    }

    func observed(_ version: String, _ status: ObservedResource.Status) -> SiteObservation {
        let spec = ResourceSpec(["version": version, "replicas": "1"])
        return SiteObservation(site: "x", healthy: true, gpusUsed: [:],
                               resources: [ObservedResource(id: id, spec: spec, specHash: spec.hash, managed: true, status: status)])
    }

    @Test func theGateWaitsFailsOrPasses() {
        let r = rollout(waves: [["a"], ["b"]], started: 1)
        let d = desired(["a", "b"])
        let soon = Date(timeIntervalSince1970: 1010)
        #expect(Rollouts.gate(r, desired: d, now: soon) { _ in observed("2", .ready) } == .healthy)
        #expect(Rollouts.gate(r, desired: d, now: soon) { _ in observed("1", .ready) } == .waiting("a does not run the new version yet"))
        #expect(Rollouts.gate(r, desired: d, now: soon) { _ in observed("2", .progressing) } == .waiting("a is not ready yet"))
        #expect(Rollouts.gate(r, desired: d, now: soon) { _ in nil } == .waiting("a does not answer"))
        guard case .failed(let unhealthy) = Rollouts.gate(r, desired: d, now: soon, observed: { _ in observed("2", .failed) }) else {
            Issue.record("an unhealthy canary must fail the rollout")
            return
        }
        #expect(unhealthy.contains("unhealthy at a"))
        let late = Date(timeIntervalSince1970: 1061)
        #expect(Rollouts.gate(r, desired: d, now: late) { _ in nil } == .failed("wave 1 not healthy after 60s: a does not answer"))
        // A site the service no longer runs at is not waited for.
        #expect(Rollouts.gate(r, desired: desired(["b"]), now: late) { _ in nil } == .healthy)
    }

    @Test func reachedSitesRunTheNewTemplateTheOthersTheOld() {
        var r = rollout(waves: [["a"], ["b"]], started: 1)
        let d = Rollouts.applying([r], to: desired(["a", "b"]))
        #expect(d.sites["a"]?.first?.spec["version"] == "2")
        #expect(d.sites["b"]?.first?.spec["version"] == "1")
        #expect(d.sites["b"]?.first?.spec["replicas"] == "1", "placement still decides replicas")
        r.fail("bad", at: Date())
        #expect(Rollouts.applying([r], to: desired(["a", "b"])).sites["a"]?.first?.spec["version"] == "1", "rolled back")
        r.autoRollback = false
        r.phase = .progressing
        r.fail("bad", at: Date())
        #expect(Rollouts.applying([r], to: desired(["a", "b"])).sites["a"]?.first?.spec["version"] == "2", "frozen, not rolled back")
        r.phase = .succeeded
        #expect(Rollouts.applying([r], to: desired(["a", "b"])) == desired(["a", "b"]))
    }

    @Test func advancingStartsTheNextWaveThenSucceeds() {
        var r = rollout(waves: [["a"], ["b"]], started: 1)
        let now = Date(timeIntervalSince1970: 2000)
        r.advance(at: now)
        #expect(r.wave == 1)
        #expect(r.waves[1].started == now)
        #expect(r.reachedSites == ["a", "b"])
        r.advance(at: now)
        #expect(r.phase == .succeeded)
        #expect(r.finished == now)
    }

    @Test func commandsFollowThePhase() throws {
        var r = rollout(waves: [["a"], ["b"]], started: 1)
        #expect(throws: RolloutCommandError.self) { try r.resume(at: Date()) }
        try r.pause(at: Date())
        #expect(r.phase == .paused)
        try r.resume(at: Date(timeIntervalSince1970: 5000))
        #expect(r.waves[0].started == Date(timeIntervalSince1970: 5000), "the health timeout counts anew")
        try r.abort(at: Date())
        #expect(r.phase == .aborted && r.rolledBack)
        #expect(throws: RolloutCommandError.self) { try r.abort(at: Date()) }
    }

    @Test func pullRequestNumbersFromMergeAndSquashMessages() {
        #expect(pullRequestNumber(inMessage: "Merge pull request #42 from acme/chat-1.4\n\nbody") == 42)
        #expect(pullRequestNumber(inMessage: "chat: 1.4.0 (#7)") == 7)
        #expect(pullRequestNumber(inMessage: "chat: 1.4.0") == nil)
        #expect(pullRequestNumber(inMessage: "fix (#abc)") == nil)
    }
}

@Suite struct RolloutChangesTests {
    func service(_ name: String, version: String, replicas: Int = 2) -> ModelService {
        let at = SourceLocation(path: "\(name).yaml")
        return ModelService(metadata: Metadata(name: name, tenant: Ref("acme", at: at), source: at), modelName: "m", modelVersion: version,
                            workloadClass: Ref("interactive", at: at), replicas: replicas, gpuModels: [Ref("H100", at: at)],
                            gpusPerReplica: 1, users: [])
    }

    @Test func onlyTemplateChangesCountWhereverTheServicesAreListed() {
        var old = ManifestSet()
        old.modelServices = [service("a", version: "1"), service("b", version: "1"), service("c", version: "1")]
        var new = ManifestSet()
        // b moved to the end with a new version, c only scaled, d is new, a unchanged.
        new.modelServices = [service("a", version: "1"), service("c", version: "1", replicas: 5), service("d", version: "1"),
                             service("b", version: "2")]
        let changes = Rollouts.changes(from: old, to: new)
        #expect(changes.map(\.service.metadata.name) == ["b"])
        #expect(changes.first?.from["version"] == "1" && changes.first?.to["version"] == "2")
        #expect(changes.first?.deployment == ResourceID(kind: .deployment, tenant: "acme", name: "b"))
    }

    /// Told the positions a commit edited, only those are looked at, with the same answer.
    @Test func knownEditsGiveTheSameChanges() {
        var old = ManifestSet()
        old.modelServices = [service("a", version: "1"), service("b", version: "1"), service("c", version: "1")]
        var new = old
        new.modelServices[1] = service("b", version: "2")
        new.modelServices[2] = service("c", version: "1", replicas: 7)
        #expect(Rollouts.changes(from: old, to: new, positions: [1, 2]) == Rollouts.changes(from: old, to: new))
        #expect(Rollouts.changes(from: old, to: new, positions: [1, 2]).map(\.service.metadata.name) == ["b"])
        #expect(Rollouts.changes(from: old, to: new, positions: [2]).isEmpty)
    }
}
