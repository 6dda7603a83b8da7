import GridModel

extension PlacementEngine {
    /// Repacking, for replicas that making room could not place: a pool they could use is
    /// emptied of its new replicas and filled again with the mix of those and the unplaced
    /// that holds the most replicas; the ones left out go to their next-best options.
    /// Making room moves one replica at a time and never gives one up; repacking may give
    /// up some to place more: a dedicated tenant's few replicas out of a pool that takes
    /// many of others, a strict class out of a pool it holds below others' limits, one large
    /// replica for several small ones. A repack is kept only when more replicas are placed,
    /// or as many at a lower cost, and every service keeps its spread; otherwise it is
    /// undone. Tenant priority orders the greedy placement; it does not outweigh a replica
    /// count (the objective of docs/manifests.md counts replicas, not whose they are).
    func repackPools() {
        let scope = RepackScope(self)
        // One pool at a time, then every pool one waiting demand could use at once (a tenant
        // moved out of one pool would otherwise take the next one it wants).
        for p in poolsWanted(scope) { repack([p], scope) }
        for d in scope.waiting where demands[d].remaining > 0 {
            let pools = usablePools(d)
            if pools.count > 1 { repack(pools, scope, for: d) }
        }
    }

    /// What the repacks of one call share: the demands waiting when it began (a repack that
    /// leaves others waiting leaves them to the next round).
    struct RepackScope {
        let waiting: [Int]

        init(_ engine: PlacementEngine) {
            waiting = engine.demands.indices.filter { engine.demands[$0].remaining > 0 }
        }
    }

    /// Repacking for cost: a demand whose dearest replica costs well above its cheapest
    /// candidate pool near its region (more than a fifth more) is taken out and placed
    /// again first into the two nearest pools it could use and does not, repacked: a pool a
    /// dedicated tenant holds, or one full of replicas with other options, is given back to
    /// the demand that loses most without it. Kept, as every repack, only when it pays.
    func repackForCost() {
        let scope = RepackScope(self)
        for d in demands.indices where demands[d].remaining == 0 && !placed[d].isEmpty {
            let pools = usablePools(d)
            guard let cheapest = pools.prefix(16).map({ cost(d, pool: $0) }).min(),
                  let dearest = placed[d].keys.map({ cost(d, pool: $0) }).max(),
                  dearest > cheapest * 1.2 + 1e-9 else { continue }
            let targets = Array(pools.filter { placed[d][$0] == nil }.prefix(2))
            if !targets.isEmpty { repack(targets, scope, for: d, moving: d) }
        }
    }

    /// Pools some unplaced replica could use, whatever they hold now, in pool order.
    private func poolsWanted(_ scope: RepackScope) -> [Int] {
        var wanted = Set<Int>()
        for d in scope.waiting { wanted.formUnion(usablePools(d)) }
        return wanted.sorted()
    }

    /// Whether new replicas of a dedicated tenant other than demand `d`'s keep `d` out of pool `p`.
    func heldByDedicated(_ p: Int, against d: Int) -> Bool {
        let tenant = services[demands[d].service].tenant
        return occupants[p].contains { o in
            let t = services[demands[o].service].tenant
            return t != tenant && dedicated[t] && hasNew(o, in: p)
        }
    }

    /// The pools demand `d` could ever use, nearest first.
    func usablePools(_ d: Int) -> [Int] {
        let plan = services[demands[d].service]
        let r = demands[d].region
        var pools: [Int] = []
        for s in index.sitesByDistance[r] {
            if index.rtt(region: r, site: s) > plan.slo { break }
            guard staticallyFits(plan, region: r, site: s) else { continue }
            pools += index.poolsOfSite[s].filter { plan.models.contains(index.pools[$0].model) }
        }
        return pools
    }

    /// Whether demand `d` could ever have a replica in pool `p`: one of its models (which
    /// its tenant's quota allows) and a site that fits statically.
    private func usable(_ d: Int, pool p: Int) -> Bool {
        let plan = services[demands[d].service]
        let pool = index.pools[p]
        return plan.models.contains(pool.model) && staticallyFits(plan, region: demands[d].region, site: pool.site)
    }

    /// One replica change, to undo: `n` > 0 assigned, < 0 taken out.
    struct Step {
        var demand: Int
        var pool: Int
        var n: Int
    }

    func apply(_ step: Step, log: inout [Step]) {
        if step.n > 0 { assign(step.demand, pool: step.pool, replicas: step.n) } else { unassign(step.demand, pool: step.pool, replicas: -step.n) }
        log.append(step)
    }

    func undo(_ log: inout [Step], to mark: Int) {
        while log.count > mark {
            let step = log.removeLast()
            if step.n > 0 { unassign(step.demand, pool: step.pool, replicas: step.n) } else { assign(step.demand, pool: step.pool, replicas: -step.n) }
        }
    }

