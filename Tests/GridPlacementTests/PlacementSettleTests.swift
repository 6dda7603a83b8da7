import GridModel
import GridPlacement
import Testing

/// A placement is a fixed point of placing again with it running: what a controller that
/// restarts, or `plan` in another process, computes is what the converging process applied.
@Suite struct PlacementSettleTests {
    /// 500 sites and 3,000 services (5,107 replicas, past the small-instance limit): one run
    /// leaves replicas waiting that a second run, keeping every replica of the first, places
    /// where the first run's last spread repair gave GPUs back; a third gives the second back.
    /// Then the same from a placement that ran before a site went offline.
    @Test func placingAgainWithTheResultRunningGivesItBack() throws {
        let g = try generated(sites: 500, services: 3_000, seed: 2)
        let placement = Placer.place(PlacementInput(grid: g, revision: "r1"))
        let again = Placer.place(PlacementInput(grid: g, revision: "r1", current: placement))
        #expect(differences(again, placement) == [])
        #expect(violations(of: placement, grid: g) == [])

        let busiest = Dictionary(grouping: placement.assignments, by: \.site).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
        let observed = ObservedSnapshot(offline: [busiest])
        let after = Placer.place(PlacementInput(grid: g, revision: "r2", observed: observed, current: placement))
        #expect(!after.assignments.contains { $0.site == busiest })
        let settled = Placer.place(PlacementInput(grid: g, revision: "r2", observed: observed, current: after))
        #expect(differences(settled, after) == [])
        #expect(violations(of: after, grid: g, observed: observed) == [])
    }

    /// Assignments one placement has and the other has not, and a line when the rest differs.
    private func differences(_ a: Placement, _ b: Placement) -> [String] {
        let left = Set(a.assignments.map { "\($0.tenant)/\($0.service) \($0.region)@\($0.site) \($0.gpuModel) x\($0.replicas)" })
        let right = Set(b.assignments.map { "\($0.tenant)/\($0.service) \($0.region)@\($0.site) \($0.gpuModel) x\($0.replicas)" })
        var out = left.subtracting(right).sorted().map { "+ " + $0 } + right.subtracting(left).sorted().map { "- " + $0 }
        if out.isEmpty, !a.sameAnswer(as: b) { out.append("same assignments, other reservations") }
        return out
    }
}
