import Foundation

/// Named points of a pass where a test can have the process killed with SIGKILL, to prove
/// that a restart resumes without repeating a side effect. Set
/// `GRIDOPS_CRASH_AT=<point>:<n>` to die at the n-th time `point` is reached; unset (always,
/// outside tests) it costs one dictionary lookup at start-up.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// Intents of a site's actions are committed; no driver call made yet.
    case afterIntents = "after-intents"
    /// Just before a driver call.
    case beforeCall = "before-call"
    /// A driver call returned; its outcome is not recorded yet.
    case afterCall = "after-call"
    /// A site's outcomes are committed.
    case afterOutcomes = "after-outcomes"
    /// A rollout's next wave is saved as started; none of its actions made yet.
    case waveStarted = "wave-started"

    public func reached() {
        guard let armed = CrashPoint.armed, armed.point == self else { return }
        if CrashPoint.hits.increment() == armed.count {
            kill(getpid(), SIGKILL)
        }
    }

    private static let armed: (point: CrashPoint, count: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["GRIDOPS_CRASH_AT"] else { return nil }
        let parts = spec.split(separator: ":")
        guard parts.count == 2, let point = CrashPoint(rawValue: String(parts[0])), let n = Int(parts[1]), n > 0 else {
            return nil
        }
        return (point, n)
    }()

    private static let hits = AtomicCount()
}

/// A counter shared by concurrent tasks.
final class AtomicCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one and returns the new value.
    func increment() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

/// Runs `body` over `items` with at most `limit` running at once; results in input order.
func concurrentMap<T: Sendable, R: Sendable>(
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
        while next < min(limit, items.count) { start() }
        while let result = await group.next() {
            results.append(result)
            if next < items.count { start() }
        }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
