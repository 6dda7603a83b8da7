// gridops-bench: the floors `make bench` measures gridops against.
//
//   GridBench floor --repo PATH [--rev REV] [--threads N]
//     Reads every manifest blob of the commit with libgit2 and runs libyaml's bare event
//     loop over it: nothing else. Prints files, bytes, events and seconds.
import Dispatch
import Foundation
import GridGit
import GridManifests
import GridModel

func argument(_ name: String, default value: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return value }
    return args[i + 1]
}

guard CommandLine.arguments.dropFirst().first == "floor" else {
    FileHandle.standardError.write(Data("usage: GridBench floor --repo PATH [--rev REV] [--threads N]\n".utf8))
    exit(64)
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

final class Totals: @unchecked Sendable {
    let lock = NSLock()
    var bytes = 0
    var events = 0

    func add(bytes b: Int, events e: Int) {
        lock.lock()
        bytes += b
        events += e
        lock.unlock()
    }
}

let totals = Totals()
DispatchQueue.concurrentPerform(iterations: threads) { worker in
    guard let reader = try? source.makeReader() else { return }
    var bytes = 0, events = 0
    for i in stride(from: worker, to: entries.count, by: threads) {
        guard let blob = try? reader.read(entries[i]) else { continue }
        bytes += blob.count
        events += YAMLFloor.countEvents(blob)
    }
    totals.add(bytes: bytes, events: events)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print("floor: \(entries.count) files, \(totals.bytes) bytes, \(totals.events) events, \(threads) thread(s), \(String(format: "%.3f", seconds)) s")
