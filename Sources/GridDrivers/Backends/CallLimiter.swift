import Foundation

/// Enforces a backend's limits on every call made to it, whoever makes it: at most
/// `callsAtOnce` at a time (the others wait their turn, in order) and a deadline on each.
/// A call past its deadline (counted from when it starts running) fails as transient at
/// once, so the executor retries it with its
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
                race.timeoutError = DriverError(.transient, "\(description): no answer within \(timeout.seconds)")
                let work = Task {
                    defer { gate?.release() }
                    // The deadline runs from when the call starts: time spent waiting for a
                    // thread of a busy pool is not the backend's.
                    Deadlines.shared.add(race, after: timeout)
                    let outcome: Result<T, DriverError>
                    do throws(DriverError) {
                        outcome = .success(try await body())
                    } catch {
                        outcome = .failure(error)
                    }
                    race.finish(outcome)
                }
                race.attach(work)
            }
        } onCancel: {
            race.cancel()
        }
        return try result.get()
    }
}

/// The first of a call's outcome and its deadline; the other is dropped. Holds the call's
/// task only while it may need cancelling.
final class Race<T: Sendable>: Expiring, @unchecked Sendable {
    private let lock = NSLock()
    /// What the caller gets when the deadline passes first.
    var timeoutError = DriverError(.transient, "no answer in time")
    private var continuation: CheckedContinuation<Result<T, DriverError>, Never>?
    private var done = false
    /// The caller was cancelled, or the deadline passed: the call is to be cancelled.
    private var cancelRequested = false
    private var work: Task<Void, Never>?

    func start(_ c: CheckedContinuation<Result<T, DriverError>, Never>) {
        lock.withLock { continuation = c }
    }

    /// The task running the call.
    func attach(_ task: Task<Void, Never>) {
        let cancelNow: Bool = lock.withLock {
            if cancelRequested { return true }
            if !done { work = task }
            return false
        }
        if cancelNow { task.cancel() }
    }

    /// Resumes the caller with the first outcome; a timeout also cancels the call.
    func finish(_ outcome: Result<T, DriverError>, timedOut: Bool = false) {
        let (c, task): (CheckedContinuation<Result<T, DriverError>, Never>?, Task<Void, Never>?) = lock.withLock {
            guard !done else { return (nil, nil) }
            done = true
            if timedOut { cancelRequested = true }
            defer {
                continuation = nil
                work = nil
            }
            return (continuation, work)
        }
        guard let c else { return }
        if timedOut { task?.cancel() }
        c.resume(returning: outcome)
    }

    func expire() {
        finish(.failure(timeoutError), timedOut: true)
    }

    /// The caller was cancelled: the call is cancelled too (it ends as its body decides).
    func cancel() {
        let task: Task<Void, Never>? = lock.withLock {
            cancelRequested = true
            return work
        }
        task?.cancel()
    }
}

/// At most `limit` holders at once; the others wait in arrival order. (The Reconciler's
/// passes go one at a time through one of these too.)
public final class CallGate: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ limit: Int) {
        self.limit = max(1, limit)
    }

    public func acquire() async {
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
    public func release() {
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

/// Something with a deadline.
protocol Expiring: AnyObject, Sendable {
    func expire()
}

/// Every call's deadline, checked by one timer every 20 ms while any is pending, rather
/// than a timer per call: a pass makes a call per site and per action, and arming a timer
/// each time (a wake-up of the timer thread) was most of what the deadline cost. Calls with
/// the same timeout expire in the order they started, so each timeout keeps a queue and
/// only looks at its front. A call that ended is skipped when its turn comes (held weakly).
final class Deadlines: @unchecked Sendable {
    static let shared = Deadlines()
    static let tick: DispatchTimeInterval = .milliseconds(20)

    private struct Entry {
        var at: UInt64
        weak var target: (any Expiring)?
    }

    private let lock = NSLock()
    private var queues: [Swift.Duration: (entries: [Entry], head: Int)] = [:]
    private var pending = 0
    private let timer: any DispatchSourceTimer
    private var running = false

    private init() {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "gridops.deadlines"))
        timer.schedule(deadline: .now() + Self.tick, repeating: Self.tick, leeway: .milliseconds(5))
        timer.setEventHandler { [unowned self] in self.expireDue() }
    }

    func add(_ target: any Expiring, after timeout: Swift.Duration) {
        let at = DispatchTime.now().uptimeNanoseconds &+ UInt64(timeout.dispatchNanoseconds)
        // Resumed and suspended under the lock, so the two never cross.
        lock.withLock {
            queues[timeout, default: ([], 0)].entries.append(Entry(at: at, target: target))
            pending += 1
            if !running {
                running = true
                timer.resume()
            }
        }
    }

    private func expireDue() {
        let now = DispatchTime.now().uptimeNanoseconds
        var due: [any Expiring] = []
        lock.withLock {
            for (timeout, var queue) in queues {
                while queue.head < queue.entries.count, queue.entries[queue.head].at <= now {
                    if let target = queue.entries[queue.head].target { due.append(target) }
                    queue.head += 1
                    pending -= 1
                }
                if queue.head == queue.entries.count {
                    queues[timeout] = nil
                } else {
                    if queue.head > 1024, queue.head * 2 > queue.entries.count {
                        queue.entries.removeFirst(queue.head)
                        queue.head = 0
                    }
                    queues[timeout] = queue
                }
            }
            if pending == 0 {
                running = false
                timer.suspend()
            }
        }
        for target in due { target.expire() }
    }
}

extension Swift.Duration {
    /// In nanoseconds, at most about 31 years.
    var dispatchNanoseconds: Int64 {
        let (s, atto) = components
        return min(max(s, 0), 1_000_000_000) * 1_000_000_000 + max(atto, 0) / 1_000_000_000
    }

    /// `2s`, `0.25s`.
    var seconds: String {
        let (s, atto) = components
        let value = Double(s) + Double(atto) / 1e18
        return value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
