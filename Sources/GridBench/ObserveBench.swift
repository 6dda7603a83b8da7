import Dispatch
import Foundation
import GridDrivers
import GridModel

/// `GridBench observe --sites N [--latency-ms L] [--at-once K]`: what observing every site of
/// a simulated world costs through the driver stack (transport, limiter, backend) against
/// calling the backend alone: the share of a quiet pass the driver boundary takes.
func benchObserve(sites: Int, latencyMs: Int, atOnce: Int) async {
    do {
        let folder = NSTemporaryDirectory() + "gridops-observe-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try SimulatedWorld(path: folder + "/world.sqlite")
        let names = (0..<sites).map { "s\($0)" }
        try world.ensure(sites: names.map { name in
            Site(metadata: Metadata(name: name, source: SourceLocation(path: name)), tier: .edge,
                 region: Ref("eu", at: SourceLocation(path: name)), location: GeoPoint(lat: 0, lon: 0), jurisdiction: "EU",
                 gpus: [GPUPool(model: "H100", count: 8, memoryGiB: 80, costPerHour: 2)])
        })
        try world.setFaults(site: nil, .init(latencyMs: latencyMs))
        let backends = names.map { SimulatedBackend(world: world, site: $0) }
        let transports = try names.map { try LocalTransport(site: $0, backends: [(SimulatedBackend(world: world, site: $0), nil)]) }
        for round in 1...3 {
            var start = DispatchTime.now()
            _ = await concurrentMap(backends, limit: atOnce) { b in try? await b.observe() }
            let alone = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            start = DispatchTime.now()
            _ = await concurrentMap(Array(zip(names, transports)), limit: atOnce) { name, t in try? await t.observe(site: name) }
            let stack = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            print(String(format: "round %d: %d sites, %d at once, %d ms: backend alone %.3f s, through the transport %.3f s",
                         round, sites, atOnce, latencyMs, alone, stack))
        }
    } catch {
        FileHandle.standardError.write(Data("GridBench observe: \(error)\n".utf8))
        exit(2)
    }
}
