import Foundation
import GRDB
import GridModel
@testable import GridStore
import GridTestSupport
import Testing

@Suite struct GridStoreTests {
    let folder = TemporaryDirectory("gridops-store")
    let chat = ResourceID(kind: .deployment, tenant: "acme", name: "chat")

    func revision(_ sha: String, valid: Bool = true) -> RevisionRecord {
        RevisionRecord(sha: sha, seenAt: Date(), valid: valid, errors: valid ? 0 : 1, reason: valid ? "" : "grid.yaml:3:1: bad",
                       message: "m", author: "a")
    }

    @Test func revisionsAreRecordedOnceAndTheGoodOneStaysInForce() throws {
        let store = try GridStore(directory: folder.path)
        try store.recordRevision(revision("good"))
        #expect(try store.controllerState().inForce?.sha == "good", "a valid revision is put in force")
        let writes = store.writeCount
        try store.recordRevision(revision("good"))
        #expect(store.writeCount == writes, "seeing the same revision again writes nothing")

        try store.recordRevision(revision("bad", valid: false))
        let state = try store.controllerState()
        #expect(state.inForce?.sha == "good")
        #expect(state.latest?.sha == "bad")
        #expect(state.latest?.reason == "grid.yaml:3:1: bad")
    }

    func assignment(_ service: String, _ site: String, _ replicas: Int) -> Placement.Assignment {
        .init(tenant: "acme", service: service, region: "eu", site: site, gpuModel: "H100", replicas: replicas, rttMs: 3, costPerHour: 2)
    }

    @Test func placementIsSavedOnlyWhenItChangesAndRowByRow() throws {
        let store = try GridStore(directory: folder.path)
        #expect(try store.currentPlacement() == nil)
        let p = Placement(revision: "r", objective: 1, assignments: [assignment("a", "s1", 1), assignment("b", "s1", 2)],
                          reservations: [], unplaced: [.init(tenant: "acme", service: "c", region: "eu", replicas: 1, reason: "full")])
        try store.savePlacement(p, previous: nil)
        #expect(try store.currentPlacement() == p)
        let writes = store.writeCount
        try store.savePlacement(p, previous: p)
        #expect(store.writeCount == writes)

        // One service moves, one goes, one arrives.
        let q = Placement(revision: "r2", objective: 2, assignments: [assignment("a", "s2", 1), assignment("c", "s1", 1)],
                          reservations: [], unplaced: [])
        try store.savePlacement(q, previous: p)
        #expect(try GridStore(directory: folder.path).currentPlacement() == q)
        let changes = GridStore.rowChanges(from: p.assignments[...], to: q.assignments[...])
        #expect(changes.deleted.map(\.service) == ["a", "b"])
        #expect(changes.upserted.map(\.service) == ["a", "c"])

        // Told which service changed, only its rows are compared and written; the lists are
        // as they were, so only the revision and objective are written beside them.
        var r = q
        r.revision = "r3"
        r.objective = 3
        r.assignments[1].replicas = 4
        try store.savePlacement(r, previous: q, services: [("acme", "c")])
        #expect(try GridStore(directory: folder.path).currentPlacement() == r)
    }

    @Test func whatThePlacementInForceWasMadeForIsKeptBesideIt() throws {
        let store = try GridStore(directory: folder.path)
        #expect(try store.placedFor() == nil)
        let p = Placement(revision: "r", objective: 1, assignments: [assignment("a", "s1", 1)], reservations: [], unplaced: [])
        try store.savePlacement(p, previous: nil, observedDigest: "d1")
        #expect(try GridStore(directory: folder.path).placedFor().map { "\($0.revision ?? "") \($0.observedDigest)" } == "r d1")

        // The same answer for other observations: only the digest is written, once.
        let writes = store.writeCount
        try store.savePlacement(p, previous: p, observedDigest: "d2")
        #expect(store.writeCount == writes + 1)
        #expect(try store.placedFor()?.observedDigest == "d2")
        try store.savePlacement(p, previous: p, observedDigest: "d2")
        #expect(store.writeCount == writes + 1)

        // Told which service changed (the incremental path): the digest goes with the rows.
        var q = p
        q.revision = "r2"
        q.assignments[0].replicas = 2
        try store.savePlacement(q, previous: p, services: [("acme", "a")], observedDigest: "d3")
        #expect(try store.placedFor().map { "\($0.revision ?? "") \($0.observedDigest)" } == "r2 d3")
    }

