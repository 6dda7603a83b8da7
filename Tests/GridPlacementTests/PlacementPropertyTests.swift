import Foundation
import GridModel
import GridPlacement
import GridTestSupport
import Testing

/// Properties over random generated grids: no violation, determinism, stability.
@Suite struct PlacementPropertyTests {
    @Test(arguments: [(40, 80, UInt64(1)), (80, 150, 2), (120, 300, 3), (200, 600, 4), (60, 200, 5), (80, 150, 20)])
    func noHardConstraintIsEverViolated(sites: Int, services: Int, seed: UInt64) throws {
        let g = try generated(sites: sites, services: services, seed: seed)
        let placement = Placer.place(PlacementInput(grid: g))
        #expect(violations(of: placement, grid: g) == [])
        #expect(placement.placedReplicas > 0)
        let keys = placement.unplaced.map { "\($0.tenant)/\($0.service)/\($0.region)/\($0.reason)" }
        #expect(Set(keys).count == keys.count, "one unplaced entry per service, region and reason")
        #expect(placement.unplaced.allSatisfy { !$0.reason.isEmpty && $0.replicas > 0 })
    }

    @Test func observedUseLatencyAndOfflineSitesAreRespected() throws {
        let g = try generated(sites: 80, services: 150, seed: 7)
        let first = Placer.place(PlacementInput(grid: g))
        let busiest = Dictionary(grouping: first.assignments, by: \.site).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
        let another = first.assignments.first { $0.site != busiest }
        var observed = ObservedSnapshot(offline: [busiest])
        if let another {
            observed.pools.append(.init(site: another.site, gpuModel: another.gpuModel, used: 3))
            observed.latencies.append(.init(region: another.region, site: another.site, rttMs: 999))
        }
        let placement = Placer.place(PlacementInput(grid: g, observed: observed))
        #expect(violations(of: placement, grid: g, observed: observed) == [])
        #expect(!placement.assignments.contains { $0.site == busiest })
        if let another { #expect(!placement.assignments.contains { $0.site == another.site && $0.region == another.region }) }
    }

    @Test func sameInputSameBytes() throws {
        let g = try generated(sites: 150, services: 400, seed: 11)
        let a = Placer.place(PlacementInput(grid: g, revision: "abc"))
        let b = Placer.place(PlacementInput(grid: g, revision: "abc"))
        #expect(json(a) == json(b))
    }

    @Test func unchangedInputsMoveNothing() throws {
        let g = try generated(sites: 120, services: 300, seed: 12)
        let first = Placer.place(PlacementInput(grid: g))
        let again = Placer.place(PlacementInput(grid: g, current: first))
        #expect(again.assignments == first.assignments)
        #expect(again.reservations == first.reservations)
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func removingOneSiteMovesOnlyItsReplicas(seed: UInt64) throws {
        var g = try generated(sites: 150, services: 400, seed: seed)
        let first = Placer.place(PlacementInput(grid: g))
        let counts = Dictionary(grouping: first.assignments, by: \.site).mapValues { $0.reduce(0) { $0 + $1.replicas } }
        guard let removed = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return }
        g.sites.removeAll { $0.metadata.name == removed }
        let second = Placer.place(PlacementInput(grid: g, current: first))
        #expect(violations(of: second, grid: g) == [])
        // Replicas of the services that had none on the removed site: how many are no longer
        // where they were? (A service that lost a site may have to shrink to keep spread.minSites.)
        let touched = Set(first.assignments.filter { $0.site == removed }.map { $0.tenant + "/" + $0.service })
        var before: [String: Int] = [:]
        for a in first.assignments where !touched.contains(a.tenant + "/" + a.service) { before["\(a.tenant)/\(a.service)/\(a.region)/\(a.site)/\(a.gpuModel)", default: 0] += a.replicas }
        var after: [String: Int] = [:]
        for a in second.assignments { after["\(a.tenant)/\(a.service)/\(a.region)/\(a.site)/\(a.gpuModel)", default: 0] += a.replicas }
        let others = before.values.reduce(0, +)
        let moved = before.reduce(0) { $0 + max(0, $1.value - (after[$1.key] ?? 0)) }
        let movedKeys = before.filter { $0.value > (after[$0.key] ?? 0) }.map { "\($0.key): \($0.value) -> \(after[$0.key] ?? 0)" }.sorted()
        #expect(Double(moved) <= 0.01 * Double(others), "moved \(moved) of \(others) replicas not on \(removed): \(movedKeys)")
    }

    @Test func aReplicaMovesOnlyWhenItSavesMoreThanMovePerReplica() throws {
        // Two sites; the replica runs on the dearer one. Cheaper by less than movePerReplica: it stays.
        let files = smallGrid(
            sites: [site("near", lat: 48.9, lon: 2.4, gpus: "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 1.0}]"),
                    site("dear", lat: 48.9, lon: 2.4, gpus: "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 4.0}]")],
            tenants: [tenant("acme")], services: [service("chat", tenant: "acme", replicas: 1)])
        let g = try grid(files)
        let running = Placement(revision: nil, objective: 0, assignments: [
            .init(tenant: "acme", service: "chat", region: "eu-west", site: "dear", gpuModel: "L4", replicas: 1, rttMs: 2, costPerHour: 4),
        ], reservations: [], unplaced: [])
        // Saving: 5 * (4 - 1) = 15 < 20: stays.
        #expect(Placer.place(PlacementInput(grid: g, current: running)).assignments.map(\.site) == ["dear"])
        // Make the dear site dearer: saving 5 * (6 - 1) = 25 > 20: moves.
        let dearer = files.merging(["manifests/sites/s1.yaml": "apiVersion: gridops/v1alpha1\nkind: Site\n"
            + site("dear", lat: 48.9, lon: 2.4, gpus: "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 6.0}]")]) { $1 }
        #expect(Placer.place(PlacementInput(grid: try grid(dearer), current: running)).assignments.map(\.site) == ["near"])
    }

    @Test func largestRemainderTiesGoToTheFirstRegion() {
        #expect(PlacementTestHooks.split(5, [1, 1]) == [3, 2])
        #expect(PlacementTestHooks.split(6, [0.6, 0.4]) == [4, 2])
        #expect(PlacementTestHooks.split(7, [1, 1, 1]) == [3, 2, 2])
        #expect(PlacementTestHooks.split(1, [0.2, 0.8]) == [0, 1])
        #expect(PlacementTestHooks.split(4, [0, 1]) == [0, 4])
    }
}
