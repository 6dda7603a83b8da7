import Dispatch
import Foundation
import GridDrivers
import GridGit
import GridManifests
import GridModel
import GridReconciler
import GridStore

/// `GridBench controller --repo PATH [--latency-ms 50] [--state DIR]`: the controller's figures
/// on one commit of a generated grid, in one process (release build):
/// 1. convergence from an empty world with every driver call taking `--latency-ms`;
/// 2. a pass that changes nothing: its time and its store writes;
/// 3. with `--edit FILE`: a commit changing that one file, then the re-plan of it.
func benchController(repo: String, latencyMs: Int, statePath: String?, edit: String?) async {
    let state = statePath ?? NSTemporaryDirectory() + "gridops-bench-\(getpid())"
    try? FileManager.default.removeItem(atPath: state)
    do {
        let store = try GridStore(directory: state)
        let world = try SimulatedWorld(path: state + "/world.sqlite")
        let reconciler = Reconciler(store: store, drivers: SiteDrivers(world: world))
        let reader = GitRevisions(repository: repo, revision: "HEAD")

        var t = DispatchTime.now()
        let loaded = try ManifestLoader.load(GitSource(repository: repo, revision: "HEAD"))
        try world.ensure(sites: loaded.manifests.sites)
        try world.setFaults(site: nil, .init(latencyMs: latencyMs))
        report("setup: load \(loaded.files) files, \(loaded.manifests.sites.count) simulated sites", since: t)

        t = DispatchTime.now()
        var passes = 0, actions = 0
        while true {
            let r = try await reconciler.pass(reader)
            passes += 1
            actions += r.done
            report("  pass \(passes): \(r.done)/\(r.planned) actions, \(r.failed) failed, \(r.storeWrites) store writes", seconds: r.duration)
            if r.converged || passes >= 10 { break }
        }
        report("converge from empty (\(latencyMs) ms per driver call): \(actions) actions in \(passes) passes", since: t)

        for i in 1...3 {
            let quiet = try await reconciler.pass(reader)
            report("no-change pass \(i): \(quiet.planned) actions, \(quiet.storeWrites) store writes", seconds: quiet.duration)
            print("    " + quiet.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))
        }
        _ = edit
    } catch {
        FileHandle.standardError.write(Data("GridBench controller: \(error)\n".utf8))
        exit(2)
    }
    try? FileManager.default.removeItem(atPath: state)
}

private func report(_ what: String, since start: DispatchTime) {
    report(what, seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
}

private func report(_ what: String, seconds: Double) {
    print("\(what): \(String(format: "%.3f", seconds)) s")
    FileHandle.standardOutput.synchronizeFile()
}