    /// Repacks `pools`: each way of filling a single pool is tried in full (a dedicated tenant
    /// wins a pool only when the others it would keep out find room elsewhere), several pools
    /// take their fullest fill one after the other. Keeps the best try if it beats the start.
    /// `moving`: a demand whose new replicas are all taken out first, wherever they are, to
    /// be placed again (for cost: see `repackForCost`). `favoring`: demands that fill each of
    /// several pools right after `first`. `lossy`: the occupants left out may clear pools
    /// for themselves, leaving others waiting; scored on every demand, and kept only when it
    /// places more (see `exchangePools`).
    func repack(_ pools: [Int], _ scope: RepackScope, for first: Int? = nil, moving: Int? = nil, favoring: [Int] = [],
                lossy: Bool = false) {
        let waiting = scope.waiting.filter { d in demands[d].remaining > 0 && pools.contains { usable(d, pool: $0) } }
        guard !waiting.isEmpty || moving != nil else { return }
        // Who may be touched: the pools' occupants with new replicas there (and `moving`
        // wherever it runs), and every demand with replicas unplaced that could use a pool.
        let repacked = Set(pools)
        var evictions: [Step] = []
        for d in Set(pools.flatMap { occupants[$0] } + (moving.map { [$0] } ?? [])).sorted() {
            for (p, n) in placed[d].sorted(by: { $0.key < $1.key })
            where (d == moving || repacked.contains(p)) && n > demands[d].before[p, default: 0] {
                evictions.append(Step(demand: d, pool: p, n: -(n - demands[d].before[p, default: 0])))
            }
        }
        let evicted = Set(evictions.map(\.demand)).sorted()
        let touched = Set(evicted + waiting).sorted()
        let touchedServices = Set(touched.map { demands[$0].service })
        let trial = Trial(pools: pools, first: first, favored: favoring, evictions: evictions, evicted: evicted, touched: touched,
                          services: touchedServices.sorted(), lossy: lossy,
                          scored: lossy ? Array(demands.indices) : touchedServices.sorted().flatMap { services[$0].demands })
        let start = score(of: trial.scored)
        let fills: [[Int]?] = pools.count == 1 ? fillOrders(pools[0], touched.filter { usable($0, pool: pools[0]) }) : [nil]
        var best: (placed: Int, cost: Double, fill: [Int]?)?
        for fill in fills {
            var log: [Step] = []
            let givenUp = run(trial, fill: fill, log: &log)
            let end = score(of: trial.scored)
            undo(&log, givenUp: givenUp)
            let beats = { (b: (placed: Int, cost: Double)) in end.placed > b.placed || (end.placed == b.placed && end.cost < b.cost - 1e-9) }
            if beats(start), !lossy || end.placed > start.placed, best.map({ beats(($0.placed, $0.cost)) }) ?? true { best = (end.placed, end.cost, fill) }
        }
        guard let best else { return }
        var log: [Step] = []
        reportGivenUp(run(trial, fill: best.fill, log: &log))
    }

    /// What one repack touches.
    private struct Trial {
        var pools: [Int]
        /// The waiting demand the pools were chosen for: it fills each of them first.
        var first: Int?
        /// Demands that fill each pool right after `first` (a tenant it displaces).
        var favored: [Int]
        /// New replicas to take out, and of which demands.
        var evictions: [Step]
        var evicted: [Int]
        /// Those and the demands waiting, in demand order.
        var touched: [Int]
        var services: [Int]
        /// Whether occupants of other services may be left waiting to make room (see `clearRoom`).
        var lossy: Bool
        /// Every demand of those services (every demand, when lossy): what the result is scored on.
        var scored: [Int]
    }

    /// Takes the trial's new replicas out, fills its pools (the single pool in `fill`'s order,
    /// or each with its first demand and then its fullest fill), sends the occupants left out
    /// where they can go, and repairs spread. Returns the replicas given up for spread (taken
    /// out, not logged).
    private func run(_ trial: Trial, fill: [Int]?, log: inout [Step]) -> [(demand: Int, pool: Int)] {
        for step in trial.evictions { apply(step, log: &log) }
        for p in trial.pools {
            let lead = ((trial.first.map { [$0] } ?? []) + trial.favored).filter { usable($0, pool: p) }
            let order = fill ?? (lead + fullestFill(p, trial.touched.filter { !lead.contains($0) && demands[$0].remaining > 0 && usable($0, pool: p) }))
            for d in order { apply(Step(demand: d, pool: p, n: min(demands[d].remaining, room(d, pool: p))), log: &log) }
        }
        // The occupants left out go where they can, as greedy would send them, or where room
        // can be made; what waited and was left out waits as before.
        for d in trial.evicted {
            while demands[d].remaining > 0, let best = bestTwo(d).best {
                apply(Step(demand: d, pool: best.pool, n: min(demands[d].remaining, best.room)), log: &log)
            }
            var budget = 16
            for q in blockedPools(d, newSitesOnly: false, nearestSites: 8) where demands[d].remaining > 0 && budget > 0 {
                if makeRoom(for: d, in: q, budget: &budget, log: &log) { apply(Step(demand: d, pool: q, n: 1), log: &log) }
            }
            if trial.lossy { clearRooms(for: d, sparing: trial.pools, log: &log) }
        }
        // A service left on too few sites for what it runs moves replicas from its fullest site
        // to new ones while they have room, and gives the rest back, as spread repair would.
        var givenUp: [(demand: Int, pool: Int)] = []
        for s in trial.services where !spreadHolds(s) {
            let ds = Array(services[s].demands)
            // Each step must open a site (a chain may move the service's own replicas back).
            while !spreadHolds(s) {
                let sites = services[s].perSite.count
                guard spreadOut(s, ds, log: &log) || (trial.lossy && spreadOutClearing(s, ds, sparing: trial.pools, log: &log)),
                      services[s].perSite.count > sites else { break }
            }
            if !spreadHolds(s) { givenUp += shrinkToSites(s, ds) }
        }
        return givenUp
    }

