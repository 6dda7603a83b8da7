// gridops-bench: the floors `make bench` measures gridops against.
//
//   GridBench floor --repo PATH [--rev REV] [--threads N]
//     Reads every manifest blob of the commit with libgit2 and runs libyaml's bare event
//     loop over it: nothing else. Prints files, bytes, events and seconds.
//
//   GridBench controller --repo PATH [--latency-ms 50] [--edit FILE]
//     Convergence from an empty simulated world, a pass that changes nothing, and the
//     re-plan of a one-file commit (see ControllerBench.swift).
//
//   GridBench observe [--sites 10000] [--latency-ms 50] [--at-once 4096]
//     Observes every site of a simulated world through the driver stack and through the
//     backend alone (ObserveBench.swift).
//
//   GridBench place --repo PATH [--rev REV]
//     Loads and validates the commit, then times placement alone: replicas, decisions per
//     second, and the objective; then places again with the result running, which must give
//     it back (exit 1 if not).
import Dispatch
import Foundation
import GridGit
import GridManifests
import GridModel
import GridPlacement

func argument(_ name: String, default value: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return value }
    return args[i + 1]
}

let mode = CommandLine.arguments.dropFirst().first
if mode == "observe" {
    await benchObserve(sites: Int(argument("--sites", default: "10000")) ?? 10000,
                       latencyMs: Int(argument("--latency-ms", default: "50")) ?? 50,
                       atOnce: Int(argument("--at-once", default: "4096")) ?? 4096)
    exit(0)
}
if mode == "place-changed" {
    benchPlaceChanged(repo: argument("--repo", default: "."), times: Int(argument("--times", default: "5")) ?? 5)
    exit(0)
}
guard mode == "floor" || mode == "place" || mode == "controller" else {
    FileHandle.standardError.write(Data("usage: GridBench floor|place|controller --repo PATH [--rev REV] [--threads N]\n".utf8))
    exit(64)
}
if mode == "controller" {
    await benchController(repo: argument("--repo", default: "."), latencyMs: Int(argument("--latency-ms", default: "50")) ?? 50,
                          statePath: CommandLine.arguments.contains("--state") ? argument("--state", default: "") : nil,
                          edit: CommandLine.arguments.contains("--edit") ? argument("--edit", default: "") : nil)
    exit(0)
}
if mode == "place" {
    benchPlacement(repo: argument("--repo", default: "."), rev: argument("--rev", default: "HEAD"))
    exit(0)
}

let start = DispatchTime.now()
let source: GitSource
let entries: [SourceEntry]
do {
    source = try GitSource(repository: argument("--repo", default: "."), revision: argument("--rev", default: "HEAD"))
    entries = try source.listing().entries
} catch {
    FileHandle.standardError.write(Data("GridBench: \(error)\n".utf8))
    exit(2)
}
let threads = max(1, Int(argument("--threads", default: "1")) ?? 1)

let totalBytes = AtomicCount(), totalEvents = AtomicCount()
DispatchQueue.concurrentPerform(iterations: threads) { worker in
    guard let reader = try? source.makeReader() else { return }
    var bytes = 0, events = 0
    for i in stride(from: worker, to: entries.count, by: threads) {
        guard let blob = try? reader.read(entries[i]) else { continue }
        bytes += blob.count
        events += YAMLFloor.countEvents(blob)
    }
    totalBytes.add(bytes)
    totalEvents.add(events)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print("floor: \(entries.count) files, \(totalBytes.value) bytes, \(totalEvents.value) events, \(threads) thread(s), \(String(format: "%.3f", seconds)) s")

func benchPlacement(repo: String, rev: String) {
    let loaded: LoadResult
    do {
        loaded = try ManifestLoader.load(try GitSource(repository: repo, revision: rev))
    } catch {
        FileHandle.standardError.write(Data("GridBench: \(error)\n".utf8))
        exit(2)
    }
    let start = DispatchTime.now()
    let placement = Placer.place(PlacementInput(grid: loaded.manifests, revision: loaded.revision))
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let replicas = placement.placedReplicas + placement.unplacedReplicas
    print("place: \(loaded.manifests.sites.count) sites, \(loaded.manifests.modelServices.count) services, "
        + "\(replicas) replicas (\(placement.placedReplicas) placed), \(placement.reservations.count) reservations, "
        + "\(String(format: "%.3f", seconds)) s, \(Int(Double(replicas) / seconds)) replica decisions/s, objective \(placement.objective)")
    // A fresh process placing with this placement in force (a controller's restart, a `plan`)
    // must get it back: otherwise a converged grid shows a plan.
    let again = DispatchTime.now()
    let replaced = Placer.place(PlacementInput(grid: loaded.manifests, revision: loaded.revision, current: placement))
    let replaceSeconds = Double(DispatchTime.now().uptimeNanoseconds - again.uptimeNanoseconds) / 1e9
    let differing = Set(replaced.assignments.map { "\($0)" }).symmetricDifference(placement.assignments.map { "\($0)" }).count
    print("re-place with it running: \(replaced.sameAnswer(as: placement) ? "the same placement" : "\(differing) assignment(s) differ"), "
        + "\(String(format: "%.3f", replaceSeconds)) s")
    if !replaced.sameAnswer(as: placement) { exit(1) }
}
