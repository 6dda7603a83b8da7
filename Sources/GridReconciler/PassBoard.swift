public import Foundation

/// The last finished pass, for readers outside the pass (the HTTP API, metrics): the daemon
/// posts each report here; readers take the whole report, never a half-written one.
public final class PassBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (report: PassReport, finished: Date)?

    public init() {}

    public func post(_ report: PassReport, finished: Date = Date()) {
        lock.withLock { last = (report, finished) }
    }

    /// The last pass and when it finished; nil before the first.
    public var latest: (report: PassReport, finished: Date)? {
        lock.withLock { last }
    }
}
