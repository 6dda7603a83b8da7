import Foundation
import GridModel

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
        if CrashPoint.hits.add() == armed.count {
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