    /// Whether service `s` runs on at least `min(minSites, placed)` sites.
    func spreadHolds(_ s: Int) -> Bool {
        services[s].perSite.count >= min(services[s].minSites, services[s].placed)
    }

    private func undo(_ log: inout [Step], givenUp: [(demand: Int, pool: Int)]) {
        for (d, q) in givenUp.reversed() { assign(d, pool: q, replicas: 1) }
        undo(&log, to: 0)
    }

    /// Makes room for one replica of `d` in pool `q` (see `makeRoom`), logging its moves.
    private func makeRoom(for d: Int, in q: Int, budget: inout Int, log: inout [Step]) -> Bool {
        guard let moves = makeRoomKeepingMoves(for: d, in: q, budget: &budget, depth: 1) else { return false }
        for move in moves {
            log.append(Step(demand: move.demand, pool: move.from, n: -1))
            log.append(Step(demand: move.demand, pool: move.to, n: 1))
        }
        return true
    }

    /// Moves one replica of service `s` from its fullest site to the best new site with room,
    /// or where room can be made.
    private func spreadOut(_ s: Int, _ ds: [Int], log: inout [Step]) -> Bool {
        moveFromFullestSite(s, ds, log: &log) { d, log in
            if let target = bestTwo(d, newSitesOnly: true).best { return target.pool }
            var budget = 64
            return blockedPools(d, newSitesOnly: true, nearestSites: 32).first { q in
                budget > 0 && makeRoom(for: d, in: q, budget: &budget, log: &log)
            }
        }
    }

    /// Takes one replica of service `s` off its fullest site (of those running more than
    /// one) and puts it where `target` finds room for it, logged; each replica there is tried
    /// in turn. `target` leaves `log` as it was when it finds nothing.
    func moveFromFullestSite(_ s: Int, _ ds: [Int], log: inout [Step], to target: (Int, inout [Step]) -> Int?) -> Bool {
        guard let fullest = services[s].perSite.entries.max(by: { $0.count != $1.count ? $0.count < $1.count : $0.site > $1.site }),
              fullest.count > 1 else { return false }
        for d in ds {
            for p in placed[d].keys.sorted() where index.pools[p].site == fullest.site {
                let mark = log.count
                apply(Step(demand: d, pool: p, n: -1), log: &log)
                if let q = target(d, &log) {
                    apply(Step(demand: d, pool: q, n: 1), log: &log)
                    return true
                }
                undo(&log, to: mark)
            }
        }
        return false
    }

    /// The ways to fill pool `p` from `candidates`: per tenant group dedicated isolation allows
    /// together (each dedicated tenant alone, or every shared one) and per class cap (only
    /// classes at least that loose), smallest replicas first, which places the most under one
    /// capacity.
    private func fillOrders(_ p: Int, _ candidates: [Int]) -> [[Int]] {
        let tenantsIn = Set(candidates.map { services[demands[$0].service].tenant })
        var groups: [[Int]] = tenantsIn.filter { dedicated[$0] }.sorted().map { t in
            candidates.filter { services[demands[$0].service].tenant == t }
        }
        groups.append(candidates.filter { !dedicated[services[demands[$0].service].tenant] })
        var orders: [[Int]] = []
        for group in groups where !group.isEmpty {
            for cap in Set(group.map { services[demands[$0].service].policy.maxUtilization }).sorted() {
                orders.append(group.filter { services[demands[$0].service].policy.maxUtilization >= cap }.sorted { a, b in
                    let (pa, pb) = (services[demands[a].service].perReplica, services[demands[b].service].perReplica)
                    return pa != pb ? pa < pb : (cost(a, pool: p), a) < (cost(b, pool: p), b)
                })
            }
        }
        return orders
    }

    /// Of `fillOrders`, the one that puts the most replicas into pool `p` now (then the cheapest).
    private func fullestFill(_ p: Int, _ candidates: [Int]) -> [Int] {
        var best: (order: [Int], placed: Int, cost: Double)?
        var log: [Step] = []
        for order in fillOrders(p, candidates) {
            var count = 0
            var total = 0.0
            for d in order {
                let n = min(demands[d].remaining, room(d, pool: p))
                guard n > 0 else { continue }
                total += Double(n) * cost(d, pool: p)
                count += n
                apply(Step(demand: d, pool: p, n: n), log: &log)
            }
            undo(&log, to: 0)
            if count > 0, best.map({ count > $0.placed || (count == $0.placed && total < $0.cost - 1e-9) }) ?? true {
                best = (order, count, total)
            }
        }
        return best?.order ?? []
    }
}