    @Test func journalIntentsOutcomesAndResume() async throws {
        let store = try GridStore(directory: folder.path)
        let spec = ResourceSpec(["a": "1"])
        let create = SiteAction(verb: .create, id: chat, spec: spec, specHash: spec.hash)
        let ids = try await store.recordIntents(site: "s1", actions: [create], revision: "r1")
        #expect(try store.openIntents().map(\.id) == ids)
        #expect(try store.openIntents().first?.key == create.idempotencyKey(site: "s1"))

        // A new process finds the open intent and closes it from what the site reports.
        let reopened = try GridStore(directory: folder.path)
        let open = try reopened.openIntents()
        try reopened.resolveIntents([(open[0], true)])
        #expect(try reopened.openIntents().isEmpty)
        #expect(try reopened.appliedRecords()["s1"]?[chat] == AppliedRecord(specHash: spec.hash, revision: "r1"))
        #expect(try reopened.journal().map(\.outcome) == ["found"])

        let delete = SiteAction(verb: .delete, id: chat, spec: ResourceSpec(), specHash: spec.hash)
        let more = try await reopened.recordIntents(site: "s1", actions: [delete, create], revision: "r2")
        try await reopened.recordOutcomes([
            ActionOutcome(journalID: more[0], site: "s1", action: delete, revision: "r2", result: .done),
            ActionOutcome(journalID: more[1], site: "s1", action: create, revision: "r2", result: .failed("boom")),
        ])
        #expect(try reopened.appliedRecords()["s1"]?[chat] == nil)
        #expect(try reopened.journal().map(\.outcome) == ["found", "done", "failed"])
        #expect(try reopened.journal().last?.error == "boom")
    }

    @Test func conditionsAndObservationsWriteOnlyChanges() throws {
        let store = try GridStore(directory: folder.path)
        let ready = Condition(scope: .site, name: "s1", status: .ready, reason: "in sync", revision: "r1")
        try store.updateConditions(changed: [ready], removed: [])
        var writes = store.writeCount
        try store.updateConditions(changed: [], removed: [])
        #expect(store.writeCount == writes)
        let since = try #require(try store.conditions().first?.since)
        try store.updateConditions(changed: [Condition(scope: .site, name: "s1", status: .ready, reason: "other", revision: "r2")], removed: [])
        #expect(try store.conditions().first?.since == since, "same status: the time it took it stays")
        let offline = Condition(scope: .site, name: "s1", status: .offline, reason: "gone", revision: "r1")
        try store.updateConditions(changed: [offline], removed: [])
        #expect(try store.conditions().map(\.condition.status) == [.offline])
        try store.updateConditions(changed: [], removed: [offline])
        #expect(try store.conditions().isEmpty)

        let o = StoredObservation(site: "s1", reachable: true, since: Date(), observedAt: Date(), error: "",
                                  observation: SiteObservation(site: "s1", healthy: true, gpusUsed: ["H100": 1], resources: []))
        try store.saveObservations([o])
        writes = store.writeCount
        try store.saveObservations([])
        #expect(store.writeCount == writes)
        #expect(try store.observations()["s1"]?.observation == o.observation)
    }

    @Test func eventsInOrderSinceAnID() throws {
        let store = try GridStore(directory: folder.path)
        try store.addEvents([Event(level: .info, message: "one"), Event(level: .error, site: "s1", message: "two")])
        let all = try store.events()
        #expect(all.map(\.message) == ["one", "two"])
        #expect(try store.events(since: all[0].id).map(\.message) == ["two"])
    }

    @Test func theV2MigrationKeepsAPlacementSavedAsJSON() throws {
        let path = folder.path + "/gridops.sqlite"
        let old = Placement(revision: "r", objective: 12.5, assignments: [assignment("a", "s1", 2), assignment("b", "s2", 1)],
                            reservations: [.init(tenant: "acme", kind: "KubernetesCluster", name: "k", site: "s1", gpuModel: "H100", gpus: 8)],
                            unplaced: [.init(tenant: "acme", service: "c", region: "eu", replicas: 1, reason: "full")])
        do {
            let queue = try DatabaseQueue(path: path)
            try GridStore.migrator.migrate(queue, upTo: "v1")
            let json = try JSONEncoder().encode(old)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO placement (id, revision, json) VALUES (1, 'r', ?)", arguments: [json])
            }
        }
        #expect(try GridStore(directory: folder.path).currentPlacement() == old)
    }

    @Test func aStoreThatIsNotADatabaseIsAClearError() throws {
        try folder.write("gridops.sqlite", String(repeating: "garbage ", count: 200))
        #expect(throws: StoreError.self) { try GridStore(directory: folder.path) }
    }
}
