import Foundation

/// A "look again" for the daemon: a webhook pokes it, and the wait between passes ends
/// within a tenth of a second. Pokes carry nothing: many before a pass make one pass.
public final class Wakeup: @unchecked Sendable {
    private let lock = NSLock()
    private var poked = false

    public init() {}

    public func poke() {
        lock.withLock { poked = true }
    }

    /// Sleeps up to `duration`; returns early when poked (or cancelled). Clears the poke.
    public func sleep(for duration: Swift.Duration) async throws {
        let step = Swift.Duration.milliseconds(100)
        var left = duration
        while left > .zero {
            if take() { return }
            try await Task.sleep(for: min(step, left))
            left -= step
        }
        _ = take()
    }

    private func take() -> Bool {
        lock.withLock {
            defer { poked = false }
            return poked
        }
    }
}
