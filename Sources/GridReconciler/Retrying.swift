/// How often and how patiently a failing call is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Calls in all, the first included.
    public var maxAttempts: Int
    /// First delay; doubles each attempt, with jitter, up to `maxBackoff`.
    public var backoff: Swift.Duration
    public var maxBackoff: Swift.Duration

    public init(maxAttempts: Int, backoff: Swift.Duration, maxBackoff: Swift.Duration) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
    }
}

/// Calls `body` until it succeeds, fails for good (`transient` says no), runs out of
/// attempts, or the task is cancelled. Delays double from `backoff` up to `maxBackoff`, each
/// scaled by a random 50–100% (jitter), so calls that failed together do not retry together.
///
/// Cancellation is never swallowed: a cancelled task makes no further attempt and gets the
/// last failure back at once (the caller's next `checkCancellation` ends its work).
func retrying<T: Sendable, E: Error>(_ policy: RetryPolicy, transient: (E) -> Bool,
                                     _ body: () async throws(E) -> T) async -> Result<T, E> {
    var delay = policy.backoff
    let attempts = max(1, policy.maxAttempts)
    var attempt = 1
    while true {
        let failure: E
        do throws(E) {
            return .success(try await body())
        } catch {
            failure = error
        }
        if !transient(failure) || attempt == attempts || Task.isCancelled { return .failure(failure) }
        do {
            try await Task.sleep(for: delay * Double.random(in: 0.5...1.0))
        } catch {
            return .failure(failure)
        }
        delay = min(delay * 2, policy.maxBackoff)
        attempt += 1
    }
}
