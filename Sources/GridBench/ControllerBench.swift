import Dispatch
import Foundation
import GridDrivers
import GridGit
import GridManifests
import GridModel
import GridPlacement
import GridPlan
import GridReconciler
import GridStore

/// `GridBench controller --repo PATH [--latency-ms 50] [--state DIR]`: the controller's figures
/// on one commit of a generated grid, in one process (release build):
/// 1. convergence from an empty world with every driver call taking `--latency-ms`;
/// 2. a pass that changes nothing: its time and its store writes;
/// 3. with `--edit FILE`: a commit changing that one file, then the re-plan of it;
/// after 2 and after 3, converged, what a fresh process on the same store plans: nothing.
func benchController(repo: String, latencyMs: Int, statePath: String?, edit: String?) async {
    let state = statePath ?? NSTemporaryDirectory() + "gridops-bench-\(getpid())"
    try? FileManager.default.removeItem(atPath: state)
    do {
        let store = try GridStore(directory: state)
        let world = try SimulatedWorld(path: state + "/world.sqlite")
        let reconciler = Reconciler(store: store, drivers: DriverRegistry(world: world))
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
            print("    " + r.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))
            if r.converged || passes >= 10 { break }
        }
        report("converge from empty (\(latencyMs) ms per driver call): \(actions) actions in \(passes) passes", since: t)

        for i in 1...3 {
            let quiet = try await reconciler.pass(reader)
            report("no-change pass \(i): \(quiet.planned) actions, \(quiet.storeWrites) store writes", seconds: quiet.duration)
            print("    " + quiet.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))
        }
        try await freshPlan(store: store, world: world, reader)
        if let edit {
            // One service changes in one commit (on a branch, so the repository's main stays as generated).
            let file = repo + "/" + edit
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard let range = text.range(of: #"replicas: \d+"#, options: .regularExpression),
                  let replicas = Int(text[range].dropFirst("replicas: ".count)).map({ $0 + 1 }) else {
                throw BenchError("\(edit) has no replicas line with a count")
            }
            try git(["checkout", "-q", "-B", "bench-edit", "main"], in: repo)
            try text.replacingCharacters(in: range, with: "replicas: \(replicas)").write(toFile: file, atomically: true, encoding: .utf8)
            try git(["commit", "-q", "-am", "bench: one service changed"], in: repo)
            defer { _ = try? git(["checkout", "-q", "main"], in: repo) }
            let edited = GitRevisions(repository: repo, revision: "bench-edit")
            let r = try await reconciler.pass(edited)
            let replan = r.phases.filter { !["observe", "record observations", "execute"].contains($0.name) }.reduce(0) { $0 + $1.seconds }
            report("one-file commit: \(r.done)/\(r.planned) actions; re-plan (read, validate, place, render, save, roll out, diff, events)", seconds: replan)
            print("    " + r.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))
            // Placed by the incremental path: converge it, then a fresh process must agree.
            for _ in 0..<5 where !(try await reconciler.pass(edited).converged) {}
            try await freshPlan(store: store, world: world, edited)
        }
    } catch {
        FileHandle.standardError.write(Data("GridBench controller: \(error)\n".utf8))
        exit(2)
    }
    try? FileManager.default.removeItem(atPath: state)
}

/// What a process started afresh on the same store plans (a restart, `gridops plan` beside
/// the daemon): nothing, once the grid converged. Exits 1 otherwise.
private func freshPlan(store: GridStore, world: SimulatedWorld, _ reader: GitRevisions) async throws {
    let start = DispatchTime.now()
    let plan = try await Reconciler(store: store, drivers: DriverRegistry(world: world)).plan(reader)
    let actions = plan.plans.reduce(0) { $0 + $1.actions.count }
    report("a fresh process plans \(actions) action(s)\(actions == 0 ? "" : ": NOT CONVERGED")", since: start)
    if actions > 0 { exit(1) }
}

private func report(_ what: String, since start: DispatchTime) {
    report(what, seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
}

private func report(_ what: String, seconds: Double) {
    print("\(what): \(String(format: "%.3f", seconds)) s")
    FileHandle.standardOutput.synchronizeFile()
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@discardableResult
private func git(_ args: [String], in directory: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    p.arguments = ["-C", directory, "-c", "user.name=bench", "-c", "user.email=bench@localhost"] + args
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw BenchError("git \(args.joined(separator: " ")) failed") }
    return p.terminationStatus
}

/// `GridBench place-changed --repo PATH [--times N]`: a full placement keeping its ledger,
/// then one service's replicas +1 placed again with `Placer.placeChanged` (its position
/// known, as a patched load knows it), N times (5): the incremental placement alone.
func benchPlaceChanged(repo: String, times: Int) {
    do {
        let loaded = try ManifestLoader.load(GitSource(repository: repo, revision: "HEAD"))
        let (first, ledger) = Placer.placeKeepingLedger(PlacementInput(grid: loaded.manifests, revision: loaded.revision))
        var next = loaded.manifests
        next.modelServices[0].replicas += 1
        for _ in 0..<times {
            let start = DispatchTime.now()
            let changed = Placer.placeChanged(from: loaded.manifests, first, to: next, edits: [0], ledger: ledger,
                                              observed: .empty, revision: "next")
            report("placeChanged: \(changed?.sites.count ?? -1) site(s) touched", since: start)
        }
    } catch {
        FileHandle.standardError.write(Data("GridBench place-changed: \(error)\n".utf8))
        exit(2)
    }
}
