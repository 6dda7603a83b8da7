import Foundation

// The small concurrency helpers every module shares, in one place.

/// A counter shared by concurrent tasks or threads.
public final class AtomicCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    public init() {}

    /// The current value.
    public var value: Int { lock.withLock { count } }

    /// Adds `n` (default one) and returns the new value.
    @discardableResult
    public func add(_ n: Int = 1) -> Int {
        lock.withLock {
            count += n
            return count
        }
    }
}

/// Runs `body` over `items` with at most `limit` running at once; results in input order.
public func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ body: @escaping @Sendable (T) async -> R
) async -> [R] {
    guard !items.isEmpty else { return [] }
    return await withTaskGroup(of: (Int, R).self) { group in
        var results: [(Int, R)] = []
        results.reserveCapacity(items.count)
        var next = 0
        func start() {
            let i = next
            next += 1
            group.addTask { (i, await body(items[i])) }
        }
        while next < min(max(1, limit), items.count) { start() }
        while let result = await group.next() {
            results.append(result)
            if next < items.count { start() }
        }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Runs blocking work (libgit2 calls, reading and decoding manifests) on a thread of its
/// own, not on Swift's cooperative pool: the pool has a thread per core, and a call that
/// blocks for seconds there stalls every task waiting for one. The caller suspends until
/// `body` returns; cancelling it does not stop `body` (it cannot be interrupted) but the
/// caller's next cancellation check will.
///
/// Untyped on purpose: a typed-throws call right after an `await` crashes the Swift 6.3
/// optimizer in release builds (see `Reconciler.recordResults`).
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: Result { try body() })
        }
        thread.name = "gridops-blocking"
        thread.start()
    }
    return try result.get()
}
