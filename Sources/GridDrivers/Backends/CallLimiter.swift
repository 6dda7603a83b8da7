import Foundation

/// Enforces a backend's limits on every call made to it, whoever makes it: at most
/// `callsAtOnce` at a time (the others wait their turn, in order) and a deadline on each.
/// A call past its deadline fails as transient at once, so the executor retries it with its
/// backoff and other sites are not held up; its slot is given back only when the call has
/// really ended, so a limit of one never sees two calls overlap, even after a timeout.
public final class CallLimiter: Sendable {
    public let limits: BackendLimits
    let gate: CallGate?

    public init(_ limits: BackendLimits) {
        self.limits = limits
        gate = limits.callsAtOnce.map(CallGate.init)
    }

    /// Runs `body` within the limits; `what` names the call in a timeout's message.
    public func call<T: Sendable>(_ what: @autoclosure () -> String,
                                  _ body: @escaping @Sendable () async throws(DriverError) -> T) async throws(DriverError) -> T {
        if let gate {
            await gate.acquire()
            if Task.isCancelled {
                gate.release()
                throw DriverError(.transient, "\(what()): cancelled before it started")
            }
        }
        let timeout = limits.timeout
        let race = Race<T>()
        let description = what()
        let gate = self.gate
        let result: Result<T, DriverError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, DriverError>, Never>) in
                race.start(continuation)
                let timer = Task {
                    do {
                        try await Task.sleep(for: timeout)
                    } catch {
                        return  // the call ended first
                    }
                    race.finish(.failure(DriverError(.transient, "\(description): no answer within \(timeout.seconds)")))
                }
                let work = Task {
                    defer { gate?.release() }
                    let outcome: Result<T, DriverError>
                    do throws(DriverError) {
                        outcome = .success(try await body())
                    } catch {
                        outcome = .failure(error)
                    }
                    timer.cancel()
                    race.finish(outcome)
                }
                race.onCancel = { work.cancel() }
            }
        } onCancel: {
            race.cancel()
        }
        return try result.get()
    }
}

/// The first of a call's outcome and its deadline; the other is dropped.
final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, DriverError>, Never>?
    private var done = false
    private var cancelled = false
    private var cancelWork: (@Sendable () -> Void)?

    var onCancel: (@Sendable () -> Void)? {
        get { lock.withLock { cancelWork } }
        set {
            let runNow: Bool = lock.withLock {
                cancelWork = newValue
                return cancelled || done
            }
            if runNow { newValue?() }
        }
    }

    func start(_ c: CheckedContinuation<Result<T, DriverError>, Never>) {
        lock.withLock { continuation = c }
    }

    /// Resumes the caller with the first outcome; a timeout also cancels the call.
    func finish(_ outcome: Result<T, DriverError>) {
        let (c, cancel): (CheckedContinuation<Result<T, DriverError>, Never>?, (@Sendable () -> Void)?) = lock.withLock {
            guard !done else { return (nil, nil) }
            done = true
            defer { continuation = nil }
            return (continuation, cancelWork)
        }
        guard let c else { return }
        if case .failure = outcome { cancel?() }
        c.resume(returning: outcome)
    }

    /// The caller was cancelled: the call is cancelled too (it ends as its body decides).
    func cancel() {
        let work: (@Sendable () -> Void)? = lock.withLock {
            cancelled = true
            return cancelWork
        }
        work?()
    }
}

/// At most `limit` holders at once; the others wait in arrival order.
final class CallGate: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) {
        self.limit = max(1, limit)
    }

    func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go: Bool = lock.withLock {
                if holders < limit {
                    holders += 1
                    return true
                }
                waiting.append(c)
                return false
            }
            if go { c.resume() }
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                holders -= 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}

extension Swift.Duration {
    /// `2s`, `0.25s`.
    var seconds: String {
        let (s, atto) = components
        let value = Double(s) + Double(atto) / 1e18
        return value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
