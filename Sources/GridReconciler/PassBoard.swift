public import Foundation

/// The last finished pass, for readers outside the pass (the HTTP API, metrics): the daemon
/// posts each report here; readers take the whole report, never a half-written one.
public final class PassBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (report: PassReport, finished: Date)?
    private var listeners: [@Sendable (PassReport, Date) -> Void] = []

    public init() {}

    /// Makes `report` the latest, then calls the listeners with it (on the caller's thread).
    public func post(_ report: PassReport, finished: Date = Date()) {
        let listeners = lock.withLock {
            last = (report, finished)
            return self.listeners
        }
        for listener in listeners { listener(report, finished) }
    }

    /// `listener` is called after each post, on the poster's thread: for a reader that prepares
    /// what it serves once per pass (the API's sorted lists and aggregates) rather than on a request.
    public func onPost(_ listener: @escaping @Sendable (PassReport, Date) -> Void) {
        lock.withLock { listeners.append(listener) }
    }

    /// The last pass and when it finished; nil before the first.
    public var latest: (report: PassReport, finished: Date)? {
        lock.withLock { last }
    }
}
