import GridModel
import GridPlacement
import Testing

/// Repacking (PlacementEngine+Repack.swift): the objective counts replicas first, so a pool
/// goes to the mix that places the most, whoever the greedy order served first; running
/// replicas are never given up for it.
@Suite struct PlacementRepackTests {
    func place(_ files: [String: String], current: Placement? = nil) throws -> Placement {
        let g = try grid(files)
        let placement = Placer.place(PlacementInput(grid: g, current: current))
        #expect(violations(of: placement, grid: g, observed: .empty) == [])
        return placement
    }

    /// A dedicated tenant placed first would hold the only pool for one replica; three of
    /// another tenant's fit there instead.
    func dedicatedAgainstThree() -> [String: String] {
        smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4)],
            tenants: [tenant("big", "priority: 20\n  isolation: dedicated"), tenant("other", "priority: 10")],
            services: [service("x", tenant: "big", replicas: 1)]
                + (1...3).map { service("y\($0)", tenant: "other", replicas: 1) })
    }

    @Test func aDedicatedTenantGivesWayWhenOthersPlaceMoreThere() throws {
        let p = try place(dedicatedAgainstThree())
        #expect(p.placedReplicas == 3)
        #expect(Set(p.assignments.map(\.tenant)) == ["other"])
        #expect(p.unplaced.map { "\($0.tenant)/\($0.service): \($0.reason)" } == [
            "big/x: every candidate pool is used by another tenant and tenant big is dedicated",
        ])
    }

    @Test func oneLargeReplicaGivesWayToSeveralSmallOnes() throws {
        // 6 of the pool's 8 GPUs may be used: the 4-GPU replica placed first leaves room for
        // one 2-GPU replica; without it, three fit.
        let p = try place(smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4)],
            tenants: [tenant("hi", "priority: 20"), tenant("lo", "priority: 10")],
            services: [service("large", tenant: "hi", replicas: 1, models: "[L4], perReplica: 4")]
                + (1...3).map { service("small\($0)", tenant: "lo", replicas: 1, models: "[L4], perReplica: 2") }))
        #expect(p.placedReplicas == 3)
        #expect(p.assignments.map(\.service) == ["small1", "small2", "small3"])
        #expect(p.unplaced.map(\.service) == ["large"])
    }

    @Test func aDedicatedTenantGetsTheNearPoolWhenThatCostsLessInAll() throws {
        // The shared tenant, served first, takes the near pool with one replica; the dedicated
        // one's three would go far. Swapping them costs two far replicas less, and no single
        // move finds it: the dedicated tenant cannot join the near pool while the other holds it.
        let p = try place(smallGrid(
            sites: [site("near", lat: 48.9, lon: 2.4), site("far", lat: 52.5, lon: 13.4)],
            tenants: [tenant("shared", "priority: 20"), tenant("ded", "priority: 10\n  isolation: dedicated")],
            services: [service("s", tenant: "shared", replicas: 1, slo: 200), service("x", tenant: "ded", replicas: 3, slo: 200)]))
        #expect(p.assignments.map { "\($0.tenant)/\($0.service)@\($0.site): \($0.replicas)" } == ["ded/x@near: 3", "shared/s@far: 1"])
    }

    @Test func aRunningReplicaIsNeverGivenUpToPlaceMore() throws {
        let files = dedicatedAgainstThree()
        let running = Placement(
            revision: nil, objective: 0,
            assignments: [.init(tenant: "big", service: "x", region: "eu-west", site: "a", gpuModel: "L4",
                                replicas: 1, rttMs: 0, costPerHour: 1)],
            reservations: [], unplaced: [])
        let p = try place(files, current: running)
        #expect(p.assignments.map { "\($0.tenant)/\($0.service)@\($0.site)" } == ["big/x@a"])
        #expect(p.unplacedReplicas == 3)
    }
}
