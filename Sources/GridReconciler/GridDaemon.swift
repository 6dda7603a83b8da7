import Foundation
import GridDrivers
import GridManifests
import GridModel
public import Logging
public import ServiceLifecycle

/// `gridops serve`: fetch the tracked branch, run a pass, wait the interval, again. A pass
/// re-observes every site, so drift is found even when git did not move; a pass that finds
/// nothing to do writes nothing.
///
/// A ServiceLifecycle `Service`: on SIGTERM or SIGINT the pass in flight finishes (site
/// actions complete and their outcomes are written) and the loop ends. A restart resumes
/// from the store and the journal without repeating a side effect. Previews are another
/// service (`PreviewService`), woken by the passes posted to `board`: nothing but the pass
/// itself runs between two passes. Fetching runs off the cooperative pool (`offPool`).
public struct GridDaemon: Service {
    public var reconciler: Reconciler
    public var branch: TrackedBranch
    /// Fixed interval; nil follows the Grid's `reconcile.interval`.
    public var interval: Swift.Duration?
    public var once: Bool
    public var logger: Logger
    /// Ends the wait between passes early (a webhook or the API said "look again").
    public var wakeup: Wakeup
    /// Where each finished pass is posted, for the HTTP API.
    public var board: PassBoard
    public var metrics: GridMetrics?

    public init(reconciler: Reconciler, branch: TrackedBranch, interval: Swift.Duration?, once: Bool, logger: Logger,
                wakeup: Wakeup = Wakeup(), board: PassBoard = PassBoard(), metrics: GridMetrics? = nil) {
        self.wakeup = wakeup
        self.board = board
        self.metrics = metrics
        self.reconciler = reconciler
        self.branch = branch
        self.interval = interval
        self.once = once
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var wait = interval ?? .seconds(30)
            let started = Date()
            do {
                let branch = self.branch
                try await offPool { try branch.fetch() }
            } catch {
                logger.warning("fetch failed; reconciling the last fetched revision", metadata: ["error": "\(error)"])
            }
            do {
                let report = try await reconciler.pass(branch.revisions)
                board.post(report)
                metrics?.record(report)
                log(report)
                if interval == nil, let seconds = await reconciler.gridInterval { wait = .milliseconds(seconds) }
                // Work was done, or a rollout waits on its health gate: look again soon, rather
                // than a whole interval later.
                if report.done > 0 || report.rolloutsProgressing { wait = min(wait, .seconds(1)) }
            } catch {
                metrics?.recordFailedPass(seconds: Date().timeIntervalSince(started))
                logger.error("pass failed", metadata: ["error": "\(error)"])
                if once { throw PassFailed(message: "\(error)") }
            }
            if once {
                await reconciler.drivers.stop()
                return
            }
            let delay = wait
            try? await cancelWhenGracefulShutdown { try await wakeup.sleep(for: delay) }
        }
        await reconciler.drivers.stop()
        logger.info("stopped: the last pass finished and its state is saved")
    }

    private func log(_ report: PassReport) {
        var metadata: Logger.Metadata = [
            "revision": "\(report.inForce?.sha.prefix(12) ?? "none")",
            "actions": "\(report.done)/\(report.planned)",
            "failed": "\(report.failed)",
            "drift": "\(report.drift.count)",
            "writes": "\(report.storeWrites)",
            "ms": "\(Int(report.duration * 1000))",
        ]
        if let refused = report.refused {
            metadata["refused"] = "\(refused.revision.sha.prefix(12)): \(refused.reason)"
        }
        if report.converged {
            logger.info("pass: converged", metadata: metadata)
        } else if report.failed == 0, report.done == report.planned, report.refused == nil,
                  report.sites.allSatisfy({ $0.unreachable == nil && $0.blocked.isEmpty && $0.held == 0 }) {
            logger.info("pass: applied \(report.done) action(s)", metadata: metadata)
        } else {
            metadata["why"] = "\(report.whyNotConverged.prefix(3).joined(separator: "; "))"
            logger.notice("pass: not converged", metadata: metadata)
        }
    }
}

/// `serve --once` could not run its pass (the repository or the store cannot be read).
public struct PassFailed: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Reconciler {
    /// The Grid's `reconcile.interval` in milliseconds, once a revision is loaded.
    var gridInterval: Int64? {
        cache.loaded?.result.manifests.grid?.reconcile.interval.milliseconds
    }
}
