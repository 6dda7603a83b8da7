public import GridModel

/// Places every workload of a grid: clusters first, then ModelService replicas by tenant
/// priority, greedy by regret, then local search. Pure: same input, same output.
public enum Placer {
    /// Instances up to this many replicas also get the costlier improvement steps (three ways
    /// of spread repair, five rounds each, local search, repacking, pool exchanges); larger
    /// ones get one round without local search.
    static let smallInstance = 5_000
    /// Instances up to this many replicas start from every greedy order (see `GreedyOrder`),
    /// not only by priority.
    static let everyOrderInstance = 1_000

    /// Runs `settle` makes at most before it keeps the last: on the generated grids tried
    /// (500 to 10,000 sites) the third or the fourth gave the one before back.
    static let settleRounds = 4

    public static func place(_ input: PlacementInput) -> Placement {
        settle(input).placement
    }

    /// Places, then places again with the result as the placement running, until doing so
    /// gives back the same assignments and reservations: the answer is a fixed point of
    /// re-placing it.
    ///
    /// One run from a given start is not: its last steps (giving replicas back for spread,
    /// making room) free GPUs that replicas it left unplaced could use, and a run that starts
    /// from its result keeps every replica and places those. A controller that restarts, or a
    /// `plan` in another process, places with the placement in force as the one running; if
    /// that were not a fixed point, a converged grid would show a plan. A placement that
    /// already is one costs a single run. (The controller also keeps what the placement in
    /// force was made for, so a process that starts afresh with the same inputs takes it
    /// without placing: see `Reconciler.placeAndRender`.)
    ///
    /// Returns the engine of the first run that gave the answer, so its objective and its
    /// explanations count moves from the placement the caller gave (when the first run was
    /// already settled, as it mostly is) rather than from the answer itself.
    static func settle(_ input: PlacementInput) -> (engine: PlacementEngine, placement: Placement) {
        var input = input
        var engine = PlacementEngine(input)
        engine.run(current: input.current)
        var placement = engine.result(revision: input.revision)
        for _ in 1..<settleRounds {
            if let current = input.current, current.sameAnswer(as: placement) { break }
            input.current = placement
            let next = PlacementEngine(input)
            next.run(current: placement)
            let again = next.result(revision: input.revision)
            if again.sameAnswer(as: placement) { break }
            (engine, placement) = (next, again)
        }
        return (engine, placement)
    }
}

extension PlacementEngine {
    /// - Parameter orders: the greedy orders to start from; by default every order on an
    ///   instance up to `Placer.everyOrderInstance` replicas, else by priority alone.
    func run(current: Placement?, orders: [GreedyOrder]? = nil) {
        reserveClusters(current: current)
        buildDemands(current: current)
        prepareCandidates()
        keepRunningReplicas()
        let replicas = demands.reduce(0) { $0 + $1.wanted }
        guard replicas <= Placer.smallInstance else {
            placeGreedy(.byPriority)
            roomForSpread = .near
            improve(rounds: 1, small: false)
            return
        }
        // The improvement rounds end in different places from different greedy starts: each
        // start is improved and the best result kept. Another order wins only by placing more
        // replicas than the priority order, so priority still decides among equals. Making
        // room for spread can cost more replicas than it saves (a stricter class in a pool
        // lowers its limit for everyone): from each start, each way is tried and the best
        // result kept (ties to the first).
        let kept = snapshot()
        var best: (score: (placed: Int, cost: Double), state: EngineSnapshot)?
        for order in orders ?? (replicas <= Placer.everyOrderInstance ? GreedyOrder.allCases : [.byPriority]) {
            restore(kept)
            firstChoice = Array(repeating: nil, count: demands.count)
            placeGreedy(order)
            let greedy = snapshot()
            for repair in SpreadRepair.allCases {
                restore(greedy)
                roomForSpread = repair
                let score = improve(rounds: 5, small: true)
                if let b = best, b.score.placed > score.placed
                    || (b.score.placed == score.placed && (b.score.cost <= score.cost || order != .byPriority)) { continue }
                best = (score, snapshot())
            }
        }
        if let best { restore(best.state) }
        exchangePools(passes: 3)
    }

    /// Improvement rounds: spread first, then fill what is unplaced by making room, then
    /// cheaper moves. On a small instance a round that leaves fewer replicas placed, or the
    /// same number at a higher cost, is taken back, and the final score is returned; a large
    /// instance gets one round, unchecked.
    @discardableResult
    func improve(rounds: Int, small: Bool) -> (placed: Int, cost: Double) {
        enforceMinSites()
        guard small else {
            // One round, kept as it is: checking it would copy the whole state.
            ejectForUnplaced(limit: 5_000, nearestSites: 32, withModelsOnly: false, chainDepth: 0)
            enforceMinSites()
            return (0, 0)
        }
        var best = score()
        for round in 0..<rounds {
            let before = snapshot()
            // Replicas given up for spread first get a repack, which can open the second site
            // they need by giving up fewer of others; making room would put them back on the
            // sites they have.
            reclaimGivenUp()
            repackPools()
            // Rounds alternate how far they look for room: the 8 nearest sites, the 32 nearest,
            // and the 32 nearest that have the service's models.
            let (near, modelsOnly) = [(8, false), (32, false), (8, false), (32, true), (8, false)][round % 5]
            ejectForUnplaced(limit: 50_000, nearestSites: near, withModelsOnly: modelsOnly)
            repackPools()
            relocate(passes: 6)
            if round == rounds - 1 { repackForCost() }
            enforceMinSites()
            let now = score()
            if now.placed < best.placed || (now.placed == best.placed && now.cost > best.cost + 1e-9) {
                restore(before)
            } else {
                best = now
            }
        }
        return best
    }
}
