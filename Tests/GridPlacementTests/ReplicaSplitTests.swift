import Foundation
import GridManifests
import GridPlacement
import Testing

/// Splitting replicas over user regions: exact on decimal weights, ties to the first listed.
@Suite struct ReplicaSplitTests {
    @Test func exactTiesGoToTheRegionListedFirst() {
        // 3 * 0.444 / 0.999 = 4/3 and 3 * 0.111 / 0.999 = 1/3: three remainders of exactly 1/3.
        #expect(PlacementTestHooks.split(3, [0.444, 0.111, 0.444]) == [2, 0, 1])
        // Quotas 1.8, 0.6, 1.6: the second and third tie at 0.6, the second is listed first.
        #expect(PlacementTestHooks.split(4, [0.45, 0.15, 0.4]) == [2, 1, 1])
        #expect(PlacementTestHooks.split(10, [0.1, 0.2, 0.3, 0.4]) == [1, 2, 3, 4])
        #expect(PlacementTestHooks.split(2, [0.3, 0.3, 0.3]) == [1, 1, 0])
    }

    @Test func weightsOfEveryScale() {
        #expect(PlacementTestHooks.split(3, [1e-05, 2e-05]) == [1, 2])
        #expect(PlacementTestHooks.split(5, [1_000_000, 1_000_000]) == [3, 2])
        #expect(PlacementTestHooks.split(1_000_000, [0.5, 0.25, 0.25]) == [500_000, 250_000, 250_000])
        #expect(PlacementTestHooks.split(4, [0, 0]) == [0, 0])
        #expect(PlacementTestHooks.split(4, []) == [])
        // Below 10^-18 a weight rounds to the digits kept: 4e-19 is 0, 6e-19 is 10^-18.
        #expect(PlacementTestHooks.split(2, [4e-19, 6e-19]) == [0, 2])
    }

    /// Random decimal weights (up to six digits after the point), checked against the same
    /// rule computed here on the integers the weights were made from.
    @Test func randomDecimalWeightsSplitAsTheRuleSays() {
        var rng = SyntheticGrid.SplitMix64(seed: 0x5EED, stream: 0)
        for _ in 0..<5_000 {
            let digits = Int(rng.next() % 7)
            let scale = (0..<digits).reduce(1) { x, _ in x * 10 }
            let regions = 1 + Int(rng.next() % 5)
            // Small numerators make ties common: 3 regions of 0.3 and 0.15 and such.
            let numerators = (0..<regions).map { _ in Int(rng.next() % (rng.next() % 2 == 0 ? 10 : UInt64(scale) * 3 + 1)) }
            let total = 1 + Int(rng.next() % 40)
            let weights = numerators.map { Double($0) / Double(scale) }
            let split = PlacementTestHooks.split(total, weights)
            #expect(split == Self.rule(total, numerators), "split \(total) over \(weights)")
        }
    }

    /// The largest remainder method over integer weights: floors of total * w / sum, then one
    /// more each by largest remainder, ties to the earlier entry.
    private static func rule(_ total: Int, _ weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total * $0 / sum }
        let order = weights.indices.sorted { a, b in
            let ra = total * weights[a] % sum, rb = total * weights[b] % sum
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(total - shares.reduce(0, +)) { shares[i] += 1 }
        return shares
    }
}
