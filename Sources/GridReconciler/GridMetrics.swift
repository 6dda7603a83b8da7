public import CoreMetrics
import Foundation
import GridModel
public import GridPlan

/// What the controller tells Prometheus (swift-metrics; `serve` backs it with swift-prometheus):
/// after each pass, its duration and result, the actions by kind and result, drifted
/// resources by type, sites by condition, GPUs per site and model (capacity and in use),
/// unplaced replicas, the revision in force, rollouts by phase.
public final class GridMetrics: @unchecked Sendable {
    private let factory: any MetricsFactory
    private let lock = NSLock()
    private let duration: CoreMetrics.Timer
    /// Gauges by name and labels, so a label set that goes away is set to 0 (or removed).
    private var meters: [String: Meter] = [:]
    private var revision: (sha: String, meter: Meter)?

    public init(factory: any MetricsFactory) {
        self.factory = factory
        duration = CoreMetrics.Timer(label: "gridops_reconcile_duration_seconds", dimensions: [], preferredDisplayUnit: .seconds,
                                     factory: factory)
    }

    /// A pass that threw before it could report.
    public func recordFailedPass(seconds: Double) {
        duration.recordSeconds(seconds)
        Counter(label: "gridops_reconcile_passes_total", dimensions: [("result", "error")], factory: factory).increment()
    }

    public func record(_ report: PassReport) {
        duration.recordSeconds(report.duration)
        let result = report.converged ? "converged" : report.failed > 0 ? "failed" : "progressing"
        Counter(label: "gridops_reconcile_passes_total", dimensions: [("result", result)], factory: factory).increment()
        for site in report.sites {
            for action in site.completed { count(action, "done") }
            for (action, _) in site.failed { count(action, "failed") }
        }
        lock.withLock {
            var gauges: [String: (name: String, labels: [(String, String)], value: Double)] = [:]
            func set(_ name: String, _ labels: [(String, String)], _ value: Int) {
                gauges[name + labels.map { "|\($0.0)=\($0.1)" }.joined()] = (name, labels, Double(value))
            }
            func tally<T: Hashable>(_ items: some Sequence<T>) -> [T: Int] {
                items.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
            let drift = tally(report.drift.map(\.kind.rawValue))
            for kind in ["Missing", "Modified", "Orphan", "Unmanaged"] { set("gridops_drifted_resources", [("type", kind)], drift[kind] ?? 0) }
            let sites = tally(report.conditions.filter { $0.scope == .site }.map(\.status))
            for status in Condition.Status.allCases { set("gridops_sites", [("condition", status.rawValue)], sites[status] ?? 0) }
            let rollouts = tally(report.rollouts.map(\.phase))
            for phase in ServiceRollout.Phase.allCases where phase.isActive {
                set("gridops_rollouts", [("phase", phase.rawValue)], rollouts[phase] ?? 0)
            }
            set("gridops_unplaced_replicas", [], report.placement?.unplaced.reduce(0) { $0 + $1.replicas } ?? 0)
            for site in report.manifests?.sites ?? [] {
                let name = site.metadata.name
                var capacity: [String: Int] = [:]
                for pool in site.gpus { capacity[pool.model, default: 0] += pool.count }
                let used = report.observations[name]?.gpusUsed ?? [:]
                for (model, count) in capacity {
                    set("gridops_site_gpus", [("site", name), ("model", model), ("state", "capacity")], count)
                    set("gridops_site_gpus", [("site", name), ("model", model), ("state", "in_use")], used[model] ?? 0)
                }
            }
            for (key, gauge) in gauges {
                let meter = meters[key] ?? Meter(label: gauge.name, dimensions: gauge.labels, factory: factory)
                meters[key] = meter
                meter.set(gauge.value)
            }
            // Label sets gone (a site removed): their series go too.
            for key in meters.keys where gauges[key] == nil {
                meters.removeValue(forKey: key)?.destroy()
            }
            if let sha = report.inForce?.sha, sha != revision?.sha {
                revision?.meter.destroy()
                let meter = Meter(label: "gridops_revision_info", dimensions: [("revision", sha)], factory: factory)
                meter.set(1)
                revision = (sha, meter)
            }
        }
    }

    private func count(_ action: SiteAction, _ result: String) {
        Counter(label: "gridops_actions_total",
                dimensions: [("kind", action.id.kind.rawValue), ("verb", action.verb.rawValue), ("result", result)],
                factory: factory).increment()
    }
}
