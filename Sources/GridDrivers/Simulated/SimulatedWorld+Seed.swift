import Foundation
import GRDB

// The world's seed: every fault a simulated site injects (a failed observe, a failed call, a
// lost answer) is drawn from it, so a flaky world fails the same way on every run.

extension SimulatedWorld {
    /// The seed faults are drawn from, stored with the world (`gridops sim faults --seed`).
    public var seed: UInt64 { draws.seed }

    /// Stores a new seed; draws start again from it. A process that has the world open
    /// already (a running `serve`) keeps the seed it read until it opens the world again.
    public func setSeed(_ seed: UInt64) throws {
        try write { db in
            try db.execute(sql: "UPDATE world SET seed = ? WHERE id = 1", arguments: [Int64(bitPattern: seed)])
        }
        draws.reset(seed: seed)
    }

    /// The `n`-th draw in [0, 1) for `purpose` at `site`: a pure function of the seed, the
    /// site, the purpose and how many draws that pair had before in this process. Sites
    /// observed and called concurrently therefore draw the same values whatever the order
    /// the calls interleave in, and the n-th attempt of an action (its purpose names its
    /// idempotency key) fails or not the same way on every run.
    func draw(site: String, _ purpose: String) -> Double {
        draws.next(site: site, purpose: purpose)
    }

    /// The stored seed; a new world gets a random one, which `sim status` shows.
    static func loadSeed(_ db: DatabasePool) throws -> UInt64 {
        try db.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO world (id, seed) VALUES (1, ?)",
                           arguments: [Int64.random(in: 1...Int64(UInt32.max))])
            return UInt64(bitPattern: try Int64.fetchOne(db, sql: "SELECT seed FROM world WHERE id = 1") ?? 0)
        }
    }
}

/// Draw counters per site and purpose, under a lock (sites are called concurrently).
final class FaultDraws: @unchecked Sendable {
    private let lock = NSLock()
    private var current: UInt64
    private var counts: [String: UInt64] = [:]

    init(seed: UInt64) {
        current = seed
    }

    var seed: UInt64 { lock.withLock { current } }

    func reset(seed: UInt64) {
        lock.withLock {
            current = seed
            counts.removeAll()
        }
    }

    func next(site: String, purpose: String) -> Double {
        let key = site + "\u{0}" + purpose
        let (seed, n): (UInt64, UInt64) = lock.withLock {
            let n = counts[key, default: 0]
            counts[key] = n + 1
            return (current, n)
        }
        var x = seed ^ Self.fnv1a(key)
        x &+= (n &+ 1) &* 0x9E37_79B9_7F4A_7C15
        // SplitMix64's finalizer.
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return Double(x >> 11) / Double(1 << 53)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}
