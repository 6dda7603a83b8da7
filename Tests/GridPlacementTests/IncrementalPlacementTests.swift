import Foundation
import GridModel
import GridPlacement
import GridTestSupport
import Testing

/// `Placer.placeChanged`: only the changed services are placed again, and never against a
/// hard constraint (the independent verifier checks the merged placement).
@Suite struct IncrementalPlacementTests {
    /// Changes one service in a way that moves its demand: more replicas, another region mix.
    func changeOne(_ g: ManifestSet, index: Int, replicas delta: Int) -> ManifestSet {
        var next = g
        next.modelServices[index].replicas += delta
        return next
    }

    @Test(arguments: [(UInt64(31), 3), (32, 1), (33, 4), (34, -1), (35, 2), (36, 6)])
    func oneChangedServiceKeepsEveryOtherAndBreaksNothing(seed: UInt64, delta: Int) throws {
        let g = try generated(sites: 80, services: 150, seed: seed)
        let first = Placer.place(PlacementInput(grid: g, revision: "r1"))
        for index in [0, 17, 61, 149] where index < g.modelServices.count {
            let next = changeOne(g, index: index, replicas: max(-g.modelServices[index].replicas + 1, delta))
            let changed = next.modelServices[index]
            let change = try #require(Placer.placeChanged(from: g, first, to: next, observed: .empty, revision: "r2"))
            let (result, sites) = (change.placement, change.sites)
            #expect(change.services.map { "\($0.tenant)/\($0.name)" } == (changed == g.modelServices[index] ? [] : [changed.metadata.qualifiedName]))
            #expect(violations(of: result, grid: next) == [], "seed \(seed), service \(index)")
            let isChanged = { (tenant: String, service: String) in
                tenant == changed.metadata.tenant?.name && service == changed.metadata.name
            }
            #expect(result.assignments.filter { !isChanged($0.tenant, $0.service) }
                    == first.assignments.filter { !isChanged($0.tenant, $0.service) }, "nothing else moves")
            #expect(result.reservations == first.reservations)
            let placed = result.assignments.filter { isChanged($0.tenant, $0.service) }.reduce(0) { $0 + $1.replicas }
            let missing = result.unplaced.filter { isChanged($0.tenant, $0.service) }.reduce(0) { $0 + $1.replicas }
            #expect(placed + missing == changed.replicas, "every replica placed or reported")
            let moved = Set(result.assignments.filter { isChanged($0.tenant, $0.service) }.map(\.site))
                .union(first.assignments.filter { isChanged($0.tenant, $0.service) }.map(\.site))
            #expect(sites == (changed == g.modelServices[index] ? [] : moved), "the sites to render again")
        }
    }

    @Test func removedAndAddedServices() throws {
        let g = try generated(sites: 80, services: 150, seed: 40)
        let first = Placer.place(PlacementInput(grid: g))
        var next = g
        let removed = next.modelServices.remove(at: 5)
        var added = next.modelServices[9]
        added.metadata.name = "brand-new"
        next.modelServices.append(added)
        let result = try #require(Placer.placeChanged(from: g, first, to: next, observed: .empty, revision: nil)?.placement)
        #expect(violations(of: result, grid: next) == [])
        #expect(!result.assignments.contains { $0.service == removed.metadata.name && $0.tenant == removed.metadata.tenant?.name })
        #expect(result.assignments.contains { $0.service == "brand-new" } || result.unplaced.contains { $0.service == "brand-new" })
    }

    @Test func anythingButServicesChangedMeansAFullPlacement() throws {
        let g = try generated(sites: 40, services: 80, seed: 41)
        let first = Placer.place(PlacementInput(grid: g))
        var next = g
        next.sites.removeLast()
        #expect(Placer.placeChanged(from: g, first, to: next, observed: .empty, revision: nil) == nil)
        var many = g
        for i in 0..<20 { many.modelServices[i].replicas += 1 }
        #expect(Placer.placeChanged(from: g, first, to: many, observed: .empty, revision: nil) == nil, "many changes: full")
    }

    @Test func unchangedManifestsGiveThePreviousAssignments() throws {
        let g = try generated(sites: 40, services: 80, seed: 42)
        let first = Placer.place(PlacementInput(grid: g))
        let change = try #require(Placer.placeChanged(from: g, first, to: g, observed: .empty, revision: "r2"))
        let (same, sites) = (change.placement, change.sites)
        #expect(sites.isEmpty)
        #expect(same.assignments == first.assignments)
        #expect(same.unplaced == first.unplaced)
        #expect(same.revision == "r2")
    }

    /// The ledger a full placement keeps, the one made from scratch, and the one a change
    /// hands on all give the same placements; so do known edits and a comparison of all.
    @Test(arguments: [UInt64(50), 51, 52])
    func ledgersAndEditsChangeNothingButSpeed(seed: UInt64) throws {
        let g = try generated(sites: 80, services: 150, seed: seed)
        let (first, kept) = Placer.placeKeepingLedger(PlacementInput(grid: g, revision: "r1"))
        #expect(first == Placer.place(PlacementInput(grid: g, revision: "r1")))
        let second = changeOne(g, index: 17, replicas: 3)
        let a = try #require(Placer.placeChanged(from: g, first, to: second, edits: [17], ledger: kept, observed: .empty, revision: "r2"))
        let b = try #require(Placer.placeChanged(from: g, first, to: second, observed: .empty, revision: "r2"))
        #expect(a.placement == b.placement)
        #expect(a.sites == b.sites)
        // A second commit, from the ledger the first change handed on, or from scratch.
        let third = changeOne(second, index: 61, replicas: 2)
        let c = try #require(Placer.placeChanged(from: second, a.placement, to: third, edits: [61], ledger: a.ledger, observed: .empty, revision: "r3"))
        let d = try #require(Placer.placeChanged(from: second, b.placement, to: third, observed: .empty, revision: "r3"))
        #expect(c.placement == d.placement)
        #expect(violations(of: c.placement, grid: third) == [])
        // A ledger of another placement is not used.
        let e = try #require(Placer.placeChanged(from: second, b.placement, to: third, ledger: kept, observed: .empty, revision: "r3"))
        #expect(e.placement == d.placement)
    }
}
