import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

/// The world's seed: the same seed, the same faults, whatever order concurrent calls run in.
@Suite struct SimulatedWorldSeedTests {
    let folder = TemporaryDirectory("gridops-world")
    let id = ResourceID(kind: .deployment, tenant: "acme", name: "chat")
    let spec = ResourceSpec(["model": "llama", "replicas": "2", "gpus.H100": "2"])

    func world(_ name: String = "world", sites: [String] = ["s1", "s2"]) throws -> SimulatedWorld {
        try makeWorld(in: folder, name, sites: sites)
    }

    /// Forty actions over two sites, each tried up to four times, all concurrently: what each
    /// attempt of each action did, in attempt order.
    func flakyRun(seed: UInt64, name: String) async throws -> [String: [String]] {
        let world = try world(name)
        try world.setSeed(seed)
        try world.setFaults(site: nil, .init(failRate: 0.5, partialRate: 0.2))
        let driver = SimulatedSiteDriver(world: world)
        let outcomes = await withTaskGroup(of: (String, [String]).self) { group in
            for site in ["s1", "s2"] {
                for n in 0..<20 {
                    group.addTask {
                        let action = SiteAction(verb: .create, id: ResourceID(kind: .deployment, tenant: "acme", name: "svc-\(n)"),
                                                spec: self.spec, specHash: self.spec.hash)
                        var tries: [String] = []
                        for _ in 0..<4 {
                            do {
                                try await driver.apply(action, site: site, key: "\(site)-\(n)")
                                tries.append("ok")
                            } catch {
                                tries.append("\(error)".contains("partial") ? "lost" : "failed")
                            }
                        }
                        return ("\(site)/svc-\(n)", tries)
                    }
                }
            }
            var out: [String: [String]] = [:]
            for await (key, tries) in group { out[key] = tries }
            return out
        }
        return outcomes
    }

    @Test func theSameSeedFailsTheSameCallsWhateverTheInterleaving() async throws {
        let first = try await flakyRun(seed: 7, name: "a")
        let second = try await flakyRun(seed: 7, name: "b")
        #expect(first.count == 40)
        #expect(first == second)
        let failures = first.values.joined().filter { $0 != "ok" }.count
        #expect(failures > 10 && failures < 150, "a 50% fail rate fails about half: \(failures) of 160")
        #expect(try await flakyRun(seed: 8, name: "c") != first, "another seed, other faults")
    }

    @Test func theSeedIsStoredWithTheWorld() throws {
        let world = try world()
        let initial = world.seed
        #expect(try SimulatedWorld(path: world.path).seed == initial, "a new world's random seed is kept")
        try world.setSeed(12345)
        #expect(world.seed == 12345)
        #expect(try SimulatedWorld(path: world.path).seed == 12345)
    }
}
